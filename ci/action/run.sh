#!/bin/sh
# ci/action/run.sh - the action's scan step: runs krewlint with the action's
# inputs (INPUT_* environment variables, never interpolated into a script),
# writes the outputs to $GITHUB_OUTPUT and exits with krewlint's status.
# List inputs (paths, rules, rule, skip-rule, var-files, cfn-parameters, merge) are
# split on whitespace: names with spaces are not supported there.
set -u
prefix=${KREWLINT_PREFIX:-}
bin=krewlint
if [ -n "$prefix" ]; then
    bin=$prefix/bin/krewlint
    # The binary's own pack (it would find it anyway: bin/../share/krewlint/rules).
    KREWLINT_RULES_DIR=$prefix/share/krewlint/rules
    export KREWLINT_RULES_DIR
fi

set -- --format "${INPUT_FORMAT:-github}"
[ -n "${INPUT_LANG:-}" ] && set -- "$@" --lang "$INPUT_LANG"
case "${INPUT_FAIL_ON:-}" in
    '') ;;
    none) set -- "$@" --exit-zero ;;
    *) set -- "$@" --fail-on "$INPUT_FAIL_ON" ;;
esac
[ -n "${INPUT_CONFIG:-}" ] && set -- "$@" --config "$INPUT_CONFIG"
[ -n "${INPUT_BASELINE:-}" ] && set -- "$@" --baseline "$INPUT_BASELINE"
# Extra rule folders come on top of the bundled pack unless bundled-rules is false.
if [ -n "${INPUT_RULES:-}" ]; then
    case "${INPUT_BUNDLED_RULES:-true}" in
        false) ;;
        *) if [ -n "${KREWLINT_RULES_DIR:-}" ]; then set -- "$@" --rules "$KREWLINT_RULES_DIR"; fi ;;
    esac
    for r in $INPUT_RULES; do set -- "$@" --rules "$r"; done
elif [ "${INPUT_BUNDLED_RULES:-true}" = false ]; then
    echo "krewlint: bundled-rules is false but no rules folder is given" >&2
    exit 2
fi
for r in ${INPUT_RULE:-}; do set -- "$@" --rule "$r"; done
for r in ${INPUT_SKIP_RULE:-}; do set -- "$@" --skip-rule "$r"; done
# --var-file and --cfn-parameters: Terraform variable files and CloudFormation
# parameter files (the flags come with the Terraform and CloudFormation
# evaluators; an older binary rejects them with exit 2).
for f in ${INPUT_VAR_FILES:-}; do set -- "$@" --var-file "$f"; done
for f in ${INPUT_CFN_PARAMETERS:-}; do set -- "$@" --cfn-parameters "$f"; done
if [ -n "${INPUT_CHANGED_SINCE:-}" ]; then
    set -- "$@" --changed-since "$INPUT_CHANGED_SINCE"
    # A partial scan gets a code scanning category of its own, so its upload
    # cannot make the alerts of the files it skipped look fixed.
    set -- "$@" --sarif-category "${INPUT_CATEGORY:-krewlint}-changed-since"
fi
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
    set -- "$@" --format sarif --output "$INPUT_SARIF_FILE"
fi
if [ -n "${INPUT_MERGE:-}" ]; then
    # krewlint merge: the report options only (the scan's were the shards')
    set -- --format "${INPUT_FORMAT:-github}"
    case "${INPUT_FAIL_ON:-}" in
        "") ;;
        none) set -- "$@" --exit-zero ;;
        *) set -- "$@" --fail-on "$INPUT_FAIL_ON" ;;
    esac
    [ -n "${INPUT_CONFIG:-}" ] && set -- "$@" --config "$INPUT_CONFIG"
    # the shards' rules, given the same way as to the shards
    if [ -n "${INPUT_RULES:-}" ]; then
        case "${INPUT_BUNDLED_RULES:-true}" in
            false) ;;
            *) if [ -n "${KREWLINT_RULES_DIR:-}" ]; then set -- "$@" --rules "$KREWLINT_RULES_DIR"; fi ;;
        esac
        for r in $INPUT_RULES; do set -- "$@" --rules "$r"; done
    fi
    [ -n "${INPUT_CATEGORY:-}" ] && set -- "$@" --sarif-category "$INPUT_CATEGORY"
    [ -n "${INPUT_SARIF_FILE:-}" ] && set -- "$@" --format sarif --output "$INPUT_SARIF_FILE"
    set -- merge "$@" --
    for f in $INPUT_MERGE; do set -- "$@" "$f"; done # globs expand here
else
    if [ -n "${INPUT_SHARD:-}" ]; then
        set -- "$@" --shard "$INPUT_SHARD" --format json --output "${INPUT_SHARD_FILE:-krewlint-shard.json}"
    fi
    set -- "$@" --
    for p in ${INPUT_PATHS:-.}; do set -- "$@" "$p"; done
fi

echo "krewlint $*" >&2
"$bin" "$@"
status=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "exit-code=$status" >> "$GITHUB_OUTPUT"
    if [ -n "${INPUT_SARIF_FILE:-}" ] && [ -f "$INPUT_SARIF_FILE" ]; then
        echo "sarif-file=$INPUT_SARIF_FILE" >> "$GITHUB_OUTPUT"
    fi
fi
exit $status
