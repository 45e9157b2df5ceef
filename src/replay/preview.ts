/**
 * `secmon replay --preview DIR`: the Slack messages a replay would leave in the channel, without Slack. The alerts go
 * through the same pipeline (grouping included) with a messenger that posts nowhere; each message's final content is
 * written to `DIR/<nnn>-<monitor id>.json` as `{ "text", "blocks" }`, exactly the arguments chat.postMessage gets,
 * with a Block Kit Builder link to look at it.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Alert } from '../alerts/model.js';
import type { AlertRenderer, SlackMessage } from '../alerts/ports.js';
import { SecmonError } from '../errors.js';
import { renderPreviewPage } from './html/page.js';
import { offlineMessenger, replayThroughPipeline, type ReplayDelivery, type ReplayedMessage } from './through-pipeline.js';

/**
 * Block Kit Builder opens the message given after `#`: URL-encoded `{"blocks": [...]}` (the format of the "View in
 * Block Kit Builder" links in Slack's docs). It needs a Slack login; `block-kit-builder/<team id>#...` would pick the
 * workspace.
 */
export const BLOCK_KIT_BUILDER_URL = 'https://app.slack.com/block-kit-builder/#';

/** Longer links are not printed: browsers, terminals and chat tools cut or refuse them somewhere past this. */
export const MAX_LINK_LENGTH = 8000;

/** Stands in for the channel id in the pipeline's bookkeeping; nothing is posted. */
const PREVIEW_CHANNEL = 'CPREVIEW';

/** What a preview writes into its directory; `--force` removes these and nothing else. */
const PREVIEW_FILE = /^(\d{3,}-[a-z0-9-]+\.json|index\.html)$/;

export function blockKitBuilderLink(blocks: SlackMessage['blocks']): string {
  return BLOCK_KIT_BUILDER_URL + encodeURIComponent(JSON.stringify({ blocks }));
}

export function previewReplay(alerts: readonly Alert[], render: AlertRenderer): Promise<ReplayDelivery> {
  return replayThroughPipeline(alerts, { slack: offlineMessenger(), render, channel: PREVIEW_CHANNEL });
}

export interface PreviewFile {
  readonly name: string;
  readonly path: string;
  readonly replayed: ReplayedMessage;
  /** The Block Kit Builder link; undefined when longer than MAX_LINK_LENGTH. */
  readonly link: string | undefined;
  readonly linkLength: number;
}

export interface WrittenPreviews {
  readonly files: readonly PreviewFile[];
}

/**
 * Makes `dir` ready for a preview before any input is read: created when missing; an existing directory must be
 * empty, or with `force` hold nothing but an earlier preview's files, which are removed (never anything else: a
 * mistyped `--preview ~ --force` must not wipe a home directory). Throws a usage error naming the problem.
 */
export async function preparePreviewDir(dir: string, force: boolean): Promise<void> {
  await withFsErrors(dir, async () => {
    await mkdir(dir, { recursive: true });
    const entries = await readdir(dir);
    if (entries.length === 0) return;
    const foreign = entries.filter((name) => !PREVIEW_FILE.test(name));
    if (!force) {
      throw new SecmonError('USAGE', `${dir} is not empty; choose an empty directory, or add --force to replace an earlier preview in it`);
    }
    if (foreign.length > 0) {
      throw new SecmonError(
        'USAGE',
        `${dir} holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}, which a preview did not write; --force only replaces an earlier preview, choose an empty directory`,
      );
    }
    for (const name of entries) await rm(join(dir, name));
  });
}

/** `001-root-activity.json`: the message's position in the channel, then its monitor. */
export function previewFileName(index: number, replayed: ReplayedMessage): string {
  const monitor = (replayed.alert?.monitor?.id ?? 'notice').replace(/[^a-z0-9-]/g, '-');
  return `${String(index + 1).padStart(3, '0')}-${monitor}.json`;
}

/** The page listing every message as Slack would show it. */
export const PREVIEW_PAGE = 'index.html';

/**
 * Writes each message to its own JSON file, then `index.html` showing them all as Slack would, headed by `summary`
 * (the terminal's summary lines).
 */
export async function writePreviews(dir: string, messages: readonly ReplayedMessage[], summary: readonly string[]): Promise<WrittenPreviews> {
  return withFsErrors(dir, async () => {
    await mkdir(dir, { recursive: true });
    const files: PreviewFile[] = [];
    for (const [index, replayed] of messages.entries()) {
      const name = previewFileName(index, replayed);
      const path = join(dir, name);
      const { text, blocks } = replayed.message;
      await writeFile(path, `${JSON.stringify({ text, blocks }, null, 2)}\n`);
      const link = blockKitBuilderLink(blocks);
      files.push({ name, path, replayed, link: link.length <= MAX_LINK_LENGTH ? link : undefined, linkLength: link.length });
    }
    const page = renderPreviewPage({
      summary,
      messages: files.map((file) => ({
        file: file.name,
        message: file.replayed.message,
        severity: file.replayed.alert?.severity ?? 'info',
        time: file.replayed.alert?.time,
      })),
    });
    await writeFile(join(dir, PREVIEW_PAGE), page);
    return { files };
  });
}

async function withFsErrors<T>(dir: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (cause) {
    if (cause instanceof SecmonError) throw cause;
    const code = (cause as { code?: unknown }).code;
    throw new SecmonError('USAGE', `cannot write previews to ${dir}: ${typeof code === 'string' ? code : String(cause)}`, { cause });
  }
}
