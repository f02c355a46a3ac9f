#!/bin/sh
# test_pr_mode.sh KREWLINT SRCDIR - pull-request mode on a real git repository built here:
# --changed-since scans only files changed since the merge base (plus untracked ones),
# --changed-lines-only keeps findings on changed lines only; also --files-from and the
# several-reports-from-one-scan form.
set -u
bin=$1
src=$2
command -v git >/dev/null 2>&1 || { echo "SKIP: git not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # name expected actual
    if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fail=1; fi
}
cd "$tmp" || exit 1
git init -q -b main repo && cd repo || exit 1
git config user.email t@example.invalid && git config user.name t
mkdir infra
cat > infra/db.tf <<'TF'
resource "aws_db_instance" "old" {
  backup_retention_period = 1
}
TF
cat > infra/logs.tf <<'TF'
resource "aws_cloudwatch_log_group" "app" {
  retention_in_days = 30
}
TF
git add -A && git commit -qm base
git checkout -q -b feature
# Change one line in logs.tf (still a violation), add a new violating resource to db.tf,
# and add an untracked file with a violation.
cat > infra/logs.tf <<'TF'
resource "aws_cloudwatch_log_group" "app" {
  retention_in_days = 60
}
TF
cat >> infra/db.tf <<'TF'
resource "aws_db_instance" "new" {
  backup_retention_period = 2
}
TF
cat > infra/new.tf <<'TF'
provider "aws" {
  region = "us-west-2"
  default_tags {
    tags = {
      Owner              = "platform"
      DataClassification = "internal"
    }
  }
}
TF
R="--rules $src/rules --format json --quiet"
lines() { node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log(r.findings.map(f=>f.file+":"+f.line+":"+f.rule).join(" "))'; }

out=$("$bin" $R . | lines)
check "full scan sees the old violation" "yes" "$(echo "$out" | grep -q 'infra/db.tf:2:' && echo yes || echo no)"

out=$("$bin" $R --changed-since main | node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log([...new Set(r.findings.map(f=>f.file))].join(" "))')
check "--changed-since: changed and untracked files" "infra/db.tf infra/logs.tf infra/new.tf" "$out"

out=$("$bin" $R --changed-since main --changed-lines-only . | lines)
check "--changed-lines-only drops the unchanged old resource" "no" "$(echo "$out" | grep -q 'infra/db.tf:2:' && echo yes || echo no)"
check "--changed-lines-only keeps the new resource" "yes" "$(echo "$out" | grep -q 'infra/db.tf:5:' && echo yes || echo no)"
check "--changed-lines-only keeps the changed line" "yes" "$(echo "$out" | grep -q 'infra/logs.tf:2:' && echo yes || echo no)"
check "--changed-lines-only keeps untracked files" "yes" "$(echo "$out" | grep -q 'infra/new.tf:2:' && echo yes || echo no)"

git add -A && git commit -qm feature
git checkout -q main
"$bin" $R --changed-since main . > /dev/null
check "no changes: exit 0" "0" "$?"
git checkout -q feature

"$bin" $R --changed-since no-such-ref > /dev/null 2> err.txt
check "unknown ref: exit 2" "2" "$?"
check "unknown ref: message" "yes" "$(grep -q "no-such-ref" err.txt && echo yes || echo no)"

out=$(printf 'infra/logs.tf\n' | "$bin" $R --files-from - | lines)
check "--files-from -" "infra/logs.tf:2:KR-6-13-LOG-RETENTION" "$out"
out=$(printf 'infra/logs.tf\0infra/new.tf\0' | "$bin" $R --files-from - | node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log(r.findings.length)')
check "--files-from - (NUL separated)" "2" "$out"

"$bin" --rules "$src/rules" --quiet --format sarif --output r.sarif --format json --output r.json --format text infra/logs.tf > r.txt
check "several reports: sarif written" "2.1.0" "$(node -e 'console.log(JSON.parse(require("fs").readFileSync("r.sarif","utf8")).version)')"
check "several reports: json written" "1" "$(node -e 'console.log(JSON.parse(require("fs").readFileSync("r.json","utf8")).findings.length)')"
check "several reports: text on stdout" "yes" "$(grep -q '^infra/logs.tf:2:' r.txt && echo yes || echo no)"

"$bin" --rules "$src/rules" --quiet --fail-on error infra/logs.tf > /dev/null
st=$?
sev=$("$bin" $R infra/logs.tf | node -e 'console.log(JSON.parse(require("fs").readFileSync(0,"utf8")).findings[0].severity)')
if [ "$sev" = error ]; then check "--fail-on error with an error" 1 $st; else check "--fail-on error with a $sev" 0 $st; fi
"$bin" --rules "$src/rules" --quiet --exit-zero infra/logs.tf > /dev/null
check "--exit-zero" 0 $?
# Terraform modules in pull-request mode (issue 11 item 9): a change to a
# module's file re-evaluates the roots that call it (to any depth), so the
# callers' findings are reported; a change to a tfvars file re-evaluates its
# folder; unrelated roots stay out.
cd "$tmp" || exit 1
git init -q -b main mods && cd mods || exit 1
git config user.email t@example.invalid && git config user.name t
mkdir -p modules/db modules/stack live/prod live/other
cat > modules/db/main.tf <<'TF'
variable "retention" {}
resource "aws_db_instance" "this" {
  backup_retention_period = var.retention
  storage_encrypted       = true
}
TF
cat > modules/stack/main.tf <<'TF'
variable "retention" {}
module "db" {
  source    = "../db"
  retention = var.retention
}
TF
cat > live/prod/main.tf <<'TF'
variable "retention" {}
module "stack" {
  source    = "../../modules/stack"
  retention = var.retention
}
TF
printf 'retention = 3\n' > live/prod/terraform.tfvars
cat > live/other/main.tf <<'TF'
resource "aws_cloudwatch_log_group" "x" {
  retention_in_days = 1
}
TF
git add -A && git commit -qm base
git checkout -q -b feature
printf '# comment only\n' >> modules/db/main.tf
git commit -qam 'module change'
files() { node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log([...new Set(r.findings.map(f=>f.file))].sort().join(" "))'; }
out=$("$bin" $R --changed-since main | files)
check "--changed-since: a changed module reports its callers' findings" "live/prod/terraform.tfvars modules/db/main.tf" "$out"
git checkout -q main && git checkout -q -b feature2
printf 'retention = 2\n' > live/prod/terraform.tfvars
out=$("$bin" $R --changed-since main | files)
check "--changed-since: a changed tfvars file re-evaluates its folder" "live/prod/terraform.tfvars" "$out"
out=$("$bin" $R --changed-since main | node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log(r.findings.filter(f=>f.file.startsWith("live/other")).length)')
check "--changed-since: an unrelated root is not scanned" "0" "$out"

exit $fail
