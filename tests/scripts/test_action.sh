#!/bin/sh
# test_action.sh KREWLINT SRCDIR - runs the composite action (ci/action/action.yml)
# step by step with tests/scripts/action_sim.py under a fake GitHub Actions
# environment (fresh RUNNER_TEMP per run, a cache kept in a folder, a release
# folder standing in for the action ref's release page), and checks:
#   run 1  cold cache, failing scan: the release binary is used (checksum
#          verified), the cache is saved although the scan fails, annotations
#          are capped with the notice, the job summary and SARIF are written
#          and uploaded;
#   run 2  warm cache, failing scan: cache hit, nothing downloaded or built;
#   run 3  a rules-only change: another key, the old cache entry and the release
#          (whose rule pack differs) are not used, a build starts (cmake is a
#          stub here) and no package is installed (all present);
#   run 4  a release with a wrong checksum is refused;
# and the run step's inputs (rules added to the bundled pack, bundled-rules,
# rule/skip-rule, config, baseline, fail-on, var-files) on the installed prefix.
set -u
bin=$1
src=$(cd "$2" && pwd)
py=/usr/bin/python3
[ -x "$py" ] && "$py" -c 'import yaml' 2>/dev/null || py=python3
"$py" -c 'import yaml' 2>/dev/null || { echo "SKIP: python3 with PyYAML needed (Debian: python3-yaml)"; exit 77; }
build=$(cd "$(dirname "$bin")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1 (expected '$2', got '$3')"; fail=1; fi; }
yes_if() { if eval "$1"; then echo yes; else echo no; fi; }

# No input may be interpolated into a run: script (script injection).
if grep -n 'run:.*\${{' "$src/ci/action/action.yml"; then
    echo "FAIL expressions interpolated into run: (script injection)"; fail=1
fi
grep -q 'github/codeql-action/upload-sarif@v4' "$src/ci/action/action.yml"
check "upload-sarif@v4" 0 $?

# The action's repository as GitHub hands it to a runner (a tarball of the ref: no .git).
act=$tmp/action-repo
mkdir -p "$act"
(cd "$src" && tar -cf - CMakeLists.txt cmake src grammars/manifest.tsv grammars/fetch.sh rules ci) | tar -xf - -C "$act"

# The release of the action's ref: this build installed, packed as ci/release.sh packs it.
rel=$tmp/rel/releases/download/v1.0.0
mkdir -p "$rel" "$tmp/stage"
cmake --install "$build" --prefix "$tmp/stage/krewlint" > "$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; exit 1; }
(cd "$tmp/stage" && tar -czf "$rel/krewlint-linux-x86_64.tar.gz" krewlint)
(cd "$rel" && sha256sum krewlint-linux-x86_64.tar.gz > krewlint-linux-x86_64.tar.gz.sha256)

# Stubs that record what would install packages; a cmake that records and fails
# (a real build is the release script's business and takes minutes).
mkdir -p "$tmp/stubs"
for c in apt-get sudo dpkg; do
    printf '#!/bin/sh\necho "%s $*" >> "%s/installs.log"\nexit 1\n' "$c" "$tmp" > "$tmp/stubs/$c"
done
printf '#!/bin/sh\necho "cmake $*" >> "%s/cmake.log"\nexit 1\n' "$tmp" > "$tmp/stubs/cmake"
chmod +x "$tmp/stubs/"*
: > "$tmp/installs.log"
: > "$tmp/cmake.log"

# The repository being checked: 25 files with an error each, and one clean file.
ws=$tmp/ws
mkdir -p "$ws/infra"
i=0
while [ $i -lt 25 ]; do
    printf 'resource "aws_cloudwatch_log_group" "g%d" {\n  retention_in_days = 30\n}\n' $i > "$ws/infra/logs$i.tf"
    i=$((i + 1))
done
printf 'resource "aws_cloudwatch_log_group" "ok" {\n  retention_in_days = 400\n}\n' > "$ws/infra/ok.tf"
mkdir -p "$tmp/cache"
export SIM_CACHE_DIR="$tmp/cache"

# sim RUN INPUTS_JSON - one job on a fresh runner; output in $tmp/RUN.*
sim() {
    run=$1
    rt=$tmp/runner            # the same path on every run, as on GitHub's runners, emptied
    rm -rf "$rt" && mkdir -p "$rt"
    : > "$tmp/$run.summary"
    ctx=$(printf '{"github": {"server_url": "", "action_repository": "%s", "action_ref": "v1.0.0", "workspace": "%s"}, "runner": {"temp": "%s", "os": "Linux", "arch": "X64"}}' \
        "${tmp#/}/rel" "$ws" "$rt")
    (cd "$ws" && env PATH="$tmp/stubs:$PATH" GITHUB_ACTIONS=true GITHUB_WORKSPACE="$ws" RUNNER_TEMP="$rt" \
        RUNNER_OS=Linux RUNNER_ARCH=X64 GITHUB_ACTION_PATH="$act/ci/action" \
        GITHUB_STEP_SUMMARY="$tmp/$run.summary" GITHUB_SERVER_URL=https://github.com GITHUB_REPOSITORY=o/r \
        GITHUB_SHA=0123abc NO_COLOR=1 KREWLINT_RULES_DIR= \
        "$py" "$src/tests/scripts/action_sim.py" "$act/ci/action/action.yml" "$2" "$ctx") \
        > "$tmp/$run.out" 2> "$tmp/$run.err"
    echo $? > "$tmp/$run.status"
    cp "$rt/_steps.json" "$tmp/$run.steps.json" 2>/dev/null
}
step() { grep "^step $2:" "$tmp/$1.out" | sed 's/^step [^:]*: //'; }
output() { "$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]]["outputs"].get(sys.argv[3], ""))' \
    "$tmp/$1.steps.json" "$2" "$3"; }

inputs='{"paths": "infra", "sarif-file": "krewlint.sarif", "upload-sarif": "true"}'

# --- run 1: cold cache, failing scan ----------------------------------------
sim run1 "$inputs"
check "run 1: the job fails (findings)" 1 "$(cat "$tmp/run1.status")"
check "run 1: installed from the release" release "$(output run1 install source)"
check "run 1: cache saved although the scan fails" "ran exit 0" "$(step run1 'Save the krewlint install')"
check "run 1: scan step exits 1" "ran exit 1" "$(step run1 'Run krewlint')"
check "run 1: one cache entry" 1 "$(ls "$tmp/cache" | grep -c '\.tar$')"
grep -q 'sha256' "$tmp/run1.err"
check "run 1: checksum verified and named" 0 $?
check "run 1: 10 error annotations" 10 "$(grep -c '^::error ' "$tmp/run1.out")"
grep -q '^::notice title=krewlint::15 more findings are not shown as annotations' "$tmp/run1.out"
check "run 1: one notice for the rest" 0 $?
check "run 1: the others as plain log lines" 15 "$(grep -c '^infra/logs[0-9]*\.tf:2:23: error KR-6-13-LOG-RETENTION' "$tmp/run1.out")"
grep -q '^| 6-13 | 25 | 0 | 0 | 0 |$' "$tmp/run1.summary"
check "run 1: job summary counts per item" 0 $?
grep -q '](https://github.com/o/r/blob/0123abc/infra/logs0.tf#L2) |' "$tmp/run1.summary"
check "run 1: job summary links file and line" 0 $?
check "run 1: SARIF written" yes "$(yes_if "grep -q krewlintFingerprint '$ws/krewlint.sarif'")"
check "run 1: SARIF uploaded (category krewlint)" 1 "$(grep -c '"category": "krewlint"' "$tmp/uploads" 2>/dev/null)"
check "run 1: exit-code output" 1 "$(output run1 run exit-code)"

# --- run 2: warm cache, failing scan ----------------------------------------
mv "$tmp/rel" "$tmp/rel.away"
sim run2 "$inputs"
check "run 2: cache hit" true "$(output run2 restore cache-hit)"
check "run 2: installed from the cache" cache "$(output run2 install source)"
check "run 2: nothing to save on a hit" skipped "$(step run2 'Save the krewlint install')"
check "run 2: scan step exits 1" "ran exit 1" "$(step run2 'Run krewlint')"
check "run 2: upload runs after the failed scan" "ran exit 0" "$(step run2 'Upload SARIF to code scanning')"
mv "$tmp/rel.away" "$tmp/rel"

# --- run 3: a rules-only change ----------------------------------------------
key1=$(output run1 key key)
f=$(find "$act/rules" -name 'kr-6-13-log-retention.yml')
sed -i 's/requires logs to be kept/requires that logs be kept/' "$f"
sim run3 "$inputs"
key3=$(output run3 key key)
check "run 3: the key changes with the rules" yes "$(yes_if "[ -n '$key3' ] && [ '$key1' != '$key3' ]")"
check "run 3: cache miss" false "$(output run3 restore cache-hit)"
grep -q "the release's rule pack differs from this checkout's" "$tmp/run3.err"
check "run 3: the release with other rules is refused" 0 $?
check "run 3: a build from source starts" yes "$(yes_if "grep -q -- '-DCMAKE_INSTALL_PREFIX=' '$tmp/cmake.log'")"
check "run 3: no package installed (all present)" 0 "$(wc -l < "$tmp/installs.log")"
check "run 3: no scan without a binary" skipped "$(step run3 'Run krewlint')"

# --- run 4: a wrong checksum ---------------------------------------------------
(cd "$src" && cp "rules/${f#"$act/rules/"}" "$f")
rm -f "$tmp/cache/"*.tar
echo "0000000000000000000000000000000000000000000000000000000000000000  krewlint-linux-x86_64.tar.gz" \
    > "$rel/krewlint-linux-x86_64.tar.gz.sha256"
sim run4 "$inputs"
grep -q "the release binary's checksum is" "$tmp/run4.err"
check "run 4: a release with a wrong checksum is refused" 0 $?
check "run 4: no install" "ran exit 1" "$(step run4 'Install krewlint (cache, release binary or build)')"

# --- the run step's inputs, on the prefix of run 1 ---------------------------
prefix=$(output run1 key prefix)
rm -rf "$prefix" && mkdir -p "$(dirname "$prefix")" && cp -r "$tmp/stage/krewlint" "$prefix"
mkdir -p "$tmp/extra"
cat > "$tmp/extra/probe.yml" <<'YML'
id: KR-10-2-ACTION-PROBE
control: "10-2"
severity: warning
title: {en: action probe, ja: 確認}
message: {en: probe, ja: 確認}
remediation: {en: none, ja: なし}
targets:
  - terraform: {resource: aws_cloudwatch_log_group}
    check: {path: kms_key_id, op: exists}
YML
runstep() { (cd "$ws" && env KREWLINT_PREFIX="$prefix" GITHUB_OUTPUT="$tmp/o" INPUT_PATHS=infra/ok.tf "$@" \
    sh "$act/ci/action/run.sh" > "$tmp/r.out" 2> "$tmp/r.err"); echo $?; }
st=$(runstep INPUT_RULES="$tmp/extra")
check "rules: added to the bundled pack (probe and bundled rules run)" "1 yes" \
    "$st $(yes_if "grep -q 'KR-10-2-ACTION-PROBE' '$tmp/r.out' && grep -q -- '--rules $prefix/share/krewlint/rules' '$tmp/r.err'")"
st=$(runstep INPUT_RULES="$tmp/extra" INPUT_BUNDLED_RULES=false INPUT_PATHS=infra/logs0.tf)
check "bundled-rules false: only the given folder" "1 0" "$st $(grep -c 'KR-6-13' "$tmp/r.out")"
st=$(runstep INPUT_PATHS=infra INPUT_SKIP_RULE="6-13")
check "skip-rule 6-13: nothing left" 0 "$st"
st=$(runstep INPUT_PATHS=infra INPUT_RULE="KR-6-13-*")
check "rule KR-6-13-*: the findings" 1 "$st"
st=$(runstep INPUT_PATHS=infra INPUT_FAIL_ON=none)
check "fail-on none exits 0" 0 "$st"
printf 'fail_on: none\n' > "$tmp/cfg.yml"
st=$(runstep INPUT_PATHS=infra INPUT_CONFIG="$tmp/cfg.yml")
check "config input read (its fail_on: none)" 0 "$st"
(cd "$ws" && KREWLINT_RULES_DIR="$prefix/share/krewlint/rules" "$prefix/bin/krewlint" baseline --baseline "$tmp/base.json" infra >/dev/null 2>&1)
st=$(runstep INPUT_PATHS=infra INPUT_BASELINE="$tmp/base.json")
check "baseline input: all findings accepted" 0 "$st"
runstep INPUT_VAR_FILES="a.tfvars b.tfvars" INPUT_CFN_PARAMETERS="p.json" > /dev/null
grep -q -- '--var-file a.tfvars --var-file b.tfvars --cfn-parameters p.json' "$tmp/r.err"
check "var-files and cfn-parameters passed as flags" 0 $?
st=$(runstep INPUT_PATHS=infra INPUT_CHANGED_SINCE=HEAD INPUT_FORMAT=text)
grep -q -- '--sarif-category krewlint-changed-since' "$tmp/r.err"
check "changed-since: a category of its own" 0 $?

[ "$fail" = 0 ] || for r in run1 run2 run3 run4; do echo "== $r"; cat "$tmp/$r.out" "$tmp/$r.err" 2>/dev/null | grep -v '^::\|^infra/' | tail -20; done
exit $fail
