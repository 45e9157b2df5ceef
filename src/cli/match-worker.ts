/**
 * The worker thread of `secmon match` over several files (see match-workers.ts): compiles the spec once, then per
 * task reads, parses and evaluates one file with the main-thread path's code and replies with its output.
 * Bundled as dist/match-worker.mjs; from source, match-worker.mjs next to this file bundles and runs it.
 */
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { isSecmonError } from '../errors.js';
import { createEvaluator, evaluateSource, type Evaluate } from './match-evaluate.js';
import type { MatchWorkerReply, MatchWorkerSetup, MatchWorkerTask } from './match-workers.js';

const setup = workerData as MatchWorkerSetup;
const port = parentPort!;

// The main thread checked the spec before starting workers; should this still fail, each task reports it.
let evaluator: Evaluate | { readonly failed: unknown };
try {
  evaluator = createEvaluator(setup.spec);
} catch (error) {
  evaluator = { failed: error };
}

port.on('message', (task: MatchWorkerTask) => {
  void handle(task).then((reply) => port.postMessage(reply));
});

async function handle(task: MatchWorkerTask): Promise<MatchWorkerReply> {
  try {
    if (typeof evaluator !== 'function') throw evaluator.failed;
    // Tasks are files; a worker has no stdin.
    return { output: await evaluateSource(task.source, Readable.from([]), setup.read, evaluator) };
  } catch (error) {
    if (isSecmonError(error)) return { failure: { code: error.code, message: error.message } };
    return { crash: error };
  }
}
