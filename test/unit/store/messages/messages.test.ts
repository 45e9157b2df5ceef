/** Posted message contents on DynamoDB (dynalite): saved once, patched field by field, kept 30 days. */
import { beforeEach, describe, expect, it } from 'vitest';
import { Messages, messageKey } from '../../../../src/store/messages/messages.js';
import { alarmAlert, eventAlert, messageState } from '../../../helpers/alerts.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';
import { DAY, T0, at, seconds } from '../support.js';

const tables = useDynaliteTables();
let messages: Messages;

beforeEach(async () => {
  messages = new Messages(await tables.table());
});

describe('messages', () => {
  const target = { channel: 'C0SECMON', ts: '1763632933.000100' };

  it('saves content once, loads it back as it was, and keeps it 30 days', async () => {
    const content = { alert: eventAlert(), state: messageState() };
    expect(await messages.create(target, content, at(0))).toBe('created');
    expect(await messages.create(target, { alert: alarmAlert(), state: messageState() }, at(1))).toBe('exists');

    expect(await messages.get(target)).toEqual(content);
    expect(await messages.get({ ...target, ts: '1.0' })).toBeUndefined();
    expect(await tables.raw(messageKey(target))).toMatchObject({
      pk: 'message#C0SECMON',
      sk: target.ts,
      expiresAt: seconds(T0 + 30 * DAY),
    });
  });

  it('patches only the given state fields, clears fields set to undefined, and keeps concurrent patches', async () => {
    await messages.create(target, { alert: eventAlert(), state: messageState() }, at(0));
    const acknowledged = { by: 'U1', at: '2026-11-20T10:01:00Z' };
    const group = { count: 3, firstSeen: 'a', lastSeen: 'b' };

    await Promise.all([
      messages.updateState(target, { acknowledged }),
      messages.updateState(target, { group }),
      messages.updateState(target, { resolvedAt: '2026-11-20T10:09:00Z' }),
    ]);
    expect((await messages.get(target))?.state).toEqual(
      messageState({ acknowledged, group, resolvedAt: '2026-11-20T10:09:00Z' }),
    );

    const after = await messages.updateState(target, { resolvedAt: undefined, group: { ...group, count: 4 } });
    expect(after?.state).toEqual(messageState({ acknowledged, group: { ...group, count: 4 } }));
    expect(await messages.updateState({ ...target, ts: '9.9' }, { resolvedAt: 'x' })).toBeUndefined();
  });
});
