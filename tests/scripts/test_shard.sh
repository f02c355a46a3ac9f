#!/bin/sh
# test_shard.sh KREWLINT SRCDIR - `--shard I/N` + `krewlint merge` give exactly the
# bytes of one run, in every format, for N = 1, 2, 3, 4, 7 (issue 17).
#
# The tree: the sample service, a Terraform root calling local modules (one unit),
# a configuration with a disabled rule and a baseline, an inline suppression, an
# unparsable file, a file krewlint does not read and a broken link (the walk's
# diagnostics and skip counts, shard 1's), a file name that is not UTF-8; and the
# real-world corpus (../shared/corpus/realworld from SRCDIR) once when present.
# Then the merge's refusals, --list-shards, and --changed-since with shards.
set -u
bin=$1
src=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
export NO_COLOR=1 LC_ALL=C.UTF-8 LANG=C.UTF-8 KREWLINT_RULES_DIR="$src/rules" KREWLINT_TODAY=2026-01-15
unset GITHUB_STEP_SUMMARY GITHUB_SERVER_URL GITHUB_REPOSITORY GITHUB_SHA

t=$tmp/tree
mkdir -p "$t/infra/live" "$t/infra/modules/db" "$t/infra/modules/logs" "$t/misc"
cp -R "$src/tests/sample-service" "$t/svc"
# a plan beside its configuration: one unit, enriched the same in every shard
cp -R "$src/tests/e2e/tf-plan-beside/inputs" "$t/plan"
cat > "$t/infra/live/main.tf" <<'TF'
module "db" {
  source    = "../modules/db"
  retention = 2
}
module "logs" {
  source = "../modules/logs"
  days   = 14
}
TF
cat > "$t/infra/modules/db/main.tf" <<'TF'
variable "retention" { default = 7 }
resource "aws_db_instance" "main" {
  backup_retention_period = var.retention
  storage_encrypted       = false
}
TF
cat > "$t/infra/modules/logs/main.tf" <<'TF'
variable "days" { default = 400 }
resource "aws_cloudwatch_log_group" "app" {
  retention_in_days = var.days # krewlint:ignore KR-6-13-LOG-RETENTION reason="checked" by=ops
}
TF
printf 'resource "aws_s3_bucket" "b" {\n' > "$t/misc/broken.tf"
printf 'key: [unclosed\n' > "$t/misc/bad.yaml"
printf 'hello\n' > "$t/misc/notes.txt"
ln -s missing.yaml "$t/misc/dangling.yaml"
printf 'resource "aws_db_instance" "x" {\n  backup_retention_period = 1\n}\n' > "$t/misc/caf$(printf '\351').tf"
cat > "$t/.krewlint.yml" <<'YML'
rules:
  disable:
    - rule: KR-6-31-CLOUDFRONT-MIN-TLS
      reason: not our code
      by: sec
YML
corpus="$src/../shared/corpus/realworld"
if [ -d "$corpus" ]; then
    cp -R "$corpus" "$t/realworld"
else
    echo "note: $corpus is absent; the corpus part is skipped"
fi
cd "$t" || exit 1
"$bin" baseline . >/dev/null 2>&1 || true
# a finding after the baseline, so both accepted and new ones exist
printf 'resource "aws_db_instance" "late" {\n  backup_retention_period = 0\n}\n' > misc/late.tf

formats="text json sarif github junit checkstyle"
sheets="markdown html json csv"
mkdir "$tmp/one"
for f in $formats; do
    "$bin" -j2 --format "$f" . > "$tmp/one/$f" 2> "$tmp/one/$f.err"
    echo $? > "$tmp/one/$f.status"
done
for f in $sheets; do
    "$bin" report -j2 --format "$f" --repository r --commit c . > "$tmp/one/cs-$f" 2>/dev/null
    echo $? > "$tmp/one/cs-$f.status"
done
grep -q '"rule": "KR-6-8-RDS-BACKUP-RETENTION"' "$tmp/one/json" && ok "the tree has findings" || bad "the tree has findings"
grep -q 'module.db.aws_db_instance.main' "$tmp/one/json" && ok "a module call is followed" || bad "a module call is followed"

for n in 1 2 3 4 7; do
    d=$tmp/n$n
    mkdir "$d"
    i=1
    while [ "$i" -le "$n" ]; do
        "$bin" -j2 --shard "$i/$n" --format json --output "$d/shard$i.json" --exit-zero --quiet . 2> "$d/err$i"
        rc=$?
        [ "$rc" -eq 0 ] || { bad "N=$n shard $i exit $rc: $(cat "$d/err$i")"; }
        i=$((i + 1))
    done
    same=1
    for f in $formats; do
        "$bin" merge "$d"/shard*.json --format "$f" > "$d/$f" 2> "$d/$f.err"
        echo $? > "$d/$f.status"
        for x in "$f" "$f.err" "$f.status"; do
            if ! cmp -s "$tmp/one/$x" "$d/$x"; then
                bad "N=$n $x differs from one run"
                diff "$tmp/one/$x" "$d/$x" | head -10
                same=0
            fi
        done
    done
    for f in $sheets; do
        "$bin" merge "$d"/shard*.json --format "checksheet-$f" --repository r --commit c --quiet \
            > "$d/cs-$f" 2>/dev/null
        echo $? > "$d/cs-$f.status"
        for x in "cs-$f" "cs-$f.status"; do
            if ! cmp -s "$tmp/one/$x" "$d/$x"; then
                bad "N=$n $x differs from krewlint report"
                diff "$tmp/one/$x" "$d/$x" | head -10
                same=0
            fi
        done
    done
    [ "$same" -eq 1 ] && ok "N=$n: every format merged is byte-identical to one run"
done

# the report options of the merge filter as a one run's do
"$bin" -j2 --min-severity error . > "$tmp/one-min" 2>&1
"$bin" merge --min-severity error "$tmp"/n3/shard*.json > "$tmp/n3-min" 2>&1
cmp -s "$tmp/one-min" "$tmp/n3-min" && ok "merge --min-severity error = one run with it" ||
    { bad "merge --min-severity differs"; diff "$tmp/one-min" "$tmp/n3-min" | head -5; }

# --list-shards: every unit once, the files add up, the module root is one unit
"$bin" --list-shards 4 . > "$tmp/list" 2>/dev/null
units=$(grep -vc '^#\|^shard' "$tmp/list")
uniq_units=$(grep -v '^#\|^shard' "$tmp/list" | cut -f4 | sort -u | wc -l)
[ "$units" -eq "$uniq_units" ] && ok "--list-shards: $units units, each once" || bad "--list-shards lists a unit twice"
files=$(grep -v '^#\|^shard' "$tmp/list" | cut -f3 | paste -sd+ - | bc)
scanned=$(sed -n 's/^.* in \([0-9]*\) files.*/\1/p' "$tmp/one/text.err")
[ "$files" = "$scanned" ] && ok "--list-shards: units hold the $scanned files scanned" || bad "--list-shards: $files files in units, $scanned scanned"
if grep -q "	infra/live/$" "$tmp/list" && ! grep -q "	infra/modules/" "$tmp/list"; then
    ok "--list-shards: a root and the modules it calls are one unit"
else
    bad "--list-shards: the module root is not one unit"; grep infra "$tmp/list"
fi
"$bin" --list-shards 4 --format json . | grep -q '"shards": 4' && ok "--list-shards --format json" || bad "--list-shards --format json"
"$bin" --list-shards 4 . > "$tmp/list2" 2>/dev/null
cmp -s "$tmp/list" "$tmp/list2" && ok "--list-shards is deterministic" || bad "--list-shards differs between runs"

# CloudFormation: a parent template and the local templates of its nested
# stacks are one unit; the configuration's and the command line's parameter
# files apply to every template in every shard (issue 17: "a CloudFormation
# template with its parameter file")
c=$tmp/cfn
mkdir "$c"
cp -R "$src/tests/e2e/cfn-nested/inputs/." "$c/"
cp -R "$src/tests/e2e/cfn-params/inputs/." "$c/"
printf '[{"ParameterKey": "Retention", "ParameterValue": "1"}]\n' > "$c/params/extra.json"
mkdir "$c/more" && cp "$c/stacks/network.yaml" "$c/more/alone.yaml"
cd "$c" || exit 1
"$bin" --list-shards 3 --cfn-parameters params/extra.json . > "$tmp/cfn-list" 2>/dev/null
if grep -q "	4	parent.yaml$" "$tmp/cfn-list" && ! grep -q "	stacks/" "$tmp/cfn-list" &&
    grep -q "	1	more/alone.yaml$" "$tmp/cfn-list"; then
    ok "--list-shards: a template and its nested stacks' templates are one unit"
else
    bad "--list-shards: the nested stacks are not in their parent's unit"; cat "$tmp/cfn-list"
fi
for f in text json sarif; do
    "$bin" --cfn-parameters params/extra.json --format "$f" . > "$tmp/cfn-one.$f" 2>&1
    echo $? >> "$tmp/cfn-one.$f"
done
grep -q 'nested stack Database' "$tmp/cfn-one.text" && grep -q 'extra.json' "$tmp/cfn-one.text" &&
    ok "CloudFormation tree: nested-stack findings with a parameter file's value" ||
    bad "CloudFormation tree: no nested-stack finding from the parameter file"
for n in 2 3 4; do
    same=1
    i=1
    while [ "$i" -le "$n" ]; do
        "$bin" --cfn-parameters params/extra.json --shard "$i/$n" --format json --exit-zero --quiet \
            --output "$tmp/cfn-s$i.json" . 2>/dev/null
        i=$((i + 1))
    done
    for f in text json sarif; do
        i=1 files=
        while [ "$i" -le "$n" ]; do files="$files $tmp/cfn-s$i.json"; i=$((i + 1)); done
        # shellcheck disable=SC2086
        "$bin" merge $files --format "$f" > "$tmp/cfn-m.$f" 2>&1
        echo $? >> "$tmp/cfn-m.$f"
        cmp -s "$tmp/cfn-one.$f" "$tmp/cfn-m.$f" || { same=0; diff "$tmp/cfn-one.$f" "$tmp/cfn-m.$f" | head -10; }
    done
    [ "$same" -eq 1 ] && ok "CloudFormation tree, N=$n: merged = one run (nested stacks, parameter files)" ||
        bad "CloudFormation tree, N=$n: merged differs from one run"
    rm -f "$tmp"/cfn-s*.json
done
cd "$t" || exit 1

# refusals (exit 2, clear message)
d=$tmp/n3
refuse() { # name expected-message merge-args...
    name=$1; msg=$2; shift 2
    "$bin" merge "$@" > /dev/null 2> "$tmp/refuse.err"
    rc=$?
    if [ "$rc" -eq 2 ] && grep -q "$msg" "$tmp/refuse.err"; then ok "merge refuses: $name"; else bad "merge refuses $name (exit $rc): $(cat "$tmp/refuse.err")"; fi
}
refuse "a missing shard" "shard 3/3 is missing" "$d/shard1.json" "$d/shard2.json"
refuse "a shard twice" "shard 2/3 is given twice" "$d/shard1.json" "$d/shard2.json" "$d/shard2.json" "$d/shard3.json"
refuse "shards of two splits" "shards must come from one split" "$d/shard1.json" "$d/shard2.json" "$d/shard3.json" "$tmp/n4/shard4.json"
sed 's/"version": "[^"]*",$/"version": "0.0.0-other",/' "$d/shard2.json" > "$tmp/v.json"
refuse "another version" "from krewlint 0.0.0-other" "$d/shard1.json" "$tmp/v.json" "$d/shard3.json"
sed 's/"rules_digest": "[0-9a-f]*"/"rules_digest": "0123456789abcdef"/' "$d/shard2.json" > "$tmp/r.json"
refuse "other rules" "different rules" "$d/shard1.json" "$tmp/r.json" "$d/shard3.json"
sed 's/"config_digest": "[0-9a-f]*"/"config_digest": "0123456789abcdef"/' "$d/shard2.json" > "$tmp/c.json"
refuse "another configuration" "different configurations" "$d/shard1.json" "$tmp/c.json" "$d/shard3.json"
sed '$d' "$d/shard2.json" > "$tmp/two.json" && printf '  ,"shard": {}\n}\n' >> "$tmp/two.json"
refuse "a file with two shard records" "this key is given twice" "$d/shard1.json" "$tmp/two.json" "$d/shard3.json"
"$bin" --format json . > "$tmp/plain.json" 2>/dev/null
refuse "a report without a shard record" "no \"shard\" record" "$tmp/plain.json"
refuse "rules the merge did not load" "other rules than this merge loaded" --rules "$src/rules/6-ops" "$d/shard1.json" "$d/shard2.json" "$d/shard3.json"
"$bin" --shard 2/4 --skip-rule KR-6-8-RDS-BACKUP-RETENTION --format json --output "$tmp/s.json" . 2>/dev/null
refuse "a shard with other options" "different configurations" "$tmp/n4/shard1.json" "$tmp/s.json" "$tmp/n4/shard3.json" "$tmp/n4/shard4.json"
"$bin" --shard 0/3 . >/dev/null 2>&1; [ $? -eq 2 ] && ok "--shard 0/3 is a usage error" || bad "--shard 0/3 accepted"
"$bin" --shard 4/3 . >/dev/null 2>&1; [ $? -eq 2 ] && ok "--shard 4/3 is a usage error" || bad "--shard 4/3 accepted"

# --changed-since: the changed files' units, then shards
if command -v git >/dev/null 2>&1; then
    g=$tmp/git
    mkdir "$g" && cp -R "$t/infra" "$t/svc" "$g/" && cd "$g" || exit 1
    git init -q -b main . && git config user.email t@example.invalid && git config user.name t
    git add -A && git commit -qm base
    printf 'resource "aws_db_instance" "n" {\n  backup_retention_period = 1\n}\n' > infra/live/new.tf
    printf '\n' >> svc/k8s/worker.yaml
    "$bin" --changed-since main --format json . > "$tmp/pr-one.json" 2>/dev/null
    for i in 1 2 3; do
        "$bin" --changed-since main --shard "$i/3" --format json --output "$tmp/pr$i.json" . 2>/dev/null
    done
    "$bin" merge "$tmp"/pr1.json "$tmp"/pr2.json "$tmp"/pr3.json --format json > "$tmp/pr-merged.json" 2>/dev/null
    if cmp -s "$tmp/pr-one.json" "$tmp/pr-merged.json" && grep -q new.tf "$tmp/pr-one.json"; then
        ok "--changed-since with shards merges to the pull-request run"
    else
        bad "--changed-since with shards"; diff "$tmp/pr-one.json" "$tmp/pr-merged.json" | head
    fi
    "$bin" --changed-since main --format sarif . > "$tmp/pr-one.sarif" 2>/dev/null
    "$bin" merge "$tmp"/pr1.json "$tmp"/pr2.json "$tmp"/pr3.json --format sarif > "$tmp/pr-merged.sarif" 2>/dev/null
    cmp -s "$tmp/pr-one.sarif" "$tmp/pr-merged.sarif" && grep -q krewlint-changed-since "$tmp/pr-merged.sarif" &&
        ok "--changed-since: the merged SARIF keeps the pull-request category" || bad "--changed-since SARIF category"
else
    echo "note: git is not installed; the --changed-since part is skipped"
fi
exit $fail
