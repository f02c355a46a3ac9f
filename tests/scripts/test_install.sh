#!/bin/sh
# test_install.sh KREWLINT SRCDIR - `cmake --install` puts the binary and the rule pack under a
# prefix, and the installed binary finds its own pack (share/krewlint/rules next to bin/).
set -u
bin=$1
build=$(cd "$(dirname "$bin")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1 (expected '$2', got '$3')"; fail=1; fi; }
cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log" 2>&1
check "cmake --install" 0 $?
check "binary installed" yes "$([ -x "$tmp/prefix/bin/krewlint" ] && echo yes || echo no)"
check "rule pack installed" yes "$([ -f "$tmp/prefix/share/krewlint/rules/catalog.tsv" ] && echo yes || echo no)"
check "fixtures not installed" no "$([ -d "$tmp/prefix/share/krewlint/rules/tests" ] && echo yes || echo no)"
# A rule only the installed pack has proves which pack the binary loads.
cat > "$tmp/prefix/share/krewlint/rules/zz-install-probe.yml" <<'YML'
id: KR-10-2-INSTALL-PROBE
control: "10-2"
severity: note
title: {en: install probe, ja: インストール確認}
message: {en: probe, ja: 確認}
remediation: {en: none, ja: なし}
targets:
  - terraform: {provider: aws}
    check: {path: region, op: exists}
YML
out=$(env -u KREWLINT_RULES_DIR "$tmp/prefix/bin/krewlint" --list-rules 2>&1 | grep -c KR-10-2-INSTALL-PROBE)
check "installed binary loads share/krewlint/rules" 1 "$out"
[ "$fail" = 0 ] || cat "$tmp/install.log"
exit $fail
