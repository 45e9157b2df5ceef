/** AWS Config "Config Rules Compliance Change" events as alerts. */
import { findMonitor } from '../../catalog/index.js';
import { groupKeyOf } from '../group-key.js';
import { configRuleLink, linksOf } from '../links.js';
import type { Alert, ComplianceInfo } from '../model.js';
import { summariseCompliance } from '../summary.js';
import { alertOf, present } from './alert.js';
import { monitorRef, type NormaliseDeps } from './monitors.js';
import type { ConfigDetail, Envelope } from './schemas.js';

export const CONFIG_MONITOR_ID = 'config-noncompliant';

/**
 * Monitor config-noncompliant. A change to NON_COMPLIANT alerts at the monitor's severity; any other result
 * (COMPLIANT, NOT_APPLICABLE, ...) is still posted, at info severity. The group key is rule + resource + result:
 * repeats of one result group together, while a return to COMPLIANT is not counted as a repeat of the
 * non-compliance (the pipeline counts alerts with one key into one message).
 */
export function normaliseComplianceChange(envelope: Envelope, detail: ConfigDetail, deps: NormaliseDeps, now: Date): Alert {
  const monitor = findMonitor(deps.catalog, CONFIG_MONITOR_ID);
  const result = detail.newEvaluationResult;
  const compliance: ComplianceInfo = {
    ruleName: detail.configRuleName,
    resourceType: detail.resourceType,
    resourceId: detail.resourceId,
    complianceType: result.complianceType,
    previousComplianceType: present(detail.oldEvaluationResult?.complianceType),
    annotation: present(result.annotation),
  };
  const nonCompliant = compliance.complianceType === 'NON_COMPLIANT';
  const region = present(envelope.region) ?? present(detail.awsRegion);
  return alertOf({
    deliveryId: envelope.id,
    source: 'config',
    monitor: monitorRef(monitor),
    severity: nonCompliant && monitor !== undefined ? monitor.severity : 'info',
    title: nonCompliant
      ? (monitor?.title ?? 'AWS Config rule non-compliant')
      : compliance.complianceType === 'COMPLIANT'
        ? 'AWS Config rule compliant'
        : 'AWS Config compliance changed',
    summary: summariseCompliance(compliance),
    time: present(result.resultRecordedTime) ?? present(envelope.time) ?? now.toISOString(),
    account: present(envelope.account) ?? present(detail.awsAccountId),
    region,
    compliance,
    links: linksOf(configRuleLink(region, compliance.ruleName)),
    groupKey: groupKeyOf({
      monitorId: CONFIG_MONITOR_ID,
      principal: undefined,
      resource: JSON.stringify([compliance.ruleName, compliance.resourceType, compliance.resourceId, compliance.complianceType]),
    }),
  });
}
