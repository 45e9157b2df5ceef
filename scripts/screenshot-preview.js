#!/usr/bin/env node
// Makes docs/preview-alert.png, the picture at the top of the README: `secmon replay --preview` over examples/, then
// one message of its index.html in Debian's chromium (apt-get install chromium). Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'secmon-readme-'));
execFileSync(process.execPath, [join(root, 'bin/secmon.js'), 'replay', '--pack', 'essentials', '--preview', dir, join(root, 'examples/cloudtrail')], { stdio: 'ignore' });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 720, height: 900 }, deviceScaleFactor: 1 });
await page.goto(pathToFileURL(join(dir, 'index.html')).href);
await page.locator('article[data-file$="-sg-open-to-world.json"]').screenshot({ path: join(root, 'docs/preview-alert.png') });
await browser.close();
