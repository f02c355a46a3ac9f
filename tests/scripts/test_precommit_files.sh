#!/bin/sh
# test_precommit_files.sh KREWLINT SRCDIR - the hooks' `files:` patterns in
# .pre-commit-hooks.yaml select exactly the names krewlint reads when it walks a
# folder. Candidates: every extension in src/ts/lang.c's table and every
# suffix src/doc/detect.c tests, in lower and upper case, plus names it must
# leave alone; each is put alone in a folder and scanned (summary.files of the
# JSON report: 1 read, 0 not), and compared with pre-commit's own regex match
# (Python re.search, as pre-commit does). A new format in the registry
# without a hook pattern change (or the reverse) fails here.
set -u
bin=$1
src=$(cd "$2" && pwd)
py=/usr/bin/python3
[ -x "$py" ] && "$py" -c 'import yaml' 2>/dev/null || py=python3
"$py" -c 'import yaml' 2>/dev/null || { echo "SKIP: python3 with PyYAML needed (Debian: python3-yaml)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KREWLINT_RULES_DIR="$src/rules" NO_COLOR=1

exts=$( { sed -n 's/.*{"\.\([a-z0-9]*\)", KR_TS_.*/\1/p' "$src/src/ts/lang.c" | tr -d ' ';
          grep -o '{"\.[a-z0-9]*", KR_TS_[A-Z]*}' "$src/src/ts/lang.c" | sed 's/{"\.\([a-z0-9]*\)".*/\1/';
          grep -o 'ends_with_ci(path, "\.[a-z.]*")' "$src/src/doc/detect.c" | sed 's/.*"\.\([a-z.]*\)".*/\1/'; } |
        sort -u)
[ -n "$exts" ] || { echo "FAIL no extensions found in src/ts/lang.c and src/doc/detect.c"; exit 1; }
names=""
for e in $exts; do
    upper=$(echo "$e" | tr 'a-z' 'A-Z')
    names="$names f.$e F.$upper"
done
names="$names README.md main.c run.sh Dockerfile notes.txt terraform.tfvars x.tf.bak"

i=0
: > "$tmp/actual"
for n in $names; do
    i=$((i + 1))
    mkdir -p "$tmp/c$i"
    echo "x" > "$tmp/c$i/$n"
    files=$("$bin" --format json --exit-zero "$tmp/c$i" 2>/dev/null |
        "$py" -c 'import json,sys; print(json.load(sys.stdin)["summary"]["files"])')
    echo "$n $files" >> "$tmp/actual"
done
"$py" - "$src/.pre-commit-hooks.yaml" "$tmp/actual" <<'PY'
import re, sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
bad = 0
patterns = {h["id"]: h.get("files", "") for h in hooks}
if len(set(patterns.values())) != 1:
    print(f"FAIL the hooks' files patterns differ: {patterns}"); bad += 1
for line in open(sys.argv[2]):
    name, files = line.split()
    read = files == "1"
    for hid, pat in patterns.items():
        if hooks[0].get("types") or hooks[0].get("types_or"):
            print(f"FAIL {hid}: types/types_or would narrow the files pattern"); bad += 1
        matched = re.search(pat, name) is not None
        if matched != read:
            print(f"FAIL {hid}: {name}: krewlint {'reads' if read else 'skips'} it, the hook {'passes' if matched else 'leaves'} it")
            bad += 1
print(f"{'ok  ' if not bad else 'FAIL'} {sum(1 for _ in open(sys.argv[2]))} names checked against {len(patterns)} hooks")
sys.exit(1 if bad else 0)
PY
