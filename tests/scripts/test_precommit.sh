#!/bin/sh
# test_precommit.sh KREWLINT SRCDIR - the real pre-commit program (Debian's pre-commit)
# runs krewlint's hook from this repository (.pre-commit-hooks.yaml) in a temporary git
# repository: a commit with a violation is refused with the finding shown; a clean one passes.
set -u
bin=$1
src=$2
command -v pre-commit >/dev/null 2>&1 || { echo "SKIP: pre-commit not installed (apt-get install pre-commit)"; exit 77; }
git -C "$src" rev-parse HEAD >/dev/null 2>&1 || { echo "SKIP: $src has no commit (pre-commit needs one)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME="$tmp/cache" HOME="$tmp" NO_COLOR=1
export KREWLINT_RULES_DIR="$src/rules"
PATH="$(cd "$(dirname "$bin")" && pwd):$PATH"
export PATH
fail=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1 (expected $2, got $3)"; fail=1; fi; }

pre-commit validate-manifest "$src/.pre-commit-hooks.yaml"
check "validate-manifest" 0 $?

git init -q -b main "$tmp/app" && cd "$tmp/app" || exit 1
git config user.email t@example.invalid && git config user.name t
# Uncommitted changes of the hook repository are not seen by a pinned rev: use the
# committed .pre-commit-hooks.yaml (try-repo below covers the working tree).
# The README's snippet, verbatim but for the repository and the revision.
sh "$src/tests/scripts/snippet.sh" "$src/README.md" precommit |
    sed -e "s|https://github.com/OWNER/krewlint|$src|" -e "s|rev: .*|rev: $(git -C "$src" rev-parse HEAD)|" \
    > .pre-commit-config.yaml
grep -q "repo: $src" .pre-commit-config.yaml
check "README pre-commit snippet used" 0 $?
pre-commit validate-config .pre-commit-config.yaml
check "validate-config" 0 $?
pre-commit install >/dev/null
check "pre-commit install" 0 $?

cat > db.tf <<'TF'
resource "aws_db_instance" "main" {
  db_subnet_group_name = "krewdata"
  backup_retention_period = 1
}
TF
git add -A
git commit -qm "violation" > "$tmp/out.txt" 2>&1
check "commit with a violation is refused" 1 $?
grep -q 'db.tf:3:.*KR-6-8' "$tmp/out.txt"
check "the finding is shown" 0 $?
[ "$fail" = 0 ] || cat "$tmp/out.txt"

cat > db.tf <<'TF'
resource "aws_db_instance" "main" {
  db_subnet_group_name = "krewdata"
  backup_retention_period = 7
  storage_encrypted       = true
  multi_az                = true
  tags = {
    Owner              = "platform"
    DataClassification = "confidential"
  }
}
TF
git add -A
git commit -qm "clean" > "$tmp/out.txt" 2>&1
check "clean commit passes" 0 $?
[ "$fail" = 0 ] || cat "$tmp/out.txt"

# Source code goes through the hooks too: a JavaScript file that turns TLS checks off.
printf 'const https = require("https");\nconst agent = new https.Agent({ rejectUnauthorized: false });\n' > app.js
git add app.js
git commit -qm "javascript" > "$tmp/out.txt" 2>&1
check "commit of a JavaScript violation is refused" 1 $?
grep -q 'app.js:2:.*KR-6-31-NODE-TLS-CODE' "$tmp/out.txt"
check "the JavaScript finding is shown" 0 $?
[ "$fail" = 0 ] || cat "$tmp/out.txt"
git rm -q --cached app.js && rm -f app.js

# try-repo: the hook repository's working tree, on one file.
printf 'provider "aws" {\n  region = "eu-west-1"\n}\n' > p.tf
git add p.tf
pre-commit try-repo "$src" krewlint --files p.tf > "$tmp/out.txt" 2>&1
check "try-repo finds the region violation" 1 $?
grep -q 'p.tf:2:.*KR-10-2' "$tmp/out.txt"
check "try-repo shows the finding" 0 $?
[ "$fail" = 0 ] || cat "$tmp/out.txt"
exit $fail
