#!/bin/sh
# test_valid_input.sh - valid input that krewlint used to refuse (issue 18,
# item 7), each scanned as a user would:
#   - HCL numbers with an exponent and no fraction (1e4, 1E5) in a .tf file:
#     the file parses and a rule compares the number's value;
#   - a JSON CloudFormation template with a key of 1,024 characters or more
#     (libyaml's simple-key limit): the template is scanned;
#   - a rule file with 10,000 rules loads and every rule runs; one rule more
#     than the cap per file (50,000) is refused with a message naming the cap,
#     at the rules: list's line:col, exit status 2.
#
#   sh test_valid_input.sh KREWLINT_BINARY SOURCE_DIR
set -u
BIN=$1
SRC=$2
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
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

# ---- HCL exponents -----------------------------------------------------------
cat >"$TMP/db.tf" <<'EOF'
resource "aws_db_instance" "short" {
  backup_retention_period = 3e0
  allocated_storage       = 1e4
  iops                    = 1E5
}

resource "aws_db_instance" "long" {
  backup_retention_period = 1E1
  max_allocated_storage   = 2.5e4
}
EOF
"$BIN" --format json "$TMP/db.tf" >"$TMP/db.json" 2>"$TMP/db.err"
check "exponents: exit status (findings, no parse error)" 1 $?
got=$(python3 - "$TMP/db.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
print(len(d["diagnostics"]),
      sorted(f["line"] for f in d["findings"] if f["rule"] == "KR-6-8-RDS-BACKUP-RETENTION"),
      any("3e0" in f["message"] for f in d["findings"]))
EOF
)
check "exponents: no diagnostic, 3e0 is below 7 days, 1E1 is not" "0 [2] True" "$got"

# ---- long JSON keys ----------------------------------------------------------
python3 - "$TMP/stack.json" <<'EOF'
import json, sys
key = "k" * 1500
doc = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Metadata": {key: "a key longer than libyaml's 1024-character simple-key limit",
                 "\u00e9" * 1100 + "\\\"": {"nested": True}},
    "Resources": {"Db": {"Type": "AWS::RDS::DBInstance",
                         "Properties": {"BackupRetentionPeriod": 1, "Engine": "mysql"}}},
}
json.dump(doc, open(sys.argv[1], "w"), indent=2, ensure_ascii=False)
EOF
"$BIN" --format json "$TMP/stack.json" >"$TMP/stack.out" 2>"$TMP/stack.err"
check "long keys: exit status" 1 $?
got=$(python3 - "$TMP/stack.out" "$TMP/stack.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
line = [i + 1 for i, l in enumerate(open(sys.argv[2], encoding="utf-8")) if "BackupRetentionPeriod" in l]
print(len(d["diagnostics"]),
      [f["line"] for f in d["findings"] if f["rule"] == "KR-6-8-RDS-BACKUP-RETENTION"] == line)
EOF
)
check "long keys: no diagnostic, the backup retention finding at its line" "0 True" "$got"

# ---- large rule files ----------------------------------------------------------
gen_rules() { # gen_rules FILE COUNT
    python3 - "$1" "$2" <<'EOF'
import sys
path, count = sys.argv[1], int(sys.argv[2])
with open(path, "w") as out:
    out.write("rules:\n")
    for i in range(count):
        out.write(f"""  - id: BULK-{i:05d}
    control: "6-8"
    severity: error
    title: {{en: bulk rule {i}, ja: bulk rule {i}}}
    message: {{en: "retention is {{actual}}", ja: "retention is {{actual}}"}}
    targets:
      - terraform: {{resource: aws_db_instance}}
        check: {{path: backup_retention_period, op: ">=", value: {i % 20}}}
""")
EOF
}
mkdir -p "$TMP/many" "$TMP/toomany"
gen_rules "$TMP/many/rules.yml" 10000
"$BIN" --rules "$TMP/many" --format json "$TMP/db.tf" >"$TMP/many.out" 2>"$TMP/many.err"
check "10,000 rules: exit status" 1 $?
got=$(python3 - "$TMP/many.out" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
# rule i fails on "short" (3) when i % 20 > 3 and on "long" (10) when i % 20 > 10
want = sum(1 for i in range(10000) if i % 20 > 3) + sum(1 for i in range(10000) if i % 20 > 10)
print(len(d["findings"]) == want, len(d["diagnostics"]))
EOF
)
check "10,000 rules: every rule ran" "True 0" "$got"

gen_rules "$TMP/toomany/rules.yml" 50001
"$BIN" --rules "$TMP/toomany" "$TMP/db.tf" >"$TMP/toomany.out" 2>"$TMP/toomany.err"
check "50,001 rules: exit status" 2 $?
got=$(grep -c "rules.yml:2:3: error: more than 50000 rules in one rule file (the cap per rule file); split them into several files" "$TMP/toomany.err")
check "50,001 rules: the cap named at the list" 1 "$got"
if grep -q alias "$TMP/toomany.err"; then
    echo "FAIL: the message talks about aliases"; cat "$TMP/toomany.err"; fail=1
fi

[ $fail = 0 ] && echo "PASS: test_valid_input"
exit $fail
