#!/bin/sh
# test_action.sh KREWLINT SRCDIR - runs the shell steps of the composite action
# (ci/action/action.yml) locally with a fake GitHub Actions environment: the cache key,
# the build step (with a prebuilt binary in the cache folder), and the run step with
# inputs in INPUT_* variables, checking annotations, the SARIF file and the outputs.
set -u
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1 (expected '$2', got '$3')"; fail=1; fi; }

# The action's steps, as action.yml lists them (run: lines), must be the scripts tested here.
for s in deps.sh cache-key.sh build.sh run.sh; do
    grep -q "$s" "$src/ci/action/action.yml"
    check "action.yml runs $s" 0 $?
done
grep -q 'github/codeql-action/upload-sarif' "$src/ci/action/action.yml"
check "action.yml can upload SARIF" 0 $?
if grep -n 'run:.*\${{ *inputs\.' "$src/ci/action/action.yml"; then
    echo "FAIL inputs interpolated into run: (script injection)"; fail=1
fi

export GITHUB_ACTIONS=true GITHUB_WORKSPACE="$tmp/ws" GITHUB_OUTPUT="$tmp/output" GITHUB_PATH="$tmp/path"
export GITHUB_ACTION_PATH="$src/ci/action" RUNNER_TEMP="$tmp/runner"
: > "$GITHUB_OUTPUT"; : > "$GITHUB_PATH"

key=$(sh "$src/ci/action/cache-key.sh")
check "cache key format" "yes" "$(echo "$key" | grep -qE '^key=[0-9a-f]{40}$' && echo yes || echo no)"

# A cache hit: the build folder already holds the binary.
export KREWLINT_BUILD_DIR="$tmp/runner/krewlint-build"
mkdir -p "$KREWLINT_BUILD_DIR" && cp "$bin" "$KREWLINT_BUILD_DIR/krewlint"
sh "$src/ci/action/build.sh" > "$tmp/build.out" 2>&1
check "build step (cache hit)" 0 $?
check "build step puts krewlint on PATH" "$KREWLINT_BUILD_DIR" "$(cat "$GITHUB_PATH")"

mkdir -p "$GITHUB_WORKSPACE/infra" && cd "$GITHUB_WORKSPACE" || exit 1
printf 'resource "aws_cloudwatch_log_group" "app" {\n  retention_in_days = 30\n}\n' > infra/logs.tf
export KREWLINT_RULES_DIR="$src/rules"
INPUT_PATHS=". " INPUT_FORMAT=github INPUT_FAIL_ON=error INPUT_SARIF_FILE=krewlint.sarif INPUT_LANG=en \
    INPUT_RULES="" INPUT_CHANGED_SINCE="" sh "$src/ci/action/run.sh" > "$tmp/run.out" 2> "$tmp/run.err"
st=$?
check "run step exits 1 on an error finding" 1 $st
grep -q '^::error file=infra/logs.tf,line=2,' "$tmp/run.out"
check "annotation for the finding" 0 $?
check "SARIF written" "2.1.0" "$(node -e 'console.log(JSON.parse(require("fs").readFileSync("krewlint.sarif","utf8")).version)' 2>/dev/null)"
grep -q '^exit-code=1$' "$GITHUB_OUTPUT"
check "exit-code output" 0 $?
grep -q '^sarif-file=krewlint.sarif$' "$GITHUB_OUTPUT"
check "sarif-file output" 0 $?

INPUT_PATHS=. INPUT_FAIL_ON=none sh "$src/ci/action/run.sh" > /dev/null 2>&1
check "fail-on none exits 0" 0 $?
[ "$fail" = 0 ] || { cat "$tmp/run.out" "$tmp/run.err"; }
exit $fail
