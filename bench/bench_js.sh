#!/bin/sh
# bench_js.sh - speed of source-code rules (not a test; issue 4 section 4).
#
#   sh bench/bench_js.sh BUILD_DIR [CACHE_DIR]
#
# BUILD_DIR is a krewlint build (cmake --build): its krewlint binary and its static
# tree-sitter libraries are used. CACHE_DIR (default BUILD_DIR/bench-cache) keeps
# the downloads between runs.
#
# 1. Fetches the pinned packages of bench/packages.txt with `npm pack` and unpacks
#    their JavaScript (.js .mjs .cjs; everything else is deleted) into CACHE/corpus.
# 2. Installs the pinned @ast-grep/cli into CACHE/tools.
# 3. Builds bench/parse_only.c against BUILD_DIR's libkr_tree_sitter.a and
#    libkr_grammar_javascript.a: the bare parse of every file, nothing else.
# 4. Times, best of 3 wall-clock runs, on one core, the same files and the same four
#    rules (innerHTML from a non-literal, eval, rejectUnauthorized: false, an http://
#    URL as a call's first argument): krewlint -j1 with bench/rules, ast-grep scan -j 1
#    with bench/sg-rules, and parse_only. Prints the times, the findings of each tool,
#    and the ratios krewlint/ast-grep and krewlint/bare parse.
set -eu

BUILD=$(cd "${1:?usage: bench_js.sh BUILD_DIR [CACHE_DIR]}" && pwd)
CACHE=${2:-$BUILD/bench-cache}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
RUNS=${BENCH_RUNS:-3}
mkdir -p "$CACHE/tgz" "$CACHE/corpus" "$CACHE/tools"
CACHE=$(cd "$CACHE" && pwd)

command -v npm >/dev/null 2>&1 || { echo "bench_js.sh: npm is needed" >&2; exit 1; }
[ -x "$BUILD/krewlint" ] || { echo "bench_js.sh: $BUILD/krewlint not found (build first)" >&2; exit 1; }

# ---- 1. corpus
tab=$(printf '\t')
while IFS="$tab" read -r role name version; do
    case "$role" in ''|'#'*) continue ;; esac
    [ "$role" = corpus ] || continue
    dir="$CACHE/corpus/$(printf '%s' "$name" | tr '/@' '__')"
    stamp="$dir/.bench-stamp"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$name@$version" ]; then continue; fi
    echo "bench: npm pack $name@$version" >&2
    rm -rf "$dir" "$CACHE/tgz/tmp"
    mkdir -p "$dir" "$CACHE/tgz/tmp"
    (cd "$CACHE/tgz/tmp" && npm pack --silent "$name@$version" >/dev/null)
    tar -xzf "$CACHE"/tgz/tmp/*.tgz -C "$dir" --strip-components=1
    rm -rf "$CACHE/tgz/tmp"
    find "$dir" -type f ! -name '*.js' ! -name '*.mjs' ! -name '*.cjs' -delete
    printf '%s\n' "$name@$version" >"$stamp"
done <"$HERE/packages.txt"

LIST="$CACHE/files.txt"
find "$CACHE/corpus" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' \) | LC_ALL=C sort >"$LIST"
nfiles=$(wc -l <"$LIST")
nbytes=$(cat "$LIST" | tr '\n' '\0' | xargs -0 cat | wc -c)
echo "corpus: $nfiles files, $nbytes bytes of JavaScript"
if [ "$nbytes" -lt 10000000 ]; then
    echo "bench_js.sh: the corpus is under 10 MB; add packages to bench/packages.txt" >&2
    exit 1
fi

# ---- 2. ast-grep
sgver=$(awk -F"$tab" '$1 == "tool" && $2 == "@ast-grep/cli" {print $3}' "$HERE/packages.txt")
SG="$CACHE/tools/node_modules/.bin/ast-grep"
if [ ! -x "$SG" ] || [ "$(cat "$CACHE/tools/.bench-stamp" 2>/dev/null)" != "$sgver" ]; then
    echo "bench: npm install @ast-grep/cli@$sgver" >&2
    (cd "$CACHE/tools" && npm install --silent --no-audit --no-fund --prefix "$CACHE/tools" "@ast-grep/cli@$sgver" >/dev/null)
    printf '%s\n' "$sgver" >"$CACHE/tools/.bench-stamp"
fi
echo "ast-grep: $("$SG" --version)"

# ---- 3. bare parse
TSINC=$(sed -n 's/^KREWLINT_GRAMMARS_DIR:PATH=//p' "$BUILD/CMakeCache.txt")/runtime/vendor/tree-sitter/lib/include
cc -O2 -std=c11 -I"$TSINC" "$HERE/parse_only.c" -o "$CACHE/parse_only" \
   "$BUILD/libkr_grammar_javascript.a" "$BUILD/libkr_tree_sitter.a"

# ---- 4. timing
now() { date +%s.%N; }
# best RUNS-of wall time of a command (its output goes to $CACHE/out.<name>)
best() {
    name=$1; shift
    b=""
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        t0=$(now)
        "$@" >"$CACHE/out.$name" 2>"$CACHE/err.$name" || true
        t1=$(now)
        t=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
        i=$((i + 1))
    done
    printf '%s' "$b"
}

cd "$CACHE/corpus"
t_kr=$(best krewlint "$BUILD/krewlint" -j1 --rules "$HERE/rules" --format json .)
t_sg=$(best astgrep "$SG" scan -j 1 -c "$HERE/sgconfig.yml" --json=compact .)
t_ts=$(best parse "$CACHE/parse_only" "$LIST")

kr_n=$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const f=r.findings||r.results||[];console.log(f.length)' "$CACHE/out.krewlint" 2>/dev/null || echo "?")
sg_n=$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(r.length)' "$CACHE/out.astgrep" 2>/dev/null || echo "?")

printf 'best of %s, one core:\n' "$RUNS"
printf '  krewlint -j1      %7.3f s  (%s findings)\n' "$t_kr" "$kr_n"
printf '  ast-grep -j 1     %7.3f s  (%s findings)\n' "$t_sg" "$sg_n"
printf '  bare parse        %7.3f s  (%s)\n' "$t_ts" "$(cat "$CACHE/out.parse")"
printf 'krewlint / ast-grep   = %.2f  (target <= 1)\n' "$(echo "$t_kr / $t_sg" | bc -l)"
printf 'krewlint / bare parse = %.2f  (target <= 1.2)\n' "$(echo "$t_kr / $t_ts" | bc -l)"
