/**
 * A finding of one of AWS's own detectors (GuardDuty, Security Hub, IAM Access Analyzer, Inspector, Macie), as an
 * alert carries it: what a responder reads, and exactly what the write-backs to the source need (the ids each API
 * takes). Plain data, JSON-serialisable: it is stored with the message, and the worker acts on the stored copy only,
 * never on anything a Slack request names.
 */

/** The detectors secmon takes findings from; each is one monitor of the `findings` pack. */
export const FINDING_SOURCES = ['guardduty', 'securityhub', 'access-analyzer', 'inspector', 'macie'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

/**
 * Where the finding stands at its source. `active`: open (GuardDuty not archived, Security Hub record ACTIVE and
 * workflow NEW/NOTIFIED, Access Analyzer ACTIVE, Inspector ACTIVE, Macie not archived); the others are the
 * source's own closing states.
 */
export type FindingState = 'active' | 'resolved' | 'archived' | 'suppressed';

export interface FindingResource {
  /** The source's resource type: `AwsEc2Instance`, `AWS::S3::Bucket`, `Instance`, ... */
  readonly type: string;
  /** ARN where the source gives one, else its id (instance id, bucket name, access key id). */
  readonly id: string;
}

export interface FindingInfo {
  readonly source: FindingSource;
  /**
   * The finding's id at the source: GuardDuty and Macie `id`, Security Hub `Id` (an ARN-like string), Access
   * Analyzer `id`, Inspector `findingArn`. With `source`, the key of update-in-place.
   */
  readonly id: string;
  /** The source's finding type: `Recon:EC2/PortProbeUnprotectedPort`, `Software and Configuration Checks/...`, ... */
  readonly type: string;
  /** The type in plain words ("an EC2 instance is being probed on an unprotected port"). */
  readonly typeInWords: string;
  readonly title: string;
  /** The severity as the source states it (GuardDuty 8.0, Security Hub label HIGH, Inspector HIGH, ...). */
  readonly sourceSeverity: string;
  readonly state: FindingState;
  /** The account the finding is about (the resource's account). */
  readonly account: string;
  readonly region: string;
  /**
   * The account whose EventBridge delivered the finding: the detector's administrator (delegated administrator in
   * an organization) or the account itself. Write-backs (archive, workflow) are made there, in `adminRegion`.
   */
  readonly adminAccount: string;
  readonly adminRegion: string;
  readonly resources: readonly FindingResource[];
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** How often the source saw it (GuardDuty `service.count`; 1 where the source does not count). */
  readonly count: number;
  /** When the source last changed it (GuardDuty `updatedAt`, Security Hub `UpdatedAt`, ...): newer wins. */
  readonly updatedAt: string;
  /** Security Hub: the finding's `ProductArn`, which BatchUpdateFindings needs with its Id. */
  readonly productArn?: string;
  /** Security Hub: Workflow.Status (NEW, NOTIFIED, RESOLVED, SUPPRESSED). */
  readonly workflowStatus?: string;
  /** GuardDuty: the detector id ArchiveFindings needs. */
  readonly detectorId?: string;
  /** Access Analyzer: the analyzer ARN UpdateFindings needs. */
  readonly analyzerArn?: string;
  /** The finding in the source's console (in `adminAccount` and `adminRegion`). */
  readonly consoleUrl: string;
}
