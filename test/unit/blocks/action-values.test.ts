import { describe, expect, it } from 'vitest';
import {
  SILENCE_DURATIONS,
  alertActionsBlockId,
  decodeAcknowledgeValue,
  decodeKeepValue,
  decodeRevertValue,
  decodeSilenceValue,
  deliveryIdFromBlockId,
  encodeAcknowledgeValue,
  encodeKeepValue,
  encodeRevertValue,
  encodeSilenceValue,
} from '../../../blocks/action-values.js';
import { buildCatalog } from '../../../src/catalog/index.js';
import { SecmonError } from '../../../src/errors.js';
import { addedRule, addedRules, revertTarget } from '../../helpers/alerts.js';

const DELIVERY = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

function invalidInput(run: () => unknown): SecmonError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SecmonError);
    expect((error as SecmonError).code).toBe('INPUT_INVALID');
    return error as SecmonError;
  }
  throw new Error('expected an INPUT_INVALID SecmonError');
}

describe('acknowledge value', () => {
  it('round-trips the delivery id, monitor id and group key', () => {
    const value = { deliveryId: DELIVERY, monitorId: 'sg-open-to-world', groupKey: 'sg-open-to-world|arn:aws:sts::1:x|sg-1' };
    const encoded = encodeAcknowledgeValue(value);
    expect(JSON.parse(encoded)).toMatchObject({ v: 1, a: DELIVERY, m: 'sg-open-to-world' });
    expect(decodeAcknowledgeValue(encoded)).toEqual(value);
  });

  it('leaves out a group key too long to carry, staying within 2000 characters', () => {
    const encoded = encodeAcknowledgeValue({ deliveryId: DELIVERY, monitorId: 'm', groupKey: '<x>'.repeat(2000) });
    expect(encoded.length).toBeLessThanOrEqual(2000);
    expect(decodeAcknowledgeValue(encoded)).toEqual({ deliveryId: DELIVERY, monitorId: 'm', groupKey: undefined });
  });

  it('leaves out a group key whose JSON escaping would exceed the cap', () => {
    const encoded = encodeAcknowledgeValue({ deliveryId: DELIVERY, monitorId: 'm', groupKey: '\u0001'.repeat(1400) });
    expect(encoded.length).toBeLessThanOrEqual(2000);
    expect(decodeAcknowledgeValue(encoded).groupKey).toBeUndefined();
  });

  it('refuses to encode ids the listener could not read back', () => {
    expect(invalidInput(() => encodeAcknowledgeValue({ deliveryId: 'x y', monitorId: 'm', groupKey: undefined })).message).toContain(
      'delivery id (a)',
    );
  });
});

describe('silence value (a select option value: at most 75 characters)', () => {
  it('round-trips every duration with its length in seconds', () => {
    for (const duration of SILENCE_DURATIONS) {
      const encoded = encodeSilenceValue({ monitorId: 'cis-console-signin-without-mfa', duration: duration.id });
      expect(encoded.length).toBeLessThanOrEqual(75);
      expect(decodeSilenceValue(encoded)).toEqual({
        monitorId: 'cis-console-signin-without-mfa',
        duration: duration.id,
        seconds: duration.seconds,
      });
    }
    expect(SILENCE_DURATIONS.map((duration) => duration.id)).toEqual(['1h', '4h', '24h', '7d']);
    expect(decodeSilenceValue(encodeSilenceValue({ monitorId: 'm', duration: '7d' })).seconds).toBe(604_800);
  });

  it('fits for every monitor in the catalog', () => {
    for (const monitor of buildCatalog()) {
      expect(encodeSilenceValue({ monitorId: monitor.id, duration: '24h' }).length, monitor.id).toBeLessThanOrEqual(75);
    }
  });

  it('rejects an unknown duration, naming the field', () => {
    const error = invalidInput(() => decodeSilenceValue('{"v":1,"m":"root-activity","d":"99y"}'));
    expect(error.message).toContain('duration (d)');
  });
});

describe('revert value', () => {
  it('round-trips region, account, group, event and rule ids', () => {
    const target = revertTarget();
    const encoded = encodeRevertValue({ deliveryId: DELIVERY, monitorId: 'sg-open-to-world', target });
    expect(decodeRevertValue(encoded)).toEqual({
      stored: false,
      deliveryId: DELIVERY,
      monitorId: 'sg-open-to-world',
      region: target.region,
      accountId: target.accountId,
      groupId: target.groupId,
      eventId: target.eventId,
      ruleIds: target.rules.map((rule) => rule.ruleId),
    });
  });

  it('uses short keys and a version field', () => {
    const encoded = encodeRevertValue({ deliveryId: DELIVERY, monitorId: undefined, target: revertTarget() });
    expect(Object.keys(JSON.parse(encoded) as object).sort()).toEqual(['a', 'ac', 'e', 'r', 'ru', 'sg', 'v']);
  });

  it('falls back to stored: true for 500 rules, within 2000 characters', () => {
    const target = revertTarget({ rules: addedRules(500) });
    const encoded = encodeRevertValue({ deliveryId: DELIVERY, monitorId: 'sg-open-to-world', target });
    expect(encoded.length).toBeLessThanOrEqual(2000);
    expect(decodeRevertValue(encoded)).toEqual({
      stored: true,
      deliveryId: DELIVERY,
      monitorId: 'sg-open-to-world',
      region: target.region,
      groupId: target.groupId,
      eventId: target.eventId,
    });
  });

  it('lists as many rules as fit before falling back (60 rule ids fit, 100 do not)', () => {
    const fits = decodeRevertValue(encodeRevertValue({ deliveryId: DELIVERY, monitorId: 'x', target: revertTarget({ rules: addedRules(60) }) }));
    expect(fits.stored).toBe(false);
    const tooMany = decodeRevertValue(encodeRevertValue({ deliveryId: DELIVERY, monitorId: 'x', target: revertTarget({ rules: addedRules(100) }) }));
    expect(tooMany.stored).toBe(true);
  });

  it('falls back to stored: true when a rule has no id (the worker needs its exact IpPermissions)', () => {
    const target = revertTarget({ rules: [addedRule(), addedRule({ ruleId: undefined })] });
    expect(decodeRevertValue(encodeRevertValue({ deliveryId: DELIVERY, monitorId: undefined, target })).stored).toBe(true);
  });

  it('refuses a target the worker could not act on', () => {
    const error = invalidInput(() =>
      encodeRevertValue({ deliveryId: DELIVERY, monitorId: undefined, target: revertTarget({ groupId: 'not-a-group' }) }),
    );
    expect(error.message).toContain('security group id (sg)');
  });

  it('names what is wrong in a tampered value', () => {
    const valid = JSON.parse(encodeRevertValue({ deliveryId: DELIVERY, monitorId: undefined, target: revertTarget() })) as Record<string, unknown>;
    expect(invalidInput(() => decodeRevertValue(JSON.stringify({ ...valid, r: 'mars-1' }))).message).toContain('region (r)');
    expect(invalidInput(() => decodeRevertValue(JSON.stringify({ ...valid, ac: '123' }))).message).toContain('account id (ac)');
    expect(invalidInput(() => decodeRevertValue(JSON.stringify({ ...valid, ru: ['sgr-1', 'drop table'] }))).message).toContain(
      'rule ids (ru.1)',
    );
    expect(invalidInput(() => decodeRevertValue(JSON.stringify({ ...valid, ru: [] }))).message).toContain('rule ids (ru)');
    expect(invalidInput(() => decodeRevertValue(JSON.stringify({ ...valid, st: false }))).message).toContain('stored flag (st)');
    expect(invalidInput(() => decodeRevertValue(JSON.stringify({ ...valid, extra: 1 }))).message).toMatch(/extra/);
  });
});

describe('keep value', () => {
  it('round-trips the target identity', () => {
    const target = revertTarget();
    expect(decodeKeepValue(encodeKeepValue({ deliveryId: DELIVERY, monitorId: 'sg-open-to-world', target }))).toEqual({
      deliveryId: DELIVERY,
      monitorId: 'sg-open-to-world',
      region: target.region,
      groupId: target.groupId,
      eventId: target.eventId,
    });
  });
});

describe('decoding untrusted values', () => {
  it.each([
    ['not JSON', 'not json{', /not JSON/],
    ['an array', '[1]', /expected object/i],
    ['a newer version', JSON.stringify({ v: 2, a: DELIVERY, m: 'm' }), /version \(v\): unsupported version/],
    ['a missing field', JSON.stringify({ v: 1, a: DELIVERY }), /monitor id \(m\)/],
    ['an oversized value', 'x'.repeat(2001), /longer than 2000/],
  ])('rejects %s', (_, raw, message) => {
    expect(invalidInput(() => decodeAcknowledgeValue(raw)).message).toMatch(message);
  });
});

describe('alert actions block id', () => {
  it('carries the delivery id for the silence select', () => {
    const blockId = alertActionsBlockId(DELIVERY);
    expect(blockId.length).toBeLessThanOrEqual(255);
    expect(deliveryIdFromBlockId(blockId)).toBe(DELIVERY);
  });

  it('rejects block ids of other blocks and malformed ids', () => {
    expect(invalidInput(() => deliveryIdFromBlockId('secmon_remediation_actions')).message).toContain('does not start with');
    expect(invalidInput(() => deliveryIdFromBlockId('secmon_alert_actions:<!channel>')).message).toContain('delivery id');
  });
});
