#!/bin/sh
# bench_config.sh - what krewlint's evaluation costs beyond parsing, how it
# scales to two threads, how much memory it holds, and how it compares with a
# peer tool, on the real-world infrastructure corpus (not a test; see README.md).
#
#   sh bench/bench_config.sh BUILD_DIR [CACHE_DIR]
#
# BUILD_DIR is a krewlint build (cmake --build): its krewlint binary and static
# libraries are used. CACHE_DIR (default BUILD_DIR/bench-config) holds the
# baseline program and the peer tool. The corpus is ../shared/corpus/realworld
# next to the repository (BENCH_CORPUS overrides); without it the benchmark is
# skipped with a message and exit status 0.
#
# Every number is taken in this one run and reported as a RATIO of two
# measurements made side by side, so the result does not depend on how fast
# the machine is:
#   (a/b) krewlint -j1 full scan  vs  parse_config (bench/parse_config.c: the
#         same files, read and parsed by kr_doc_load, nothing else), in wall
#         time (best of BENCH_RUNS, default 5) and, when valgrind is installed,
#         in callgrind instruction counts (noise-free; BENCH_CALLGRIND=0 skips);
#         the fixed cost of loading the rule pack (krewlint --list-rules) is
#         measured too and taken out in a second ratio;
#   (c)   krewlint -j1 vs -j2;
#   (d)   cfn-lint (the npm package, pinned below; one process per template, as
#         its CLI takes one file) vs krewlint on the same BENCH_PEER_FILES
#         (default 30) CloudFormation templates (BENCH_PEER=0 skips; needs npm);
#   (m)   peak RSS (/usr/bin/time -v) of the whole corpus vs the largest single
#         files: memory is bounded per file when the first is close to the
#         largest of the second.
set -eu

BUILD=$(cd "${1:?usage: bench_config.sh BUILD_DIR [CACHE_DIR]}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
CACHE=${2:-$BUILD/bench-config}
RUNS=${BENCH_RUNS:-5}
PEER_FILES=${BENCH_PEER_FILES:-30}
CFN_LINT_VERSION=1.9.7
CORPUS=${BENCH_CORPUS:-$ROOT/../shared/corpus/realworld}

if [ ! -d "$CORPUS" ]; then
    echo "bench_config.sh: no corpus at $CORPUS (../shared/corpus/realworld); skipped"
    exit 0
fi
CORPUS=$(cd "$CORPUS" && pwd)
KREWLINT=$BUILD/krewlint
[ -x "$KREWLINT" ] || { echo "bench_config.sh: $KREWLINT not found (build first)" >&2; exit 1; }
[ -f "$BUILD/libkrewlint_core.a" ] || { echo "bench_config.sh: $BUILD/libkrewlint_core.a not found" >&2; exit 1; }
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)

# ---- the baseline: bench/parse_config.c against the build's libraries
CC=${CC:-cc}
PARSE=$CACHE/parse_config
libs="$BUILD/libkrewlint_core.a"
for g in hcl javascript typescript tsx python go; do
    [ -f "$BUILD/libkr_grammar_$g.a" ] && libs="$libs $BUILD/libkr_grammar_$g.a"
done
libs="$libs $BUILD/libkr_tree_sitter.a"
# shellcheck disable=SC2086
"$CC" -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I "$ROOT/src" -o "$PARSE" "$HERE/parse_config.c" \
    $libs $(pkg-config --libs yaml-0.1) -lpthread -lm

# ---- helpers
now_ns() { date +%s%N; }
# best_ms CMD...: the best wall time of RUNS runs in milliseconds (one warm-up run first)
best_ms() {
    "$@" >/dev/null 2>&1 || true
    best=
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        t0=$(now_ns)
        "$@" >/dev/null 2>&1 || true
        t1=$(now_ns)
        ms=$(( (t1 - t0) / 1000000 ))
        if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
        i=$((i + 1))
    done
    echo "$best"
}
# ratio A B: A/B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# rss_kb CMD...: peak resident set size in KiB
rss_kb() { /usr/bin/time -f '%M' -o "$CACHE/rss.txt" "$@" >/dev/null 2>&1 || true; tail -n 1 "$CACHE/rss.txt"; }
# instr CMD...: callgrind's instruction count (Ir) of the whole process
instr() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null 2>"$CACHE/cg.txt" || true
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$CACHE/cg.txt" | tail -n 1
}

scan() { "$KREWLINT" --quiet "$@"; }

summary=$("$PARSE" "$CORPUS")
echo "corpus: $CORPUS"
echo "  $summary (files read by a scan, their bytes, YAML/HCL documents, parse failures)"
echo "machine: $(nproc) cores, $(uname -sm), $(date -u +%Y-%m-%d)"
echo

# ---- (a/b) evaluation vs parsing, (c) -j2
full1=$(best_ms scan -j1 "$CORPUS")
full2=$(best_ms scan -j2 "$CORPUS")
parse=$(best_ms "$PARSE" "$CORPUS")
load=$(best_ms "$KREWLINT" --list-rules)
findings=$("$KREWLINT" -j1 "$CORPUS" 2>&1 >/dev/null | grep '^krewlint: ' | tail -n 1 || true)
echo "wall time, best of $RUNS (ms): krewlint -j1 $full1, -j2 $full2, parse only $parse, rule pack load $load"
echo "  the scan: ${findings#krewlint: }"
echo "  (a/b) krewlint -j1 / parse only:                    $(ratio "$full1" "$parse")"
echo "  (a/b) (krewlint -j1 - rule load) / parse only:      $(ratio "$((full1 - load))" "$parse")"
echo "  (c)   krewlint -j1 / -j2 (speed-up on 2 threads):   $(ratio "$full1" "$full2")"

if [ "${BENCH_CALLGRIND:-1}" != 0 ] && command -v valgrind >/dev/null 2>&1; then
    ir_full=$(instr "$KREWLINT" --quiet -j1 "$CORPUS")
    ir_parse=$(instr "$PARSE" "$CORPUS")
    ir_load=$(instr "$KREWLINT" --list-rules)
    echo "instructions (callgrind Ir): krewlint -j1 $ir_full, parse only $ir_parse, rule pack load $ir_load"
    echo "  (a/b) krewlint -j1 / parse only:                    $(ratio "$ir_full" "$ir_parse")"
    echo "  (a/b) (krewlint -j1 - rule load) / parse only:      $(ratio "$((ir_full - ir_load))" "$ir_parse")"
fi
echo

# ---- (m) memory
rss1=$(rss_kb "$KREWLINT" --quiet -j1 "$CORPUS")
rss2=$(rss_kb "$KREWLINT" --quiet -j2 "$CORPUS")
rssp=$(rss_kb "$PARSE" "$CORPUS")
rssl=$(rss_kb "$KREWLINT" --list-rules)
echo "peak RSS (KiB): krewlint -j1 whole corpus $rss1, -j2 $rss2, parse only $rssp, rule pack load $rssl"
"$KREWLINT" --list-rules >/dev/null 2>&1 || true
largest=$(find "$CORPUS" -type f \( -name '*.tf' -o -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) \
          -exec ls -l {} + | sort -k5,5nr | head -n 5 | awk '{print $NF}')
maxone=0
for f in $largest; do
    r=$(rss_kb "$KREWLINT" --quiet -j1 "$f")
    echo "  one file, $(wc -c <"$f") bytes: $r ($(basename "$f"))"
    [ "$r" -gt "$maxone" ] && maxone=$r
done
echo "  (m) whole corpus / largest single-file run:         $(ratio "$rss1" "$maxone")"
echo

# ---- (d) a peer tool: cfn-lint from the npm registry
if [ "${BENCH_PEER:-1}" != 0 ] && command -v npm >/dev/null 2>&1; then
    CFN="$CACHE/tools/node_modules/.bin/cfn-lint"
    if [ ! -x "$CFN" ]; then
        echo "bench: npm install cfn-lint@$CFN_LINT_VERSION" >&2
        mkdir -p "$CACHE/tools"
        npm install --silent --no-audit --no-fund --prefix "$CACHE/tools" "cfn-lint@$CFN_LINT_VERSION" >/dev/null 2>&1 || true
    fi
    if [ -x "$CFN" ]; then
        # CloudFormation templates: the files with AWSTemplateFormatVersion
        LIST=$CACHE/cfn-files.txt
        grep -rlE --include='*.yaml' --include='*.yml' --include='*.json' --include='*.template' \
            'AWSTemplateFormatVersion' "$CORPUS" | LC_ALL=C sort | head -n "$PEER_FILES" >"$LIST"
        n=$(wc -l <"$LIST")
        peer_each() { while read -r f; do "$CFN" validate "$f" >/dev/null 2>&1 || true; done <"$LIST"; }
        kr_each() { while read -r f; do "$KREWLINT" --quiet -j1 "$f" >/dev/null 2>&1 || true; done <"$LIST"; }
        kr_once() { tr '\n' '\0' <"$LIST" | xargs -0 "$KREWLINT" --quiet -j1 >/dev/null 2>&1 || true; }
        RUNS_SAVED=$RUNS
        RUNS=1
        t_peer=$(best_ms peer_each)
        RUNS=$RUNS_SAVED
        t_kr_each=$(best_ms kr_each)
        t_kr_once=$(best_ms kr_once)
        echo "peer: cfn-lint $CFN_LINT_VERSION (npm) on $n CloudFormation templates (ms): cfn-lint, one process a file, $t_peer;"
        echo "      krewlint -j1 one process a file $t_kr_each, one process for all $t_kr_once"
        echo "  (d) cfn-lint / krewlint, one process a file:        $(ratio "$t_peer" "$t_kr_each")"
        echo "  (d) cfn-lint / krewlint, one krewlint run:          $(ratio "$t_peer" "$t_kr_once")"
    else
        echo "peer: cfn-lint could not be installed with npm; (d) skipped"
    fi
else
    echo "peer: skipped (BENCH_PEER=0 or no npm)"
fi
