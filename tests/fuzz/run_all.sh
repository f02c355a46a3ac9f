#!/bin/sh
# run_all.sh - run every libFuzzer target for a given time, one after another.
#
#   sh tests/fuzz/run_all.sh BUILD_DIR SECONDS [TARGET...]
#
# BUILD_DIR is a build configured with CC=clang -DKREWLINT_BUILD_FUZZ=ON
# (tests/fuzz/README.md); its tests/fuzz/fuzz_<target> executables are run
# (all of them when no TARGET is named) for SECONDS each, with
#   - a scratch corpus in $KR_FUZZ_WORK/<target> (default /tmp/krewlint-fuzz)
#     that grows, then the seeds of tests/fuzz/corpus/<target> (read only);
#   - artifacts (crash-*, leak-*, timeout-*, oom-*) in $KR_FUZZ_WORK/artifacts/;
#   - -timeout=10 -rss_limit_mb=2048 -max_len=16384 (KR_FUZZ_FLAGS adds more).
# Prints one line per target: executions, executions per second, corpus
# size, and whether it found something. Exit 1 when any target did.
set -u
[ $# -ge 2 ] || { echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2; exit 2; }
BUILD=$1
SECS=$2
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${KR_FUZZ_WORK:-/tmp/krewlint-fuzz}
if [ $# -eq 0 ]; then
    set --
    for src in "$HERE"/fuzz_*.c; do
        t=$(basename "$src" .c)
        t=${t#fuzz_}
        [ "$t" = common ] || set -- "$@" "$t"
    done
fi
mkdir -p "$WORK/artifacts"
# the known leak inside vendored tree-sitter (ci/lsan.supp, as ci/sanitize.sh)
LSAN_OPTIONS="suppressions=$HERE/../../ci/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
status=0
for t in "$@"; do
    exe=$BUILD/tests/fuzz/fuzz_$t
    [ -x "$exe" ] || { echo "$t: $exe not built (cmake --build $BUILD --target fuzz_$t)"; status=1; continue; }
    mkdir -p "$WORK/$t"
    seeds=$HERE/corpus/$t
    extra=
    # fuzz_eval reads documents: give it the parsers' seeds too
    [ "$t" = eval ] && extra="$HERE/corpus/yaml $HERE/corpus/hcl"
    log=$WORK/$t.log
    before=$(ls "$WORK/artifacts" | wc -l)
    t0=$(date +%s)
    # shellcheck disable=SC2086
    "$exe" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
        -print_final_stats=1 \
        -artifact_prefix="$WORK/artifacts/" ${KR_FUZZ_FLAGS:-} \
        "$WORK/$t" "$seeds" $extra > "$log" 2>&1
    t1=$(date +%s)
    after=$(ls "$WORK/artifacts" | wc -l)
    el=$((t1 - t0))
    [ "$el" -gt 0 ] || el=1
    execs=$(grep -h 'stat::number_of_executed_units' "$log" 2>/dev/null | awk '{s+=$2} END {print s+0}')
    rate=$(awk -v e="$execs" -v s="$el" 'BEGIN {printf "%.0f", e / s}')
    found=none
    [ "$after" -gt "$before" ] && found="$((after - before)) new artifact(s) in $WORK/artifacts" && status=1
    echo "$t: $execs executions in ${el}s ($rate/s), corpus $(ls "$WORK/$t" | wc -l) files, found: $found"
done
exit $status
