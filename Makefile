# `sam build` runs these targets for the functions of template.yaml (BuildMethod: makefile), in a copy of the project
# with ARTIFACTS_DIR set. Each bundles one handler with the project's own esbuild (scripts/build-lambda.js); run
# `npm ci` first. SAM's esbuild builder is not used: it installs without devDependencies in its copy, so it needs a
# global esbuild, and it cannot leave out the packages the Slack function never uses (scripts/lib/lambda-build.js).

build-AlertsFunction:
	node scripts/build-lambda.js handlers/alerts.ts "$(ARTIFACTS_DIR)"

build-SlackFunction:
	node scripts/build-lambda.js handlers/slack.ts "$(ARTIFACTS_DIR)"

build-WorkerFunction:
	node scripts/build-lambda.js handlers/worker.ts "$(ARTIFACTS_DIR)"
