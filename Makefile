# sam build runs these targets for functions whose Metadata says BuildMethod: makefile (ARTIFACTS_DIR is given).
# The Slack function is built here, not by SAM's esbuild builder, because its bundle leaves out packages Bolt
# loads but never uses (scripts/lib/lambda-build.js); that needs an esbuild alias, which SAM's builder cannot set.
# Needs the project's dependencies installed (npm ci).

build-SlackFunction:
	node scripts/build-lambda.js handlers/slack.ts "$(ARTIFACTS_DIR)"
