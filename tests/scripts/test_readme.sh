#!/bin/sh
# test_readme.sh KREWLINT SRCDIR - the README's copy-paste snippets work:
#   local     each command runs in a git copy of the sample service (exit 0 or 1, never 2)
#   workflow  is exactly ci/example-workflow.yml (which test_action.sh exercises)
#   precommit is used verbatim (repo and rev substituted) by test_precommit.sh
#   install-release  runs verbatim in an empty folder, the release URL pointing (file://) at an
#                    archive of this build packed as ci/release.sh packs it (test_release.sh
#                    checks the real static archive)
#   install-source   its cmake --install and --version lines run on this build with HOME in a
#                    scratch folder (configuring and building are what this build did already)
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

# install-release
rel=$tmp/rel
mkdir -p "$rel" "$tmp/stage" "$tmp/dl"
build=$(cd "$(dirname "$bin")" && pwd)
cmake --install "$build" --prefix "$tmp/stage/krewlint" > /dev/null 2>&1
(cd "$tmp/stage" && tar -czf "$rel/krewlint-linux-x86_64.tar.gz" krewlint)
(cd "$rel" && sha256sum krewlint-linux-x86_64.tar.gz > krewlint-linux-x86_64.tar.gz.sha256)
sh "$snip" "$src/README.md" install-release |
    sed "s|https://github.com/OWNER/krewlint/releases/download/v[0-9.]*|file://$rel|" > "$tmp/install-release.sh"
grep -q "file://$rel" "$tmp/install-release.sh" || { echo "FAIL install-release snippet has no release URL"; fail=1; }
if (cd "$tmp/dl" && env -u KREWLINT_RULES_DIR sh -e "$tmp/install-release.sh") > "$tmp/ir.out" 2>&1 &&
   grep -q '^krewlint [0-9]' "$tmp/ir.out"; then echo "ok   install-release snippet"
else echo "FAIL install-release snippet"; cat "$tmp/ir.out"; fail=1; fi

# install-source: the install and version lines, on this build
sh "$snip" "$src/README.md" install-source | grep -E '^(cmake --install|"\$HOME)' |
    sed "s|cmake --install build|cmake --install '$build'|" > "$tmp/install-source.sh"
if [ "$(wc -l < "$tmp/install-source.sh")" = 2 ] &&
   (HOME=$tmp/home; export HOME; env -u KREWLINT_RULES_DIR sh -e "$tmp/install-source.sh") > "$tmp/is.out" 2>&1 &&
   grep -q '^krewlint [0-9]' "$tmp/is.out"; then echo "ok   install-source snippet (install, version)"
else echo "FAIL install-source snippet"; cat "$tmp/install-source.sh" "$tmp/is.out"; fail=1; fi

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
