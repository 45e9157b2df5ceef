/**
 * Who a Slack user is, for the keep action's four-eyes check: their profile e-mail from users.info (the app's scopes
 * users:read and users:read.email), read with the bot token at the time of the approval. A failure is an answer too
 * (no e-mail, and why), never an exception: the check then refuses what it cannot decide.
 */
import type { Approver } from '../identity/four-eyes.js';
import { emailOf } from '../identity/principals.js';

/** The part of WebClient this needs. */
export interface UsersApi {
  users: {
    info(args: { user: string }): Promise<{ ok?: boolean; user?: { id?: string; deleted?: boolean; profile?: { email?: string } } }>;
  };
}

export function createApproverLookup(slack: () => Promise<UsersApi>): (userId: string) => Promise<Approver> {
  return async (userId) => {
    try {
      const answer = await (await slack()).users.info({ user: userId });
      const email = emailOf(answer.user?.profile?.email);
      if (answer.user?.id !== userId || answer.user.deleted === true) return { userId, email: undefined, emailProblem: 'Slack does not know you as an active user' };
      return { userId, email, emailProblem: email === undefined ? 'your Slack profile shows secmon no e-mail address (scope users:read.email)' : undefined };
    } catch (error) {
      const code = (error as { data?: { error?: unknown } }).data?.error;
      return { userId, email: undefined, emailProblem: `Slack would not say who you are (${typeof code === 'string' ? code : 'users.info failed'})` };
    }
  };
}
