/**
 * Undo of CreateLoginProfile: DeleteLoginProfile of that user, after GetLoginProfile shows a console password made
 * no later than the event (a few seconds' grace: IAM stamps the creation while it handles the call). No password:
 * already undone; one made after the event: someone created it again since, left alone. UserName is always sent:
 * without it IAM would act on the caller, secmon's own role. Sessions already signed in with the password are not
 * signed out (deleting the password does not revoke console sessions), and what they did is not undone.
 */
import { DeleteLoginProfileCommand, GetLoginProfileCommand, type LoginProfile } from '@aws-sdk/client-iam';
import type { IamLoginProfileUndo } from '../../alerts/undo/model.js';
import { awsErrorName, humanReason } from '../errors.js';
import type { IamStatement } from '../types.js';
import type { UndoKindDefinition } from './kind.js';

/** How much later than the event's time IAM may stamp the password the event created. */
export const LOGIN_PROFILE_GRACE_MS = 5_000;

const NO_SUCH_ENTITY = 'NoSuchEntityException';

export const iamLoginProfileUndo: UndoKindDefinition<IamLoginProfileUndo> = {
  kind: 'iam-login-profile',
  subject: (target) => `the console password of IAM user ${target.userName}`,
  async run(target, clients) {
    const iam = clients.iam();
    let profile: LoginProfile | undefined;
    try {
      profile = (await iam.send(new GetLoginProfileCommand({ UserName: target.userName }))).LoginProfile;
    } catch (error) {
      // No password, or no user: either way nobody signs in with the password the event created.
      if (awsErrorName(error) === NO_SUCH_ENTITY) return { result: { outcome: 'already_undone', reason: undefined } };
      return { result: { outcome: 'failed', reason: humanReason(error, `read the console password of IAM user ${target.userName}`) }, cause: error };
    }
    const created = profile?.CreateDate;
    if (created === undefined) return { result: { outcome: 'changed', reason: 'IAM did not say when the password was created' } };
    if (created.getTime() > Date.parse(target.createdAt) + LOGIN_PROFILE_GRACE_MS) {
      return { result: { outcome: 'changed', reason: `the password was created again at ${created.toISOString()}, after the event` } };
    }
    try {
      await iam.send(new DeleteLoginProfileCommand({ UserName: target.userName }));
      return { result: { outcome: 'undone', reason: undefined } };
    } catch (error) {
      if (awsErrorName(error) === NO_SUCH_ENTITY) return { result: { outcome: 'already_undone', reason: undefined } };
      return { result: { outcome: 'failed', reason: humanReason(error, `delete the console password of IAM user ${target.userName}`) }, cause: error };
    }
  },
};

export const IAM_LOGIN_PROFILE_PERMISSIONS: readonly IamStatement[] = [
  {
    actions: ['iam:DeleteLoginProfile', 'iam:GetLoginProfile'],
    resources: ['arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*'],
    reason:
      "Undo CreateLoginProfile: read when the user's console password was created, then delete it if it is the one " +
      'the event created (both authorised on the user; users carry no secmon name).',
  },
];
