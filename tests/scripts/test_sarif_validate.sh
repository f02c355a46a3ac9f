#!/bin/sh
# test_sarif_validate.sh KREWLINT SOURCE_DIR - checks the CI report formats
# with real validators (INTEGRATION.md section 7). Exit 0 pass, 1 fail,
# 77 skip (nothing could be validated).
#
# Documents checked (whatever exists):
#   - SARIF and JUnit from the binary on SOURCE_DIR/tests/sample-service, run
#     as `KREWLINT --format sarif SOURCE_DIR/tests/sample-service` and again
#     from inside the folder (repository-relative paths, as in CI);
#   - the documents the unit test test_sarif writes (sarif-unit-*): it is run
#     here with KR_TEST_OUTPUT_DIR pointing at a scratch folder, or its files
#     from an earlier ctest run in the build's tests/ folder are used.
# Validators:
#   - SARIF: Ajv (ajv-draft-04 + ajv-formats, as GitHub's upload-sarif checks
#     "uri-reference" and the other formats) against the unmodified SARIF
#     2.1.0 schema from SOURCE_DIR/../shared/schemas;
#   - SARIF: Microsoft's SARIF multitool `validate` with the GitHub ingestion
#     rules (GH*) and the SARIF rules; errors and warnings fail, notes are
#     advice (message arguments, snippets, version control provenance...);
#   - JUnit: xmllint against junit-10.xsd; Checkstyle: xmllint well-formedness.
# The npm validators are pinned in tests/scripts/validators/package.json and
# package-lock.json (integrity hashes, no download URLs) and installed with
# `npm ci` once into ${XDG_CACHE_HOME:-$HOME/.cache}/krewlint-npm/<lock hash>.
set -u

bin=$1
src=$2
schemas=$src/../shared/schemas
here=$src/tests/scripts
sarif_schema=$schemas/sarif-schema-2.1.0.json
junit_schema=$schemas/junit-10.xsd

if [ ! -f "$sarif_schema" ]; then
    echo "skip: $sarif_schema not found"
    exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/krewlint-sarif.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
status=0
checked=0

fail() {
    echo "FAIL: $*"
    status=1
}

# --- documents to check -------------------------------------------------------

builddir=$(dirname "$bin")
if [ -x "$builddir/tests/test_sarif" ]; then
    if ! KR_TEST_OUTPUT_DIR=$work "$builddir/tests/test_sarif" >"$work/unit.log" 2>&1; then
        echo "note: test_sarif failed (its own ctest entry says why); validating what it wrote"
    fi
fi
for f in "$builddir"/tests/sarif-unit-*; do
    [ -f "$f" ] || continue
    [ -f "$work/${f##*/}" ] || cp "$f" "$work/"
done

# run_binary NAME FORMAT DIR ARG: KREWLINT --format FORMAT ARG, run in DIR.
run_binary() {
    out=$work/binary-$1
    (cd "$3" && "$bin" --format "$2" "$4") >"$out" 2>"$work/binary.err"
    rc=$?
    if [ "$rc" -gt 1 ] || [ ! -s "$out" ]; then
        echo "note: '$bin --format $2 $4' gave no report (exit $rc): $(head -c 300 "$work/binary.err")"
        rm -f "$out"
    fi
}

sample=$src/tests/sample-service
if [ ! -d "$sample" ]; then
    echo "note: $sample not found; validating the unit test's documents only"
elif [ ! -x "$bin" ]; then
    echo "note: $bin not built; validating the unit test's documents only"
else
    run_binary sample-abs.sarif.json sarif "$src" "$sample"
    run_binary sample-rel.sarif.json sarif "$sample" .
    run_binary sample-rel.junit.xml junit "$sample" .
    run_binary sample-rel.checkstyle.xml checkstyle "$sample" .
fi

have_sarif=$(find "$work" -name '*.sarif.json' | wc -l)
have_xml=$(find "$work" -name '*.xml' | wc -l)
if [ "$have_sarif" -eq 0 ] && [ "$have_xml" -eq 0 ]; then
    echo "skip: no SARIF, JUnit or Checkstyle documents to validate (binary cannot write them yet, unit test not built)"
    exit 77
fi
echo "documents: $(cd "$work" && find . -name '*.sarif.json' -o -name '*.xml' | sed 's|^\./||' | sort | tr '\n' ' ')"

# --- npm validators -------------------------------------------------------------

validators=""
if [ "$have_sarif" -eq 0 ]; then
    :
elif ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "note: node/npm missing (Debian: nodejs npm); SARIF schema checks skipped"
else
    cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/krewlint-npm
    key=$(cat "$here/validators/package.json" "$here/validators/package-lock.json" | cksum | cut -d' ' -f1)
    validators=$cache/$key
    if [ ! -d "$validators/node_modules" ]; then
        mkdir -p "$cache" || exit 1
        tmp=$(mktemp -d "$cache/install.XXXXXX") || exit 1
        cp "$here/validators/package.json" "$here/validators/package-lock.json" "$tmp/"
        # --ignore-scripts: the multitool's only script is `chmod u+x`, done below.
        if (cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >"$work/npm.log" 2>&1; then
            chmod u+x "$tmp"/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool 2>/dev/null
            # Another run may have finished first: keep whichever landed.
            mv "$tmp" "$validators" 2>/dev/null || rm -rf "$tmp"
        else
            echo "note: npm ci failed (no registry access?); SARIF schema checks skipped:"
            tail -5 "$work/npm.log"
            rm -rf "$tmp"
            validators=""
        fi
    fi
fi

if [ -n "$validators" ]; then
    echo "== Ajv (draft-04 + formats) against $(basename "$sarif_schema")"
    if NODE_PATH=$validators/node_modules node "$here/validators/validate-sarif.cjs" "$sarif_schema" \
        "$work"/*.sarif.json; then
        checked=1
    else
        fail "SARIF schema validation"
    fi

    mt=$validators/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
    if [ -x "$mt" ] && [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
        echo "== SARIF multitool validate --rule-kind Gh;Sarif"
        for f in "$work"/*.sarif.json; do
            log=$f.validation
            # Called directly: the npm wrapper splits "Gh;Sarif" in a shell.
            if ! DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 \
                "$mt" validate "$f" -o "$log" --log ForceOverwrite --rule-kind "Gh;Sarif" \
                >"$work/mt.out" 2>&1 || [ ! -s "$log" ]; then
                fail "multitool did not run on ${f##*/}: $(tail -3 "$work/mt.out")"
                continue
            fi
            # The tool exits 0 whatever it finds: count its results instead.
            # shellcheck disable=SC2016 # JavaScript, not shell
            if ! node -e '
                const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
                const rules = {};
                for (const run of log.runs) for (const r of (run.tool.driver.rules || [])) rules[r.id] = r;
                let bad = 0;
                for (const run of log.runs) for (const r of (run.results || [])) {
                    const level = r.level || "warning";
                    if (level !== "error" && level !== "warning") continue;
                    bad++;
                    const rule = rules[r.ruleId] || {};
                    let text = ((rule.messageStrings || {})[r.message.id] || {}).text || r.message.text || "";
                    (r.message.arguments || []).forEach((a, i) => { text = text.split("{" + i + "}").join(a); });
                    console.log(`  ${level} ${r.ruleId}: ${text}`);
                }
                process.exit(bad ? 1 : 0);' "$log"; then
                fail "multitool: ${f##*/}"
            else
                echo "${f##*/}: no errors or warnings"
            fi
        done
    else
        echo "note: the SARIF multitool runs on Linux x86-64 only; skipped"
    fi
fi

# --- XML ---------------------------------------------------------------------------

if [ "$have_xml" -gt 0 ]; then
    if ! command -v xmllint >/dev/null 2>&1; then
        echo "note: xmllint missing (Debian: libxml2-utils); JUnit/Checkstyle checks skipped"
    else
        for f in "$work"/*.junit.xml; do
            [ -f "$f" ] || continue
            if [ -f "$junit_schema" ]; then
                xmllint --noout --schema "$junit_schema" "$f" || fail "JUnit schema: ${f##*/}"
            else
                xmllint --noout "$f" || fail "JUnit well-formedness: ${f##*/}"
            fi
            checked=1
        done
        for f in "$work"/*.checkstyle.xml; do
            [ -f "$f" ] || continue
            if xmllint --noout "$f"; then
                echo "${f##*/} is well-formed"
            else
                fail "Checkstyle well-formedness: ${f##*/}"
            fi
            checked=1
        done
    fi
fi

if [ "$status" -eq 0 ] && [ "$checked" -eq 0 ]; then
    echo "skip: no validator available"
    exit 77
fi
[ "$status" -eq 0 ] && echo "all documents valid"
exit "$status"
