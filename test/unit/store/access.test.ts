/** The README's state-table tables say what the code declares: every kind, and each function's access. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ESCALATION_STATE_ACCESS, ORGANIZATION_STATE_ACCESS, STATE_ACCESS, kindsIn, kindsOf, type StateFunction } from '../../../src/store/access.js';
import { STATE_KINDS } from '../../../src/store/kinds.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## State table'), readme.indexOf('## Performance'));

/** The cells of the table rows whose first cell is `first`. */
function row(first: string): string[] | undefined {
  const line = section.split('\n').find((l) => l.startsWith(`| ${first} |`));
  return line?.split('|').slice(1, -1).map((cell) => cell.trim());
}

describe('README: State table', () => {
  it('lists every kind with its partition key', () => {
    for (const kind of STATE_KINDS) expect(row(`\`${kind}\``)?.[2], kind).toMatch(new RegExp(`^\`${kind}#`));
  });

  it('shows the declared access of each function', () => {
    for (const fn of Object.keys(STATE_ACCESS) as StateFunction[]) {
      expect(row(fn), fn).toEqual([fn, kindsOf(fn, 'read').join(', '), kindsOf(fn, 'write').join(', ')]);
    }
    for (const [fn, access] of Object.entries(ORGANIZATION_STATE_ACCESS)) {
      const name = `${fn} (organization)`;
      expect(row(name), name).toEqual([name, kindsIn(access, 'read').join(', '), kindsIn(access, 'write').join(', ')]);
    }
    for (const [fn, access] of Object.entries(ESCALATION_STATE_ACCESS)) {
      const name = `${fn} (escalation)`;
      expect(row(name), name).toEqual([name, kindsIn(access, 'read').join(', '), kindsIn(access, 'write').join(', ')]);
    }
  });
});
