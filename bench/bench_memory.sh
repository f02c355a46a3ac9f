#!/bin/sh
# bench_memory.sh BUILD_DIR - peak memory against the largest input (issue 18).
#
# Generates the inputs of issue 18's measurements in a temporary folder - a
# 41 MB YAML file, a 2 MB .tf holding a 1 MB label, a 2 MB .tf of ordinary
# resources, 5 MB of JavaScript - and prints, for each, its size, the peak
# RSS of `krewlint -j1 FILE` (/usr/bin/time -v) and the ratio peak/size: the
# factors scan.c estimates a file's cost with (COST_FACTOR_*). Then four
# copies of a 10 MB YAML file with -j4, without and with --max-memory: the
# budget's effect on the peak. Measures; does not check.
set -eu
build=${1:?usage: bench_memory.sh BUILD_DIR}
bin=$(cd "$build" && pwd)/krewlint
src=$(cd "$(dirname "$0")/.." && pwd)
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KREWLINT_RULES_DIR="$src/rules"
cd "$tmp"
python3 - <<'PY'
def until(path, size, head, line):
    with open(path, 'w') as f:
        f.write(head)
        i = 0
        while f.tell() < size:
            f.write(line(i))
            i += 1
until('big41.yaml', 41 * 1000 * 1000, 'items:\n',
      lambda i: '  - name: item%d\n    value: %d\n    tags: [a, b, c]\n    labels: {app: web, tier: t%d}\n' % (i, i, i % 7))
until('y10.yaml', 10 * 1024 * 1024, 'items:\n', lambda i: '  - {name: item%d, value: %d, tags: [a, b]}\n' % (i, i))
with open('label.tf', 'w') as f:
    f.write('resource "aws_s3_bucket" "' + 'a' * (1024 * 1024) + '" {\n  bucket = "x"\n}\n')
    while f.tell() < 2 * 1024 * 1024:
        f.write('locals {\n  a = 1\n}\n')
until('res.tf', 2 * 1024 * 1024, '', lambda i: 'resource "aws_s3_bucket" "b%d" {\n  bucket = "n-%d"\n}\n' % (i, i))
until('big.js', 5 * 1024 * 1024, '', lambda i: 'const a%d = require("https"); function f%d(x) { return x + %d; }\n' % (i, i, i))
PY
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ {print $NF}'; }
printf '%-12s %10s %10s %7s\n' file bytes peak_KB ratio
for f in big41.yaml label.tf res.tf big.js; do
    size=$(stat -c %s "$f")
    kb=$(peak "$bin" -q -j1 --max-memory 8G "$f")
    printf '%-12s %10s %10s %7s\n' "$f" "$size" "$kb" "$(awk "BEGIN {printf \"%.0fx\", $kb * 1024 / $size}")"
done
for i in 1 2 3 4; do cp y10.yaml "y10-$i.yaml"; done
echo "four 10 MiB YAML files, -j4:"
echo "  no budget (8G):     $(peak "$bin" -q -j4 --max-memory 8G y10-1.yaml y10-2.yaml y10-3.yaml y10-4.yaml) KB"
echo "  --max-memory 300M:  $(peak "$bin" -q -j4 --max-memory 300M y10-1.yaml y10-2.yaml y10-3.yaml y10-4.yaml) KB"
