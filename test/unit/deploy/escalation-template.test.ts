/**
 * Escalation in template.yaml: off by default, its state access granted only with it on and exactly as declared
 * (src/store/access.ts, ESCALATION_STATE_ACCESS), and the parameters reach both functions as their loaders read them.
 */
import { describe, expect, it } from 'vitest';
import { loadAlertsConfig, loadWorkerConfig } from '../../../src/config.js';
import { ESCALATION_STATE_ACCESS } from '../../../src/store/access.js';
import { createResolver, loadTemplate } from './template-model.js';

const template = loadTemplate();
const POLICIES = { alerts: 'EscalationAlertsPolicy', worker: 'EscalationWorkerPolicy' } as const;
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': string[] } };
}

function environment(id: string, parameters: Record<string, string>): Record<string, string> {
  const { evaluate } = createResolver(template, { parameters: { SlackChannelId: 'C0SECMON01', CloudTrailLogGroup: 'trail', ...parameters } });
  return (evaluate(template.Resources[id]!.Properties!['Environment']) as { Variables: Record<string, string> }).Variables;
}

describe('template.yaml: escalation', () => {
  it('is off by default: EscalateAfterMinutes 0, and its policies exist only when it is above 0', () => {
    expect(template.Parameters['EscalateAfterMinutes']).toMatchObject({ Type: 'Number', Default: 0, MinValue: 0, MaxValue: 1440 });
    const on = (minutes: string) => createResolver(template, { parameters: { SlackChannelId: 'C0SECMON01', CloudTrailLogGroup: 'trail', EscalateAfterMinutes: minutes } }).condition('Escalates');
    expect(on('0')).toBe(false);
    expect(on('15')).toBe(true);
    for (const id of Object.values(POLICIES)) expect(template.Resources[id]!.Condition, id).toBe('Escalates');
  });

  it.each(['alerts', 'worker'] as const)('grants the %s role exactly its escalation state access, per operation and kind', (fn) => {
    const statements = (template.Resources[POLICIES[fn]]!.Properties!['PolicyDocument'] as { Statement: Statement[] }).Statement;
    const granted = statements.flatMap((statement) => {
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': ['StateTable', 'Arn'] });
      const kinds = statement.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys'];
      return list(statement.Action).flatMap((action) => kinds.map((kind) => `${action.replace('dynamodb:', '')}:${kind.replace(/#\*$/, '')}`));
    });
    const declared = (Object.entries(ESCALATION_STATE_ACCESS[fn]) as [string, readonly string[]][]).flatMap(([kind, operations]) => operations.map((op) => `${op}:${kind}`));
    expect(granted.sort()).toEqual(declared.sort());
  });

  it('gives both functions the minutes, the alerts function the user group, both the Opsgenie instance', () => {
    const parameters = { EscalateAfterMinutes: '20', EscalationUserGroup: 'S0ONCALL01', OpsgenieApiUrl: 'https://api.eu.opsgenie.com' };
    const alerts = loadAlertsConfig(environment('AlertsFunction', parameters));
    expect(alerts.escalation).toEqual({ afterMs: 1_200_000, userGroup: 'S0ONCALL01' });
    expect(alerts.incidentUrls).toEqual({ pagerDuty: 'https://events.pagerduty.com/', opsgenie: 'https://api.eu.opsgenie.com/' });
    const worker = loadWorkerConfig({ ...environment('WorkerFunction', parameters), AWS_REGION: 'eu-west-1' });
    expect(worker.escalation).toBe(true);
    expect(worker.incidentUrls.opsgenie).toBe('https://api.eu.opsgenie.com/');
    expect(loadAlertsConfig(environment('AlertsFunction', {})).escalation).toBeUndefined();
    expect(loadWorkerConfig({ ...environment('WorkerFunction', {}), AWS_REGION: 'eu-west-1' }).escalation).toBe(false);
  });
});
