/**
 * A client that acts with a role of another account: each call first resolves the role's credentials (assumed and
 * cached by `serviceRoleCredentials` in assume-role.ts), then runs on a client built with them, rebuilt only when the
 * credentials change. Resolving explicitly (rather than handing the SDK a credential provider) makes a failure to
 * assume the role an AssumeRoleError with a readable message at the call, and the assumption visible where clients
 * are mocked.
 */
import type { AwsCredentialIdentity } from '@smithy/types';

// The SDK's `send` is overloaded per command; the wrapper forwards whatever the client accepts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Sender = { send(command: any): Promise<any> };

export function clientWithRole<C extends Sender>(credentials: () => Promise<AwsCredentialIdentity>, build: (credentials: AwsCredentialIdentity) => C): Pick<C, 'send'> {
  let built: { credentials: AwsCredentialIdentity; client: C } | undefined;
  const client = async () => {
    const current = await credentials();
    if (built?.credentials !== current) built = { credentials: current, client: build(current) };
    return built.client;
  };
  return { send: (async (command: unknown) => (await client()).send(command)) as C['send'] };
}
