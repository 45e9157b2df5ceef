/** Worker jobs on DynamoDB (dynalite): written once, claimed once, only while fresh. */
import { beforeEach, describe, expect, it } from 'vitest';
import { JOB_VALIDITY_MS, Jobs, jobKey } from '../../../../src/store/jobs/jobs.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';
import { T0, at, expectRejectsWithCode, seconds } from '../support.js';

const tables = useDynaliteTables();
let jobs: Jobs;

beforeEach(async () => {
  jobs = new Jobs(await tables.table());
});

const payload = { kind: 'action', action: 'status', params: { pack: 'cis' } };

describe('jobs', () => {
  it('a written job is claimed once, with what was written; then it is taken, and finished once done', async () => {
    await jobs.create('j1', payload, at(0));
    expect(await tables.raw(jobKey('j1'))).toMatchObject({
      pk: 'job#j1',
      sk: 'job',
      kind: 'job',
      status: 'pending',
      validUntilMs: T0 + JOB_VALIDITY_MS,
      expiresAt: seconds(T0 + 24 * 3600_000),
    });
    expect(await jobs.claim('j1', at(1000))).toEqual({ status: 'claimed', payload });
    expect(await jobs.claim('j1', at(1001))).toEqual({ status: 'taken', jobStatus: 'claimed', claimedAtMs: T0 + 1000 });
    await jobs.finish('j1', { ok: true, now: at(2000) });
    expect(await jobs.claim('j1', at(3000))).toMatchObject({ status: 'taken', jobStatus: 'finished' });
    expect(await tables.raw(jobKey('j1'))).toMatchObject({ status: 'finished', ok: true, finishedAtMs: T0 + 2000 });
  });

  it('of many concurrent claims of one job, one wins', async () => {
    await jobs.create('j2', payload, at(0));
    const claims = await Promise.all(Array.from({ length: 8 }, () => jobs.claim('j2', at(10))));
    expect(claims.filter((claim) => claim.status === 'claimed')).toHaveLength(1);
  });

  it('an unknown id is unknown; a job not claimed in time is expired and stays unclaimed', async () => {
    expect(await jobs.claim('never-written', at(0))).toEqual({ status: 'unknown' });
    await jobs.create('j3', payload, at(0));
    expect(await jobs.claim('j3', at(JOB_VALIDITY_MS))).toEqual({ status: 'expired', createdAtMs: T0 });
    expect(await tables.raw(jobKey('j3'))).toMatchObject({ status: 'pending' });
  });

  it('an id is written once: a second write fails and leaves the first job as it was', async () => {
    await jobs.create('j4', payload, at(0));
    await expectRejectsWithCode(jobs.create('j4', { kind: 'action', action: 'disable', params: { target: 'essentials' } }, at(1)), 'STATE_STORE');
    expect(await jobs.claim('j4', at(2))).toEqual({ status: 'claimed', payload });
    await expectRejectsWithCode(jobs.create('', payload, at(0)), 'INPUT_INVALID');
  });

  it('finish changes only a claimed job', async () => {
    await jobs.create('j5', payload, at(0));
    await jobs.finish('j5', { ok: false, now: at(1) });
    expect(await jobs.claim('j5', at(2))).toMatchObject({ status: 'claimed' });
  });
});
