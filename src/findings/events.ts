/**
 * The finding events secmon reads, one per detector: the EventBridge `source` only that detector can send (customers
 * cannot PutEvents with a source starting `aws.`), its detail-type, the catalog monitor that takes it and its parser.
 */
import type { JsonObject } from '../cloudtrail/record.js';
import type { FindingSource } from './model.js';
import { FindingInvalid, type FindingParser, type ParsedFinding } from './parsed.js';
import { parseAccessAnalyzerFinding } from './sources/access-analyzer.js';
import { parseGuardDutyFinding } from './sources/guardduty.js';
import { parseInspectorFinding } from './sources/inspector.js';
import { parseMacieFinding } from './sources/macie.js';
import { parseSecurityHubFindings } from './sources/securityhub.js';

export interface FindingEventKind {
  readonly source: FindingSource;
  /** The detector's name, as its console and documentation say it. */
  readonly service: string;
  readonly eventSource: string;
  readonly detailType: string;
  readonly monitorId: string;
  readonly parse: FindingParser;
}

export const FINDING_EVENTS: Readonly<Record<FindingSource, FindingEventKind>> = {
  guardduty: {
    source: 'guardduty',
    service: 'GuardDuty',
    eventSource: 'aws.guardduty',
    detailType: 'GuardDuty Finding',
    monitorId: 'guardduty-findings',
    parse: parseGuardDutyFinding,
  },
  securityhub: {
    source: 'securityhub',
    service: 'Security Hub',
    eventSource: 'aws.securityhub',
    detailType: 'Security Hub Findings - Imported',
    monitorId: 'securityhub-findings',
    parse: parseSecurityHubFindings,
  },
  'access-analyzer': {
    source: 'access-analyzer',
    service: 'IAM Access Analyzer',
    eventSource: 'aws.access-analyzer',
    detailType: 'Access Analyzer Finding',
    monitorId: 'access-analyzer-findings',
    parse: parseAccessAnalyzerFinding,
  },
  inspector: {
    source: 'inspector',
    service: 'Inspector',
    eventSource: 'aws.inspector2',
    detailType: 'Inspector2 Finding',
    monitorId: 'inspector-findings',
    parse: parseInspectorFinding,
  },
  macie: {
    source: 'macie',
    service: 'Macie',
    eventSource: 'aws.macie',
    detailType: 'Macie Finding',
    monitorId: 'macie-findings',
    parse: parseMacieFinding,
  },
};

const BY_DETAIL_TYPE = new Map(Object.values(FINDING_EVENTS).map((kind) => [kind.detailType, kind]));

/** The finding event kind a detail-type names, whoever sent it (the caller checks the source). */
export function findingEventOf(detailType: string): FindingEventKind | undefined {
  return BY_DETAIL_TYPE.get(detailType);
}

/** The findings of a `kind` event, its envelope read as the parsers need it; FindingInvalid when it breaks its shape. */
export function parseFindingEvent(kind: FindingEventKind, event: JsonObject): ParsedFinding[] {
  const text = (key: string): string => (typeof event[key] === 'string' ? event[key] : '');
  const resources = Array.isArray(event['resources']) ? event['resources'] : [];
  return kind.parse({ account: text('account'), region: text('region'), resources }, event['detail']);
}

/**
 * The findings an EventBridge event carries, read as the alerts function reads them: only from the detector's own
 * source. Undefined when it is not a finding event from its detector, or does not have the documented shape.
 */
export function readFindingEvent(event: JsonObject): ParsedFinding[] | undefined {
  const kind = typeof event['detail-type'] === 'string' ? findingEventOf(event['detail-type']) : undefined;
  if (kind === undefined || event['source'] !== kind.eventSource) return undefined;
  try {
    return parseFindingEvent(kind, event);
  } catch (error) {
    if (error instanceof FindingInvalid) return undefined;
    throw error;
  }
}
