/** Long-term credentials made where an attacker wants them: root's own keys, keys and passwords for other users. */
import { objectAt, stringAt, type JsonObject } from '../../cloudtrail/record.js';
import { withRootAccessKeyNote } from '../../cloudtrail/root-access-key.js';
import { isAnotherUser } from '../conditions/identity.js';
import { callForms, eq } from '../monitors/patterns.js';
import type { Monitor, RecordCondition } from '../types.js';

// IAM is a global service: its events are recorded, and reach EventBridge, in us-east-1 only.

const CREATE_ACCESS_KEY = [{ service: 'iam', eventNames: ['CreateAccessKey'] }];

export const rootAccessKeyCreated: Monitor = {
  id: 'root-access-key-created',
  title: 'Access key created for the root user',
  description:
    'The root user created an access key for itself: long-term credentials that no IAM policy can restrict (made by root itself or through the console on its behalf).',
  severity: 'critical',
  packs: ['threats'],
  ...callForms([
    {
      ...CREATE_ACCESS_KEY[0]!,
      detail: { userIdentity: { type: ['Root'] }, requestParameters: { userName: [{ exists: false }] } },
      filter: [eq('$.userIdentity.type', 'Root'), '$.requestParameters.userName NOT EXISTS'],
    },
  ]),
  // No undo (no IAM role may touch root's keys): the alert says who can remove the key.
  summary: withRootAccessKeyNote,
  ruleRegions: ['us-east-1'],
  remediations: [],
  runbook:
    'Root should have no access keys: delete the key (responseElements.accessKey.accessKeyId) unless the account ' +
    'owner made it on purpose, then rotate the root password and MFA and review what root did around that time.',
  attack: ['T1098.001', 'T1078.004'],
  stratus: [],
};

/** The user a key or a login profile was made for: the response's user, else the request's. */
function targetUser(record: JsonObject, response: readonly string[]): string | undefined {
  const fromResponse = stringAt(objectAt(record, 'responseElements'), ...response);
  return fromResponse !== undefined && fromResponse !== '' ? fromResponse : stringAt(record, 'requestParameters', 'userName');
}

export const keyForAnotherUser: RecordCondition = {
  name: 'key-for-another-user',
  description:
    'The key was made for a user other than the caller: the caller is not an IAM user, or its user name (or the end ' +
    'of its ARN, after any path) is not responseElements.accessKey.userName.',
  test: (record) => isAnotherUser(record, targetUser(record, ['accessKey', 'userName'])),
};

export const accessKeyCreatedForOther: Monitor = {
  id: 'access-key-created-for-other',
  title: 'Access key created for another user',
  description:
    "Someone created an access key for a user other than themselves: a backdoor into that user's permissions " +
    '(the metric filter counts every successful CreateAccessKey; the caller comparison needs the event path).',
  severity: 'high',
  packs: ['threats'],
  ...callForms(CREATE_ACCESS_KEY),
  conditions: [keyForAnotherUser],
  ruleRegions: ['us-east-1'],
  remediations: ['undo'],
  runbook:
    'Ask the caller why they made a key for the user in responseElements.accessKey.userName; if nobody expects it, ' +
    'deactivate the key (the alert\'s Undo button does: UpdateAccessKey Inactive), then look for what the key did ' +
    '(CloudTrail by accessKeyId).',
  attack: ['T1098.001'],
  stratus: ['aws.persistence.iam-backdoor-user', 'aws.persistence.iam-create-admin-user'],
};

/** Why a changed console password has no undo, as the alert says it. */
export const PASSWORD_CHANGE_NO_UNDO = 'No undo: the password it replaced is unknown; delete the login profile or set a new password';

const LOGIN_PROFILE_CALLS = [{ service: 'iam', eventNames: ['CreateLoginProfile', 'UpdateLoginProfile'] }];

export const passwordForAnotherUser: RecordCondition = {
  name: 'password-for-another-user',
  description:
    'The console password was set for a user other than the caller (requestParameters.userName, compared as for ' +
    'access keys), and the user is not made to change it at first sign-in (passwordResetRequired is not true).',
  test: (record) =>
    isAnotherUser(record, targetUser(record, ['loginProfile', 'userName'])) &&
    objectAt(record, 'requestParameters')?.['passwordResetRequired'] !== true,
};

export const loginProfileChanged: Monitor = {
  id: 'login-profile-changed',
  title: "Console password set for another user",
  description:
    "Someone created or changed another user's console password without requiring a reset: a way into the console " +
    'as that user (the metric filter counts every successful CreateLoginProfile and UpdateLoginProfile).',
  severity: 'high',
  packs: ['threats'],
  ...callForms(LOGIN_PROFILE_CALLS),
  conditions: [passwordForAnotherUser],
  // A new password has an undo (delete it); a changed one has none: the password it replaced is unknown.
  summary: (record, sentence) => (stringAt(record, 'eventName') === 'UpdateLoginProfile' ? `${sentence}. ${PASSWORD_CHANGE_NO_UNDO}` : sentence),
  ruleRegions: ['us-east-1'],
  remediations: ['undo'],
  runbook:
    'Confirm with the caller and the user (requestParameters.userName); if unexpected, delete the login profile (the ' +
    "alert's Undo button does, for a new password) or set a new one, and check the user's console sign-ins since.",
  attack: ['T1098'],
  stratus: ['aws.persistence.iam-create-user-login-profile', 'aws.privilege-escalation.iam-update-user-login-profile'],
};
