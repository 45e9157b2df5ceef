// One cold start, run by bench/suites/cold-start.js in a fresh `node` process:
//   node cold-start-child.js <bundle.mjs> <event.json>
// imports the bundle (what Lambda's Init does), hands it one event with a Lambda-like context (the first Invoke),
// then prints one line `BENCH {"readyMs":…,"loadedMs":…,"doneMs":…,"result":…}` and exits at once: the AWS SDK's keep-alive
// sockets would otherwise hold the process open, and Lambda freezes it after the response rather than exiting.
//
// Times are performance.now(), whose origin in Node is the start of this process: `doneMs` runs from process start
// to the handler's promise resolving, i.e. Node's own bootstrap + loading the bundle + handling the event, without
// the parent's fork/exec, the pipe back, or teardown, which are not part of a Lambda cold start.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

/** Node's own start-up, common to every bundle: up to here nothing of the bundle has run. */
const readyMs = performance.now();

const [bundle, eventFile] = process.argv.slice(2);
if (bundle === undefined || eventFile === undefined) {
  console.error('usage: cold-start-child.js <bundle.mjs> <event.json>');
  process.exit(2);
}
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'secmon-alerts',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:secmon-alerts',
  memoryLimitInMB: '256',
  awsRequestId: `cold-start-${process.pid}`,
  logGroupName: '/aws/lambda/secmon-alerts',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

const { handler } = await import(pathToFileURL(bundle).href);
const loadedMs = performance.now();
const result = await handler(event, context);
const doneMs = performance.now();
process.stdout.write(`\nBENCH ${JSON.stringify({ readyMs, loadedMs, doneMs, result })}\n`, () => process.exit(0));
