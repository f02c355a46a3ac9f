#!/bin/sh
# test_readme.sh KREWLINT SRCDIR - the README's copy-paste snippets work:
#   local     each command runs in a git copy of the sample service (exit 0 or 1, never 2)
#   workflow  is exactly ci/example-workflow.yml (which test_action.sh exercises)
#   precommit is used verbatim (repo and rev substituted) by test_precommit.sh
set -u
bin=$1
src=$2
snip="$src/tests/scripts/snippet.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

sh "$snip" "$src/README.md" workflow > "$tmp/wf.yml"
if cmp -s "$tmp/wf.yml" "$src/ci/example-workflow.yml"; then echo "ok   workflow snippet = ci/example-workflow.yml"
else echo "FAIL workflow snippet differs from ci/example-workflow.yml"; diff -u "$src/ci/example-workflow.yml" "$tmp/wf.yml"; fail=1; fi

[ -n "$(sh "$snip" "$src/README.md" precommit)" ] && echo "ok   precommit snippet present" || { echo "FAIL precommit snippet missing"; fail=1; }

cp -r "$src/tests/sample-service" "$tmp/svc"
cd "$tmp/svc" || exit 1
git init -q -b main . && git config user.email t@example.invalid && git config user.name t
git add -A && git commit -qm sample && git update-ref refs/remotes/origin/main HEAD
printf '\nresource "aws_db_instance" "extra" {\n  backup_retention_period = 1\n}\n' >> terraform/database.tf
mkdir -p "$tmp/bin" && ln -s "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$tmp/bin/krewlint"
PATH="$tmp/bin:$PATH" KREWLINT_RULES_DIR="$src/rules" NO_COLOR=1
export PATH KREWLINT_RULES_DIR NO_COLOR
n=0
sh "$snip" "$src/README.md" local | sed 's/[[:space:]]*#.*$//' | grep -v '^[[:space:]]*$' > "$tmp/cmds"
[ -s "$tmp/cmds" ] || { echo "FAIL local snippet missing"; fail=1; }
while IFS= read -r cmd; do
    n=$((n + 1))
    sh -c "$cmd" > "$tmp/out.$n" 2> "$tmp/err.$n" < /dev/null
    st=$?
    if [ "$st" -le 1 ] && ! grep -q "^krewlint: .*\(invalid\|unknown\|cannot\)" "$tmp/err.$n"; then
        echo "ok   local: $cmd (exit $st)"
    else
        echo "FAIL local: $cmd (exit $st)"; cat "$tmp/err.$n"; fail=1
    fi
done < "$tmp/cmds"
exit $fail
