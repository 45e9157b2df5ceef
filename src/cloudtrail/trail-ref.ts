/**
 * The trail a CloudTrail trail call names (`requestParameters.name`): a bare trail name, which CloudTrail resolves in
 * the caller's account and the call's region, or a trail ARN, which names the trail's home region and the account
 * that owns it. An organization trail is owned by the organization's management account, also when CloudTrail's
 * delegated administrator (another account, where its calls are logged) stops it by ARN: secmon cannot act there.
 */
import { stringAt } from './record.js';

export interface TrailRef {
  /** As the call named it: the name or the ARN (CloudTrail's calls accept either). */
  readonly name: string;
  /** The trail's own name: the ARN's last part, or the name itself. */
  readonly trailName: string;
  /** The ARN's home region and owner account; undefined for a bare name. */
  readonly region: string | undefined;
  readonly accountId: string | undefined;
}

/** CloudTrail's trail names: 3 to 128 letters, digits, periods, underscores and dashes, starting and ending alphanumeric. */
const TRAIL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/;
/** arn:<partition>:cloudtrail:<region>:<account>:trail/<name> */
const TRAIL_ARN = /^arn:aws[a-z-]*:cloudtrail:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):trail\/(.+)$/;

/** The trail `name` names, or undefined when it is neither a trail name nor a trail ARN. */
export function trailRefOf(name: string | undefined): TrailRef | undefined {
  if (name === undefined) return undefined;
  const arn = TRAIL_ARN.exec(name);
  if (arn !== null) {
    const [, region, accountId, trailName] = arn;
    return trailName !== undefined && TRAIL_NAME.test(trailName) ? { name, trailName, region, accountId } : undefined;
  }
  return TRAIL_NAME.test(name) ? { name, trailName: name, region: undefined, accountId: undefined } : undefined;
}

/**
 * A successful StopLogging, by ARN, of a trail owned by another account than the one the call was made in (an
 * organization trail stopped by the delegated administrator): its trail with the owner and home region.
 */
export function trailStoppedForAnotherAccount(record: unknown): (TrailRef & { readonly accountId: string; readonly region: string }) | undefined {
  if (stringAt(record, 'eventSource') !== 'cloudtrail.amazonaws.com' || stringAt(record, 'eventName') !== 'StopLogging') return undefined;
  if (stringAt(record, 'errorCode') !== undefined) return undefined;
  const trail = trailRefOf(stringAt(record, 'requestParameters', 'name'));
  const caller = stringAt(record, 'recipientAccountId') ?? stringAt(record, 'userIdentity', 'accountId');
  if (trail?.accountId === undefined || trail.region === undefined || caller === undefined || caller === trail.accountId) return undefined;
  return { ...trail, accountId: trail.accountId, region: trail.region };
}

/** Why such an alert has no undo, and where to start the trail again, as the alert says it. */
export function otherAccountTrailNoUndo(trail: { readonly name: string; readonly accountId: string; readonly region: string }): string {
  return (
    `No undo: the trail belongs to account ${trail.accountId} (an organization trail of the management account); ` +
    `start it again from that account or from CloudTrail's delegated administrator: ` +
    `aws cloudtrail start-logging --name ${trail.name} --region ${trail.region}`
  );
}
