#!/usr/bin/env node
// Regenerates examples/cloudtrail: a morning of routine traffic in two regions with seven incidents among it.
// Deterministic: running it again writes identical files. Usage: node scripts/make-examples.js
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INCIDENTS } from './lib/incidents.js';
import { writeLogFiles } from './lib/log-files.js';
import { createRandom, routineRecord } from './lib/synthetic-cloudtrail.js';

const root = fileURLToPath(new URL('../examples/cloudtrail', import.meta.url));
const random = createRandom(20261120);
const start = Date.UTC(2026, 10, 20, 8, 0, 0);
const hours = 4;

const records = [];
for (let i = 0; i < 360; i++) records.push(routineRecord(random, new Date(start + random.next() * hours * 3600_000)));
INCIDENTS.forEach((incident, i) => {
  const at = new Date(start + (i + 0.5) * ((hours * 3600_000) / INCIDENTS.length));
  records.push(...incident(random, at));
});

rmSync(root, { recursive: true, force: true });
const paths = writeLogFiles(root, records, random, { windowMinutes: 30 });
console.log(`wrote ${records.length} records in ${paths.length} files under examples/cloudtrail`);
