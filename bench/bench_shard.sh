#!/bin/sh
# bench_shard.sh - `--shard I/N` + `krewlint merge` on a large tree (issue 17):
# the merged reports are byte-identical to one run, and the slowest of 4
# shards takes a fraction of one run's wall time (not a test; see README.md).
#
#   sh bench/bench_shard.sh BUILD_DIR
#
# The tree is BENCH_COPIES (10) copies of the real-world corpus,
# ../shared/corpus/realworld next to the repository (BENCH_CORPUS overrides),
# in a temporary folder that is removed at the end; without a corpus the
# benchmark is skipped with a message and exit status 0.
#
#   (=) one run in every scan format (text json sarif github junit
#       checkstyle) and every checksheet format (`krewlint report`), then
#       N = 1, 2, 3, 4, 7 shards (--format json) merged into each: stdout,
#       stderr and exit status must be the one run's, byte for byte
#       (checksheet: stdout and status). A mismatch is printed with the start
#       of its diff and the script exits 1.
#   (t) wall time, best of BENCH_RUNS (3): one run, then each of the 4 shards
#       of N=4 run one after another (the default -j, as a matrix job would),
#       and `krewlint merge` of the 4 into SARIF and into JSON. The ratio is
#       the slowest shard over the one run (issue 17's target: <= 0.3x, plus
#       the merge). CPU time (user + sys) of the same runs is shown too: on a
#       shared machine it moves less than wall time.
#   (i) with BENCH_CALLGRIND=1 (valgrind; about 10 minutes), the -j1
#       instruction counts of the one run and of each shard: noise-free.
set -eu

BUILD=$(cd "${1:?usage: bench_shard.sh BUILD_DIR}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
RUNS=${BENCH_RUNS:-3}
COPIES=${BENCH_COPIES:-10}
CORPUS=${BENCH_CORPUS:-$ROOT/../shared/corpus/realworld}
KREWLINT=$BUILD/krewlint

if [ ! -d "$CORPUS" ]; then
    echo "bench_shard.sh: no corpus at $CORPUS (../shared/corpus/realworld); skipped"
    exit 0
fi
[ -x "$KREWLINT" ] || { echo "bench_shard.sh: $KREWLINT not found (build first)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null 2>&1 || { echo "bench_shard.sh: needs /usr/bin/time (Debian package time)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1 LC_ALL=C.UTF-8 LANG=C.UTF-8 KREWLINT_RULES_DIR="$ROOT/rules" KREWLINT_TODAY=2026-01-15
unset GITHUB_STEP_SUMMARY GITHUB_SERVER_URL GITHUB_REPOSITORY GITHUB_SHA

t=$tmp/tree
mkdir "$t"
i=0
while [ "$i" -lt "$COPIES" ]; do
    cp -R "$CORPUS" "$t/copy$i"
    i=$((i + 1))
done
cd "$t"
nfiles=$(find . -type f | wc -l)
nbytes=$(find . -type f -exec cat {} + | wc -c)
echo "tree: $COPIES copies of $CORPUS: $nfiles files, $nbytes bytes"

# ---- (=) merged == one run, every format
formats="text json sarif github junit checkstyle"
sheets="markdown html json csv"
fail=0
one=$tmp/one
mkdir "$one"
for f in $formats; do
    st=0
    "$KREWLINT" --format "$f" . > "$one/$f" 2> "$one/$f.err" || st=$?
    echo "$st" > "$one/$f.status"
done
for f in $sheets; do
    st=0
    "$KREWLINT" report --format "$f" --repository r --commit c . > "$one/cs-$f" 2>/dev/null || st=$?
    echo "$st" > "$one/cs-$f.status"
done
echo "one run: $(cat "$one/text.err")"
for n in 1 2 3 4 7; do
    d=$tmp/n$n
    mkdir "$d"
    i=1
    while [ "$i" -le "$n" ]; do
        st=0
        "$KREWLINT" --shard "$i/$n" --format json --output "$d/shard$i.json" --exit-zero --quiet . \
            2> "$d/err$i" || st=$?
        [ "$st" -eq 0 ] || { echo "MISMATCH N=$n shard $i exited $st: $(cat "$d/err$i")"; fail=1; }
        i=$((i + 1))
    done
    bad=0
    for f in $formats; do
        st=0
        "$KREWLINT" merge "$d"/shard*.json --format "$f" > "$d/$f" 2> "$d/$f.err" || st=$?
        echo "$st" > "$d/$f.status"
        for x in "$f" "$f.err" "$f.status"; do
            if ! cmp -s "$one/$x" "$d/$x"; then
                echo "MISMATCH N=$n: merged $x differs from the one run:"
                diff "$one/$x" "$d/$x" | head -10
                bad=1
            fi
        done
    done
    for f in $sheets; do
        st=0
        "$KREWLINT" merge "$d"/shard*.json --format "checksheet-$f" --repository r --commit c --quiet \
            > "$d/cs-$f" 2>/dev/null || st=$?
        echo "$st" > "$d/cs-$f.status"
        for x in "cs-$f" "cs-$f.status"; do
            if ! cmp -s "$one/$x" "$d/$x"; then
                echo "MISMATCH N=$n: merged $x differs from krewlint report:"
                diff "$one/$x" "$d/$x" | head -10
                bad=1
            fi
        done
    done
    if [ "$bad" -eq 0 ]; then
        echo "N=$n: all $(echo $formats $sheets | wc -w) formats merged are byte-identical to one run"
    else
        fail=1
    fi
done

# ---- (t) wall and CPU time
# best CMD...: "WALL_MS CPU_MS", the run with the best wall time of RUNS (after one warm-up)
best() {
    "$@" >/dev/null 2>&1 || true
    bw= bc=
    k=0
    while [ "$k" -lt "$RUNS" ]; do
        /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >/dev/null 2>&1 || true
        # the last line: time writes "Command exited with non-zero status 1" before it
        w=$(tail -n 1 "$tmp/time" | awk '{printf "%d", $1 * 1000}')
        c=$(tail -n 1 "$tmp/time" | awk '{printf "%d", ($2 + $3) * 1000}')
        if [ -z "$bw" ] || [ "$w" -lt "$bw" ]; then bw=$w bc=$c; fi
        k=$((k + 1))
    done
    echo "$bw $bc"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

s=$tmp/t4
mkdir "$s"
r_one=$(best "$KREWLINT" --format json --output "$s/one.json" .)
w_one=${r_one% *} c_one=${r_one#* }
w_max=0 c_max=0 shard_rows=
i=1
while [ "$i" -le 4 ]; do
    r=$(best "$KREWLINT" --shard "$i/4" --format json --output "$s/shard$i.json" --exit-zero .)
    w=${r% *} c=${r#* }
    [ "$w" -gt "$w_max" ] && w_max=$w
    [ "$c" -gt "$c_max" ] && c_max=$c
    shard_rows="$shard_rows$i $w $c
"
    i=$((i + 1))
done
r_ms=$(best "$KREWLINT" merge "$s"/shard1.json "$s"/shard2.json "$s"/shard3.json "$s"/shard4.json \
    --format sarif --output "$s/merged.sarif")
r_mj=$(best "$KREWLINT" merge "$s"/shard1.json "$s"/shard2.json "$s"/shard3.json "$s"/shard4.json \
    --format json --output "$s/merged.json")
w_ms=${r_ms% *} w_mj=${r_mj% *}
shard_bytes=$(wc -c < "$s/shard1.json")

echo
echo "$("$KREWLINT" --version 2>/dev/null | head -1), $(nproc) cores, best of $RUNS, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| run | wall ms | cpu ms | wall / one run |"
echo "|---|---|---|---|"
echo "| one run (--format json) | $w_one | $c_one | 1.00 |"
printf '%s' "$shard_rows" | while read -r i w c; do
    echo "| --shard $i/4 | $w | $c | $(ratio "$w" "$w_one") |"
done
echo "| **slowest of 4** | $w_max | $c_max | **$(ratio "$w_max" "$w_one")** (cpu $(ratio "$c_max" "$c_one")) |"
echo "| merge of 4 -> SARIF | $w_ms | ${r_ms#* } | $(ratio "$w_ms" "$w_one") |"
echo "| merge of 4 -> JSON | $w_mj | ${r_mj#* } | $(ratio "$w_mj" "$w_one") |"
echo "| slowest shard + merge (SARIF) | $((w_max + w_ms)) | | $(ratio $((w_max + w_ms)) "$w_one") |"
echo "(shard 1's JSON: $shard_bytes bytes)"
"$KREWLINT" --list-shards 4 . | grep '^# shard'

# ---- (i) instruction counts, -j1
if [ "${BENCH_CALLGRIND:-0}" = 1 ] && command -v valgrind >/dev/null 2>&1; then
    ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
               sed -n 's/.*Collected : //p'; }
    i_one=$(ir "$KREWLINT" -j1 --format json --output /dev/null .)
    echo
    echo "| -j1 callgrind | Ir | / one run |"
    echo "|---|---|---|"
    echo "| one run | $i_one | 1.00 |"
    i_max=0
    i=1
    while [ "$i" -le 4 ]; do
        v=$(ir "$KREWLINT" -j1 --shard "$i/4" --format json --output /dev/null --exit-zero .)
        [ "$v" -gt "$i_max" ] && i_max=$v
        echo "| --shard $i/4 | $v | $(ratio "$v" "$i_one") |"
        i=$((i + 1))
    done
    echo "| **slowest of 4** | $i_max | **$(ratio "$i_max" "$i_one")** |"
fi

if [ "$fail" -ne 0 ]; then
    echo "bench_shard.sh: MERGED OUTPUT DIFFERS FROM ONE RUN (see MISMATCH above)" >&2
    exit 1
fi
