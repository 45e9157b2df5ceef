/**
 * Posted alert messages: what each Slack message shows (its alert and state), so Slack actions and later alerts can
 * render it again when its state changes.
 *
 * | item    | pk                   | sk     |
 * |---------|----------------------|--------|
 * | message | `message#<channel>`  | `<ts>` |
 *
 * TTL: 30 days after it was saved (Slack actions on older messages say secmon no longer tracks them).
 */
import { NEW_MESSAGE_STATE, type Alert, type AlertMessageState } from '../../alerts/model.js';
import type { PostedMessage } from '../../alerts/ports.js';
import { obj, plain } from '../table/decode.js';
import { itemExists, itemMissing, ttlSeconds, type Item, type ItemKey, type StateTable } from '../table/table.js';
import type { StateKind } from '../kinds.js';

export const MESSAGE_KIND: StateKind = 'message';

/** Messages can be re-rendered by Slack actions for 30 days. */
export const MESSAGE_RETENTION_MS = 30 * 24 * 3600_000;

/** What a posted message shows: enough to render it again when its state changes. */
export interface MessageContent {
  readonly alert: Alert;
  readonly state: AlertMessageState;
}

/** Fields of the message state to change; a key present with the value `undefined` clears that field. */
export type MessageStatePatch = { -readonly [K in keyof AlertMessageState]?: AlertMessageState[K] };

export const messageKey = (target: PostedMessage): ItemKey => ({ pk: `${MESSAGE_KIND}#${target.channel}`, sk: target.ts });

const STATE_FIELDS = Object.keys(NEW_MESSAGE_STATE) as (keyof AlertMessageState)[];

export class Messages {
  constructor(private readonly table: StateTable) {}

  /** Saves a posted message's content. Never overwrites: `exists` when it was saved before (a retry). */
  async create(target: PostedMessage, content: MessageContent, now: Date): Promise<'created' | 'exists'> {
    const item: Item = {
      ...messageKey(target),
      kind: MESSAGE_KIND,
      channel: target.channel,
      ts: target.ts,
      alert: plain(content.alert),
      state: plain(content.state),
      savedAt: now.getTime(),
      expiresAt: ttlSeconds(now.getTime() + MESSAGE_RETENTION_MS),
    };
    return (await this.table.put(item, { if: itemMissing })) ? 'created' : 'exists';
  }

  async get(target: PostedMessage): Promise<MessageContent | undefined> {
    const item = await this.table.get(messageKey(target));
    return item === undefined ? undefined : contentOf(item);
  }

  /**
   * Replaces the alert a message shows (a finding updated at its source: count, last seen, state), keeping its state
   * (acknowledgements, silences) and extending its retention. The content after; `undefined` when none is stored.
   */
  async replaceAlert(target: PostedMessage, alert: Alert, now: Date): Promise<MessageContent | undefined> {
    const item = await this.table.update(
      messageKey(target),
      { set: { alert: plain(alert), expiresAt: ttlSeconds(now.getTime() + MESSAGE_RETENTION_MS) } },
      { if: itemExists },
    );
    return item === undefined ? undefined : contentOf(item);
  }

  /**
   * Changes only the state fields in `patch` (other fields, written concurrently by others, are kept) and
   * returns the content after. `undefined` when no such message is stored.
   */
  async updateState(target: PostedMessage, patch: MessageStatePatch): Promise<MessageContent | undefined> {
    const fields = STATE_FIELDS.filter((field) => field in patch);
    if (fields.length === 0) return this.get(target);
    const set: Record<string, unknown> = {};
    const remove: string[] = [];
    for (const field of fields) {
      const value = patch[field];
      if (value === undefined) remove.push(`state.${field}`);
      else set[`state.${field}`] = plain(value);
    }
    const item = await this.table.update(messageKey(target), { set, remove }, { if: itemExists });
    return item === undefined ? undefined : contentOf(item);
  }
}

function contentOf(item: Item): MessageContent {
  // Fields stored as undefined were dropped: restore them.
  return { alert: obj<Alert>(item, 'alert'), state: { ...NEW_MESSAGE_STATE, ...obj<Partial<AlertMessageState>>(item, 'state') } };
}
