/**
 * The worker thread of `secmon match` and `secmon replay` over several files (see file-workers.ts): prepares its
 * command's work once (compiles the patterns), then per task reads one file and replies with its output, computed
 * by the same code as the main thread's. Bundled as dist/file-worker.mjs; from source, file-worker.mjs next to this
 * file bundles and runs it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isSecmonError } from '../errors.js';
import type { FileWorkerReply, FileWorkerSetup, FileWorkerTask } from './file-workers.js';
import { createEvaluator, evaluateSource } from './match-evaluate.js';
import type { InputSource } from './read/input.js';
import { replayMatcher, scanWholeSource } from './replay-scan.js';

const setup = workerData as FileWorkerSetup;
const port = parentPort!;

// The main thread checked the setup before starting workers; should this still fail, each task reports it.
let work: ((source: InputSource) => Promise<unknown>) | { readonly failed: unknown };
try {
  if (setup.kind === 'match') {
    const evaluate = createEvaluator(setup.spec);
    work = (source) => evaluateSource(source, undefined, setup.read, evaluate);
  } else {
    const matcher = replayMatcher(setup.selection);
    const accounts = new Set(setup.selection.accounts ?? []);
    work = (source) => scanWholeSource(source, setup.read, matcher, accounts);
  }
} catch (error) {
  work = { failed: error };
}

port.on('message', (task: FileWorkerTask) => {
  void handle(task).then((reply) => port.postMessage(reply));
});

async function handle(task: FileWorkerTask): Promise<FileWorkerReply> {
  try {
    if (typeof work !== 'function') throw work.failed;
    return { output: await work(task.source) };
  } catch (error) {
    if (isSecmonError(error)) return { failure: { code: error.code, message: error.message } };
    return { crash: error };
  }
}
