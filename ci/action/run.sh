#!/bin/sh
# Runs krewlint with the action's inputs (passed in INPUT_* environment variables, never
# interpolated into the script), writes outputs to $GITHUB_OUTPUT and exits with the status.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
bin=${KREWLINT_BUILD_DIR:+$KREWLINT_BUILD_DIR/}krewlint
[ -n "${KREWLINT_BUILD_DIR:-}" ] || bin=krewlint

set -- --format "${INPUT_FORMAT:-github}" --lang "${INPUT_LANG:-en}"
case "${INPUT_FAIL_ON:-error}" in
    none) set -- "$@" --exit-zero ;;
    *) set -- "$@" --fail-on "${INPUT_FAIL_ON:-error}" ;;
esac
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
    set -- "$@" --format sarif --output "$INPUT_SARIF_FILE"
fi
if [ -n "${INPUT_CHANGED_SINCE:-}" ]; then
    set -- "$@" --changed-since "$INPUT_CHANGED_SINCE"
fi
for r in ${INPUT_RULES:-}; do
    set -- "$@" --rules "$r"
done
# Paths: split on whitespace (paths with spaces are not supported in this input).
for p in ${INPUT_PATHS:-.}; do
    set -- "$@" "$p"
done

echo "krewlint $*" >&2
"$bin" "$@"
status=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "exit-code=$status" >> "$GITHUB_OUTPUT"
    [ -n "${INPUT_SARIF_FILE:-}" ] && echo "sarif-file=$INPUT_SARIF_FILE" >> "$GITHUB_OUTPUT"
fi
exit $status
