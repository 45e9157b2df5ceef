/**
 * Roles IAM Identity Center creates for permission sets (named `AWSReservedSSO_<set>_<id>`): Identity Center owns
 * them and puts back whatever is changed on them directly, so they are changed through the permission set.
 */
const IDENTITY_CENTER_ROLE_PREFIX = 'AWSReservedSSO_';

export function isIdentityCenterRole(roleName: string | undefined): boolean {
  return roleName?.startsWith(IDENTITY_CENTER_ROLE_PREFIX) === true;
}

/** Why secmon offers no undo on such a role, as the alert says it. */
export const IDENTITY_CENTER_NO_UNDO = 'managed by IAM Identity Center: remove the permission set assignment there';
