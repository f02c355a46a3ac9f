#!/bin/sh
# run.sh - one end-to-end case: run krewlint as a user would and compare.
#
#   sh run.sh KREWLINT_BINARY CASE_DIR
#
# CASE_DIR holds:
#   args             one argument per line (empty lines are skipped; a line is
#                    passed as is, so relative paths resolve from CASE_DIR, the
#                    working directory of the run)
#   env              optional: NAME=VALUE lines exported before the run (a case
#                    may set its own KREWLINT_RULES_DIR)
#   inputs/          optional files the args point at
#   stdin            optional: the run's standard input (else /dev/null)
#   expected.stdout  compared exactly (diff -u)
#   expected.status  the exit status
#   expected.stderr  optional; compared exactly when present
# The run uses NO_COLOR=1, LC_ALL=C.UTF-8, LANG=C.UTF-8 and
# KREWLINT_RULES_DIR=<source>/rules (source = two folders above this script).
# Exit 0 when everything matches, 1 otherwise (with the diffs).
# KR_UPDATE_GOLDEN=1 in the environment rewrites the expected files instead.
set -u
BIN=$1
CASE=$2
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac

cd "$CASE" || exit 1
[ -f args ] || { echo "FAIL: $CASE/args is missing"; exit 1; }
[ -f expected.stdout ] || { echo "FAIL: $CASE/expected.stdout is missing"; exit 1; }
[ -f expected.status ] || { echo "FAIL: $CASE/expected.status is missing"; exit 1; }

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

NO_COLOR=1
LC_ALL=C.UTF-8
LANG=C.UTF-8
KREWLINT_RULES_DIR=$SRC/rules
export NO_COLOR LC_ALL LANG KREWLINT_RULES_DIR
if [ -f env ]; then
    while IFS= read -r kv || [ -n "$kv" ]; do
        case $kv in ''|'#'*) continue ;; esac
        name=${kv%%=*}
        value=${kv#*=}
        case $value in '$SRC'*) value=$SRC${value#'$SRC'} ;; esac
        export "$name=$value"
    done <env
fi

# Build "$@" from args, one argument per line.
set --
while IFS= read -r a || [ -n "$a" ]; do
    [ -n "$a" ] && set -- "$@" "$a"
done <args

in=/dev/null
[ -f stdin ] && in=stdin
"$BIN" "$@" >"$TMP/stdout" 2>"$TMP/stderr" <"$in"
status=$?

# KR_UPDATE_GOLDEN=1 rewrites the expected files from this run. Read the
# diff (git diff tests/e2e) line by line before committing it.
if [ "${KR_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$TMP/stdout" expected.stdout
    [ -f expected.stderr ] && cp "$TMP/stderr" expected.stderr
    echo "$status" > expected.status
fi

fail=0
if ! diff -u expected.stdout "$TMP/stdout" >"$TMP/d1"; then
    echo "FAIL: stdout differs"
    cat "$TMP/d1"
    fail=1
fi
if [ -f expected.stderr ] && ! diff -u expected.stderr "$TMP/stderr" >"$TMP/d2"; then
    echo "FAIL: stderr differs"
    cat "$TMP/d2"
    fail=1
fi
want=$(cat expected.status)
if [ "$status" != "$want" ]; then
    echo "FAIL: exit status $status, expected $want"
    [ -f expected.stderr ] || { echo "stderr was:"; cat "$TMP/stderr"; }
    fail=1
fi
[ "$fail" -eq 0 ] && echo "OK: $(basename "$CASE")"
exit "$fail"
