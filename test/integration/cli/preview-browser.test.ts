/**
 * `secmon replay --preview DIR` writes DIR/index.html: checked in a real browser (Debian's chromium, headless,
 * driven by playwright-core), as a person would open it: it loads offline without errors, shows every message the
 * preview wrote, and renders to a screenshot of the expected size. `.ci/run` installs chromium when it is missing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopLoggingRecord } from '../../helpers/records.js';
import { runSecmon } from '../../helpers/secmon-process.js';

const CHROMIUM = '/usr/bin/chromium';
const examples = new URL('../../../examples/cloudtrail', import.meta.url).pathname;
const VIEWPORT = { width: 900, height: 700 };

let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)`);
  // As root (CI) Chromium needs --no-sandbox; the rest keeps it from reaching for the network at start.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
});

interface Opened {
  readonly page: Page;
  /** Console errors, page errors and every request but the page itself (it must load nothing). */
  readonly problems: string[];
}

async function open(dir: string): Promise<Opened> {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const problems: string[] = [];
  const url = pathToFileURL(join(dir, 'index.html')).href;
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (request.url() !== url) problems.push(`request: ${request.url()}`);
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.ok()).toBe(true);
  return { page, problems };
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

type PreviewJson = { text: string; blocks: { type: string; text?: { text: string }; elements?: { type: string }[]; accessory?: { type: string } }[] };

describe('secmon replay --preview DIR: index.html in a browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secmon-preview-page-'));
  let files: string[] = [];

  beforeAll(async () => {
    const result = await runSecmon(['replay', '--preview', dir, examples]);
    expect(result.code).toBe(0);
    files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThan(3);
  });

  it('loads offline without errors and shows every message of the preview, in order', async () => {
    const { page, problems } = await open(dir);
    const shown = await page.$$eval('article.message', (articles) =>
      articles.map((article) => ({
        file: article.getAttribute('data-file'),
        header: article.querySelector('.block.header')?.textContent?.trim() ?? '',
        buttons: article.querySelectorAll('.button').length,
        selects: article.querySelectorAll('.select').length,
      })),
    );
    expect(shown.map((message) => message.file)).toEqual(files);
    for (const [index, file] of files.entries()) {
      const preview = JSON.parse(readFileSync(join(dir, file), 'utf8')) as PreviewJson;
      const header = preview.blocks.find((block) => block.type === 'header')!.text!.text;
      // The header's :emoji: shortcode is drawn as the emoji itself; the words follow it unchanged.
      expect(shown[index]!.header).toMatch(/^\p{Extended_Pictographic}/u);
      expect(shown[index]!.header.endsWith(header.replace(/^:[a-z_]+: /, ''))).toBe(true);
      const elements = preview.blocks.flatMap((block) => [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])]);
      expect(shown[index]!.buttons).toBe(elements.filter((element) => element.type === 'button').length);
      expect(shown[index]!.selects).toBe(elements.filter((element) => element.type === 'static_select').length);
    }
    expect(await page.locator('.unsupported').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('renders to a screenshot of the page size, and each message to one of its own size', async () => {
    const { page, problems } = await open(dir);
    // Evaluated in the page (as text: this project's TypeScript has no DOM types).
    const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
    const full = await page.screenshot({ fullPage: true });
    expect(pngSize(full)).toEqual({ width: VIEWPORT.width, height });
    expect(full.length).toBeGreaterThan(50_000);
    const first = page.locator('article.message').first();
    const box = (await first.boundingBox())!;
    const shot = await first.screenshot();
    // The box has fractional pixels at a fractional offset; the screenshot covers it to whole pixels.
    const size = pngSize(shot);
    expect(Math.abs(size.width - box.width)).toBeLessThan(2);
    expect(Math.abs(size.height - box.height)).toBeLessThan(2);
    // A message with a header, fields and buttons is taller than a line or two of text.
    expect(box.height).toBeGreaterThan(200);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('colours each message by its severity', async () => {
    const { page } = await open(dir);
    const colours = (await page.evaluate(
      `[...document.querySelectorAll('article.message')].map((a) => [a.className, getComputedStyle(a.querySelector('.severity-bar')).backgroundColor])`,
    )) as [string, string][];
    const critical = colours.find(([name]) => name.includes('severity-critical'));
    const medium = colours.find(([name]) => name.includes('severity-medium'));
    expect(critical![1]).toBe('rgb(224, 30, 90)');
    expect(medium![1]).toBe('rgb(236, 178, 46)');
    await page.close();
  });
});

describe('the preview page and hostile CloudTrail values', () => {
  it('shows markup from a record as text: no script runs, no element is injected, nothing is fetched', async () => {
    const input = join(mkdtempSync(join(tmpdir(), 'secmon-preview-hostile-')), 'trail.json');
    const hostile = '<script>window.pwned = 1</script><img src="https://evil.example/x.png" onerror="window.pwned = 2">';
    writeFileSync(
      input,
      JSON.stringify({
        Records: [
          {
            ...stopLoggingRecord('h1'),
            userAgent: hostile,
            userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/x', userName: '*bold* <https://evil.example|Approve> `x`' },
          },
        ],
      }),
    );
    const dir = mkdtempSync(join(tmpdir(), 'secmon-preview-hostile-out-'));
    expect((await runSecmon(['replay', '--pack', 'essentials', '--preview', dir, input])).code).toBe(0);
    const { page, problems } = await open(dir);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(await page.locator('script, img, a[href^="https://evil"]').count()).toBe(0);
    expect(await page.locator('article.message').textContent()).toContain(hostile);
    expect(problems).toEqual([]);
    await page.close();
  });
});
