#!/bin/sh
# test_adopt.sh - adopting krewlint on a repository, end to end, in a scratch
# copy: `krewlint init` writes a starter .krewlint.yml that krewlint itself
# accepts, refuses to overwrite it without --force; `krewlint baseline`
# writes .krewlint-baseline.json beside the configuration, after which a run
# reports nothing until a new finding appears; moving and re-indenting the
# accepted resource keeps it accepted, changing its offending value does not;
# entries that match nothing are listed; --baseline FILE overrides the config.
#
#   sh test_adopt.sh KREWLINT_BINARY SOURCE_DIR
set -u
BIN=$1
SRC=$2
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
export NO_COLOR=1 LC_ALL=C.UTF-8 LANG=C.UTF-8 KREWLINT_RULES_DIR="$SRC/rules"
fail=0
check() { # check NAME WANT GOT
    if [ "$2" != "$3" ]; then
        echo "FAIL: $1"
        echo "  expected: $2"
        echo "  got:      $3"
        fail=1
    fi
}

R=$TMP/repo
mkdir -p "$R/infra" "$R/svc"
cp -R "$SRC/tests/e2e/init-stdout/inputs/repo/." "$R/"
cat >"$R/infra/db.tf" <<'TF'
resource "aws_db_instance" "main" {
  db_subnet_group_name = "krewdata"
  backup_retention_period = 3
  multi_az                = true
  storage_encrypted       = true
}
TF
cd "$R" || exit 1

# --- init ---------------------------------------------------------------------
"$BIN" init >out 2>err; check "init status" 0 $?
check "init message" "krewlint: wrote .krewlint.yml" "$(cat err)"
grep -q '^  purge_delay:$' .krewlint.yml || { echo "FAIL: no purge_delay guess"; fail=1; }
"$BIN" init >out 2>err; check "init refuses to overwrite" 2 $?
check "init refusal" "krewlint: .krewlint.yml exists; use --force to overwrite it" "$(cat err)"
"$BIN" init --force >out 2>err; check "init --force" 0 $?
"$BIN" --print-config >out 2>err; check "the starter configuration is valid" 0 $?
[ -s err ] && { echo "FAIL: --print-config said:"; cat err; fail=1; }
printf 'baseline: .krewlint-baseline.json\n' >>.krewlint.yml

# --- baseline -----------------------------------------------------------------
"$BIN" >out 2>err; check "before the baseline" 2 $?
check "a configured baseline that does not exist yet" ".krewlint.yml:$(grep -n '^baseline:' .krewlint.yml | cut -d: -f1):11: error: baseline: no such file '.krewlint-baseline.json' ('krewlint baseline' writes it)" "$(grep baseline err)"
"$BIN" baseline >out 2>err; check "baseline status" 0 $?
check "baseline message" "krewlint: wrote 7 findings (7 entries) to .krewlint-baseline.json" "$(cat err)"
[ -s out ] && { echo "FAIL: baseline wrote to stdout"; fail=1; }
grep -q '"rule": "KR-6-8-RDS-BACKUP-RETENTION", "file": "infra/db.tf", "resource": "aws_db_instance.main", "count": 1' .krewlint-baseline.json ||
    { echo "FAIL: baseline content"; cat .krewlint-baseline.json; fail=1; }
"$BIN" >out 2>err; check "after the baseline" 0 $?
check "summary" "krewlint: 0 findings (0 errors, 0 warnings, 0 notes) in 4 files, 7 in the baseline; 4 skipped (2 not a format krewlint reads, 2 krewlint's own)" "$(cat err)"

# moved down, re-indented, an unrelated resource added above: still accepted
cat >infra/db.tf <<'TF'
resource "aws_iam_role" "app" {
  name = "app"
}

# the main database
resource "aws_db_instance" "main" {
    db_subnet_group_name = "krewdata"
    multi_az = true
    storage_encrypted = true
    backup_retention_period     =     3
}
TF
"$BIN" >out 2>err; check "moved and re-indented" 0 $?

# a new finding is reported, the accepted one is not
cat >>infra/db.tf <<'TF'
resource "aws_db_instance" "reports" {
  db_subnet_group_name = "krewdata"
  backup_retention_period = 1
  multi_az                = true
  storage_encrypted       = true
}
TF
"$BIN" --format json >out 2>err; check "a new finding" 1 $?
check "only the new one" 1 "$(grep -c '"rule": "KR-6-8-RDS-BACKUP-RETENTION"' out)"
grep -q '"resource": "aws_db_instance.reports"' out || { echo "FAIL: new finding missing"; fail=1; }

# the accepted value changed: reported again, and its entry is stale
sed 's/=     3/= 2/' infra/db.tf >infra/db.tf.new && mv infra/db.tf.new infra/db.tf
"$BIN" --format json >out 2>err; check "value changed" 1 $?
check "both reported" 2 "$(grep -c '"rule": "KR-6-8-RDS-BACKUP-RETENTION"' out)"
check "stale entry" ".krewlint-baseline.json:5:5: note: baseline entry KR-6-8-RDS-BACKUP-RETENTION for infra/db.tf aws_db_instance.main matches no finding; 'krewlint baseline' rewrites the file without it" \
    "$(grep 'baseline entry' err)"

# --baseline FILE wins over the configuration; a missing file is trouble
"$BIN" --baseline missing.json >out 2>err; check "missing baseline" 2 $?
check "missing baseline message" "missing.json: error: cannot read the baseline: No such file or directory
krewlint: the baseline is invalid; nothing was reported" "$(cat err)"

[ $fail -eq 0 ] && echo "OK: test_adopt"
exit $fail
