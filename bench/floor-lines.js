// The floor for replaying a stream of JSON Lines: only reading stdin, splitting it into lines and JSON.parse-ing
// each, in chunks as a stream arrives.
let records = 0;
let rest = '';
for await (const chunk of process.stdin) {
  const lines = (rest + chunk).split('\n');
  rest = lines.pop();
  for (const line of lines) {
    if (line === '') continue;
    JSON.parse(line);
    records++;
  }
}
if (rest !== '') {
  JSON.parse(rest);
  records++;
}
process.stdout.write(`${records}\n`);
