// Preloaded (node --import) into a benchmarked process: at exit, writes its peak resident set size (KiB) to the
// file named by BENCH_MAX_RSS_FILE, so subject and baseline are measured the same way from inside.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_MAX_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
