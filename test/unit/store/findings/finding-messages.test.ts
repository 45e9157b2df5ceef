/** Finding messages on DynamoDB (dynalite): the message of each finding shown, moved only to newer versions. */
import { beforeEach, describe, expect, it } from 'vitest';
import { FindingMessages, findingMessageKey } from '../../../../src/store/findings/finding-messages.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';
import { DAY, T0, at, seconds } from '../support.js';

const tables = useDynaliteTables();
let findings: FindingMessages;

beforeEach(async () => {
  findings = new FindingMessages(await tables.table());
});

const ref = { source: 'securityhub', id: 'arn:aws:securityhub:eu-west-1:444455556666:security-control/S3.8/finding/7c1e2d3f' } as const;
const message = { channel: 'C1', ts: '1.1' };

describe('finding messages', () => {
  it('remember the first message a finding is shown in, under a hashed key, and never replace it', async () => {
    expect(await findings.get(ref)).toBeUndefined();
    expect(await findings.remember(ref, { message, updatedMs: 100, deliveryId: 'd1' }, at(0))).toBe(true);
    expect(await findings.remember(ref, { message: { channel: 'C1', ts: '2.2' }, updatedMs: 200, deliveryId: 'd2' }, at(1))).toBe(false);
    expect(await findings.get(ref)).toEqual({ message, updatedMs: 100, deliveryId: 'd1', rawPosted: false });
    const key = findingMessageKey(ref);
    expect(key.pk).toMatch(/^finding#securityhub#[A-Za-z0-9_-]{43}$/);
    expect(await tables.raw(key)).toMatchObject({ kind: 'finding', sk: 'message', expiresAt: seconds(T0 + 30 * DAY) });
  });

  it('advance only to a newer version, or for the delivery that advanced it (its retry)', async () => {
    await findings.remember(ref, { message, updatedMs: 100, deliveryId: 'd1' }, at(0));
    expect(await findings.advance(ref, 100, 'd2', at(1))).toBeUndefined();
    expect(await findings.advance(ref, 50, 'd2', at(1))).toBeUndefined();
    expect(await findings.advance(ref, 200, 'd2', at(1))).toMatchObject({ updatedMs: 200, deliveryId: 'd2' });
    expect(await findings.advance(ref, 200, 'd2', at(2))).toMatchObject({ updatedMs: 200, deliveryId: 'd2' });
    expect(await findings.advance(ref, 200, 'd3', at(2))).toBeUndefined();
    expect(await findings.advance({ source: 'macie', id: 'unknown' }, 999, 'd4', at(2))).toBeUndefined();
    expect(await findings.get({ source: 'macie', id: 'unknown' })).toBeUndefined();
  });

  it('record that the raw finding was posted', async () => {
    await findings.remember(ref, { message, updatedMs: 100, deliveryId: 'd1' }, at(0));
    await findings.markRawPosted(ref);
    expect(await findings.get(ref)).toMatchObject({ rawPosted: true });
  });
});
