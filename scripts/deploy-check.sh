#!/usr/bin/env bash
# The deploy check: what `sam build` and CloudFormation would say about this checkout, with the real tools run
# offline (../shared/tools/sam-offline: aws-lambda-builders, the SAM translator, cfn-lint):
#   1. sam build: every function of template.yaml builds with the library the SAM CLI builds with;
#   2. each built handler loads in a fresh Node process with the environment the template gives it and handles a
#      sample event from events/ (test/unit/deploy/bundles.test.ts against the built functions);
#   3. the SAM transform turns the template into the CloudFormation CloudFormation would deploy, for one account and
#      for an organization, and so it does member.yaml (the member stack of an organization);
#   4. cfn-lint finds no error in either template, in every region the README says secmon deploys to
#      (scripts/ci/supported-regions.txt).
# On a machine without the kit it says so and exits 0; CI sets SECMON_REQUIRE_DEPLOY_CHECK=1, and then a missing kit
# is a failure. Needs `npm ci` first, Node, make and /usr/bin/python3 (the kit's `setup` installs its packages).
set -euo pipefail
cd "$(dirname "$0")/.."

kit="${SAM_OFFLINE_DIR:-../shared/tools/sam-offline}"
[ -x "$kit/bin/sam-build" ] || [ -n "${SAM_OFFLINE_DIR:-}" ] || kit=/work/shared/tools/sam-offline
if [ ! -x "$kit/bin/sam-build" ]; then
  if [ "${SECMON_REQUIRE_DEPLOY_CHECK:-0}" = 1 ]; then
    echo "deploy check: $kit/bin/sam-build not found, and SECMON_REQUIRE_DEPLOY_CHECK=1 says it must run" >&2
    exit 1
  fi
  echo "deploy check skipped: the offline SAM kit is not at $kit (set SAM_OFFLINE_DIR); CI always runs it"
  exit 0
fi

"$kit/setup"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== sam build (aws-lambda-builders, BuildMethod as template.yaml says)"
"$kit/bin/sam-build" --project . --out "$work/build"

echo "== the built handlers, loaded with the template's environment and invoked with events/ samples"
SECMON_BUILT_FUNCTIONS_DIR="$work/build" npx vitest run --config vitest.deploy.config.ts

echo "== SAM transform"
"$kit/bin/sam-transform" template.yaml "$work/template.json" \
  --param SlackChannelId=C0SECMON01 --param CloudTrailLogGroup=aws-cloudtrail-logs-111122223333
"$kit/bin/sam-transform" template.yaml "$work/template-org.json" \
  --param SlackChannelId=C0SECMON01 --param CloudTrailLogGroup=aws-controltower/CloudTrailLogs \
  --param OrganizationId=o-a1b2c3d4e5 --param TrailAccountId=999988887777 \
  --param OrgDirectoryRoleArn=arn:aws:iam::999988887777:role/secmon-org-directory
"$kit/bin/sam-transform" member.yaml "$work/member.json" \
  --param OrganizationId=o-a1b2c3d4e5 --param CentralAccountId=111122223333 --param HomeRegion=eu-west-1 \
  --param CloudTrailLogGroup=aws-controltower/CloudTrailLogs --param CreateDirectoryRole=true

echo "== cfn-lint, in every supported region"
regions="$(grep -v '^#' scripts/ci/supported-regions.txt | tr '\n' ' ')"
# shellcheck disable=SC2086 # one argument per region
"$kit/bin/cfn-lint" --regions $regions -- template.yaml member.yaml
echo "cfn-lint: no findings in template.yaml and member.yaml, in $(echo $regions | wc -w) regions"
