#!/bin/sh
# test_hostile_output.sh - every writer fed the same hostile strings, each
# output checked by its real consumer (issue 18, item 6).
#
# The repository under scan has files named with invalid UTF-8, a bidi
# override, ESC/BEL (an OSC title sequence), a workflow command and a
# formula; a Terraform string value holding ESC, BEL, a bidi override,
# <script>, `::error::` and `=1` (it reaches the messages); an unparsable file
# starting with an OSC sequence (a diagnostic); attestation notes beginning
# with each spreadsheet formula prefix and holding the same hostile text; a
# rule pack whose rule title and catalog.tsv text are hostile. Then:
#   - every output and every stderr: strict UTF-8, no raw C0 control but the
#     format's own whitespace, no DEL, C1, bidi control, U+2028/U+2029;
#   - JSON (scan and report) and SARIF parse (python3 json), and every
#     finding's file names a real file losslessly (JSON file / file_bytes,
#     SARIF's percent-encoded URI);
#   - GitHub output follows the workflow-command grammar: one command per
#     finding and diagnostic, nothing else starts with "::", and every file=
#     names a real file (as is, or percent-encoded);
#   - JUnit and Checkstyle XML are well-formed for xmllint;
#   - CSV read by python's csv module: no cell begins with = + - @ tab or CR
#     except the report's own "-" mark;
#   - HTML opened in headless Chromium (when installed): no script or image
#     element in the DOM, the hostile text is there as text.
#
#   sh test_hostile_output.sh KREWLINT_BINARY SOURCE_DIR
set -u
BIN=$1
SRC=$(cd "$2" && pwd)
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
command -v xmllint >/dev/null 2>&1 || { echo "SKIP: xmllint is not installed"; exit 77; }
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
export NO_COLOR=1 LC_ALL=C.UTF-8 LANG=C.UTF-8 KREWLINT_RULES_DIR="$SRC/rules" KREWLINT_TODAY=2026-01-01
fail=0
R=$TMP/repo
O=$TMP/out
mkdir -p "$R/.krewlint" "$O" "$TMP/rules"

# ---- the hostile repository ------------------------------------------------------
python3 - "$R" "$TMP/rules" <<'EOF'
import os, sys
repo, rules = sys.argv[1].encode(), sys.argv[2]
# 00.tf-03.tf sort first and use up GitHub's annotations, so the "::" file's
# findings are plain log lines, which must not start with "::"
names = [b"00.tf", b"01.tf", b"02.tf", b"03.tf", b"caf\xe9.tf", b"\xe2\x80\xaebidi.tf", b"esc\x1b]0;t\x07.tf", b"::warning file=x,line=1::forged.tf",
         b"=1+1.tf", b"<script>alert(1)<script>.tf", b"del\x7f c1\xc2\x9b.tf"]
for n in names:
    with open(os.path.join(repo, n), "wb") as f:
        f.write(b'resource "aws_db_instance" "db" {\n'
                b'  backup_retention_period = "\\u001b]0;pwn\\u0007 \\u202eevil <script>x</script> ::error::y =1"\n'
                b'}\n')
with open(os.path.join(repo, b"bad.tf"), "wb") as f:
    f.write(b"\x1b]0;pwn\x07 <b> \xe2\x80\xae {{{\n")
with open(os.path.join(repo, b"names.list"), "wb") as f:
    f.write(b"\0".join(names + [b"bad.tf"]))
H = r'\e]0;pwned\a \u202Eevil\u202C <script>alert(1)</script> <img src=x onerror=alert(2)> ::error file=x::forged \x7f\N'
notes = {"1-1": "=HYPERLINK(\\\"http://evil.example/\\\",\\\"click\\\") ", "1-2": "+1 ", "2-1-1": "-2+3 ",
         "2-1-2": "@SUM(1) ", "2-1-3": "\\t=1 ", "2-1-4": "\\r=1 "}
with open(os.path.join(sys.argv[1], ".krewlint", "attestations.yml"), "w") as f:
    f.write("attestations:\n")
    for item, pre in notes.items():
        f.write(f'  "{item}":\n    status: done\n    note_en: "{pre}{H}"\n    note_ja: "{pre}{H}"\n'
                f'    owner: "{H}"\n    evidence: "docs/\\e]0;ev\\a\\u202E.md"\n')
with open(os.path.join(rules, "r.yml"), "w") as f:
    f.write(f'''id: HOSTILE-1
control: "1-1"
severity: error
title: {{en: "{H}\\ttab", ja: "{H}"}}
message: {{en: "m {{actual}}", ja: "m {{actual}}"}}
targets:
  - terraform: {{resource: aws_db_instance}}
    check: {{path: backup_retention_period, op: ">=", value: 7}}
''')
with open(os.path.join(rules, "catalog.tsv"), "w") as f:
    h = "\x1b]0;pwned\x07 \u202eevil <script> =1"
    f.write("item\tsection\tcheck_ja\tsummary_en\tcoverage\trules\tnote_en\tnote_ja\n")
    f.write(f"1-1\t1 {h}\t{h}\t{h}\tautomated\tHOSTILE-1\t\t\n")
EOF

# ---- every writer ---------------------------------------------------------------------
cd "$R" || exit 1
"$BIN" --format text --output "$O/scan.txt" --format json --output "$O/scan.json" \
    --format sarif --output "$O/scan.sarif" --format github --output "$O/scan.github" \
    --format junit --output "$O/scan.junit.xml" --format checkstyle --output "$O/scan.checkstyle.xml" \
    . 2>"$O/scan.stderr"
[ $? = 1 ] || { echo "FAIL: scan exit status (want 1)"; fail=1; }
"$BIN" --files-from names.list >"$O/named.txt" 2>"$O/named.stderr"
for f in markdown html json csv; do
    "$BIN" report --format "$f" --lang en --repository "r$(printf '\033]0;x\007')" --commit "c<script>" \
        --output "$O/report.$f" . 2>"$O/report-$f.stderr"
    [ $? -le 1 ] || { echo "FAIL: report --format $f exit status"; cat "$O/report-$f.stderr"; fail=1; }
done
"$BIN" --rules "$TMP/rules" --list-rules >"$O/list-rules.txt" 2>"$O/list-rules.stderr" ||
    { echo "FAIL: --list-rules"; cat "$O/list-rules.stderr"; fail=1; }
"$BIN" --rules "$TMP/rules" --list-controls >"$O/list-controls.txt" 2>"$O/list-controls.stderr" ||
    { echo "FAIL: --list-controls"; cat "$O/list-controls.stderr"; fail=1; }
# --print-config shows values of .krewlint.yml (a parameter map's key here)
printf 'params:\n  mine: {"\\e]0;pwn\\a\\u202ek<script>": 1}\n' >"$TMP/config.yml"
"$BIN" --config "$TMP/config.yml" --print-config >"$O/print-config.txt" 2>"$O/print-config.stderr" ||
    { echo "FAIL: --print-config"; cat "$O/print-config.stderr"; fail=1; }
# krewlint init names the file it guessed a parameter from in a comment: a
# folder name with newlines must not add keys to the starter configuration
I="$TMP/init/a
rules_dirs: [evil]
#"
mkdir -p "$I"
printf 'service: s\nprovider:\n  name: aws\n  environment:\n    PURGE_AFTER_DAYS: 30\n' >"$I/serverless.yml"
(cd "$TMP/init" && "$BIN" init -o -) >"$O/init.yml" 2>"$O/init.stderr" || { echo "FAIL: krewlint init"; fail=1; }
if grep -q '^rules_dirs: \[evil' "$O/init.yml" || ! grep -q 'guessed from a\\x0arules_dirs' "$O/init.yml"; then
    echo "FAIL: krewlint init: the folder name escaped its comment"; grep -n rules_dirs "$O/init.yml"; fail=1
fi
# a rule file error naming a hostile key reaches stderr escaped too
printf 'id: X-1\n"k\342\200\256<script>": 1\n' >"$TMP/badrule.yml"
"$BIN" --rules "$TMP/badrule.yml" . >/dev/null 2>"$O/badrule.stderr"

for f in "$O/scan.junit.xml" "$O/scan.checkstyle.xml"; do
    xmllint --noout "$f" || { echo "FAIL: xmllint rejects $f"; fail=1; }
done

# ---- the consumers -------------------------------------------------------------------
python3 - "$R" "$O" <<'EOF' || fail=1
import csv, io, json, os, re, sys, urllib.parse
repo, out = sys.argv[1].encode(), sys.argv[2]
names = set(open(os.path.join(repo, b"names.list"), "rb").read().split(b"\0"))
bad = []
def fail(msg):
    bad.append(msg)

HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
def strict(path, allowed):
    data = open(os.path.join(out, path), "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(f"{path}: not UTF-8: {e}")
        return ""
    for m in HIDDEN.finditer(text):
        if m.group() not in allowed:
            fail(f"{path}: raw U+{ord(m.group()):04X} at {m.start()}: {text[max(0, m.start() - 30):m.start() + 10]!r}")
            break
    return text

for p in os.listdir(out):
    strict(p, "\n\r\t" if p == "report.csv" else "\n\t")

# JSON and SARIF: parse, and the files are the real ones
scan = json.loads(strict("scan.json", "\n"))
seen = set()
for f in scan["findings"]:
    b = urllib.parse.unquote_to_bytes(f["file_bytes"]) if "file_bytes" in f else f["file"].encode()
    b = b[2:] if b.startswith(b"./") else b
    if b not in names:
        fail(f"scan.json: {f['file']!r} names no file")
    seen.add(b)
if seen != names - {b"bad.tf"}:
    fail(f"scan.json: findings for {sorted(seen)}, want {sorted(names - {b'bad.tf'})}")
if not any("bad.tf" in d["file"] for d in scan["diagnostics"]):
    fail("scan.json: no diagnostic for bad.tf")
sarif = json.loads(strict("scan.sarif", "\n"))
uris = set()
for r in sarif["runs"][0]["results"]:
    uris.add(urllib.parse.unquote_to_bytes(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]))
if uris != names - {b"bad.tf"}:
    fail(f"scan.sarif: URIs {sorted(uris)}")
report = json.loads(strict("report.json", "\n"))
for it in report["items"]:
    for f in it["findings"]:
        b = urllib.parse.unquote_to_bytes(f["file_bytes"]) if "file_bytes" in f else f["file"].encode()
        if b not in names and not b.startswith(b".krewlint"):
            fail(f"report.json: {f['file']!r} names no file")

# GitHub workflow commands: every line starting with "::" is a well-formed
# command; past GitHub's annotation limits the rest are plain log lines
# (terminal text, "FILE:LINE:COL: LEVEL RULE: MESSAGE"), plus one notice
gh = strict("scan.github", "\n").split("\n")
cmd = re.compile(r"^::(error|warning|notice) ([^:]*)::([^\r\n]*)$")
plain = re.compile(r"^(.*?)(?::(\d+)(?::(\d+))?)?: (error|warning|note)( \(unknown\))? ")
unesc = lambda v: v.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
unhex = lambda v: re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes([int(m.group(1), 16)]), v.encode())
nitems, files, overflow = 0, set(), 0
for line in gh:
    if not line or line.startswith("krewlint: "):
        continue
    if line.startswith("::notice title=krewlint::") and "not shown as annotations" in line:
        overflow += 1
        continue
    if line.startswith("::"):
        m = cmd.match(line)
        if not m:
            fail(f"scan.github: not a workflow command: {line[:80]!r}")
            continue
        nitems += 1
        props = dict(kv.split("=", 1) for kv in m.group(2).split(","))
        if set(props) - {"file", "line", "endLine", "col", "endColumn", "title"}:
            fail(f"scan.github: forged property in {line[:80]!r}")
        if "file" in props:
            v = unesc(props["file"]).encode()
            if v not in names:
                v = urllib.parse.unquote_to_bytes(v.decode())
            if v not in names:
                fail(f"scan.github: file={props['file']!r} names no file")
            files.add(v)
        continue
    m = plain.match(line)
    if not m:
        fail(f"scan.github: neither a command nor a plain finding line: {line[:80]!r}")
        continue
    nitems += 1
    v = unhex(m.group(1))
    v = v[2:] if v.startswith(b"./") else v
    if v not in names:
        fail(f"scan.github: plain line names no file: {line[:80]!r}")
    files.add(v)
if nitems != len(scan["findings"]) + len(scan["diagnostics"]) or overflow > 1:
    fail(f"scan.github: {nitems} items for {len(scan['findings'])} findings and {len(scan['diagnostics'])} diagnostics")
if files != names:
    fail(f"scan.github: files {sorted(files)}")

# CSV: no formula cell but the report's own "-" mark
text = strict("report.csv", "\n\r\t")
rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
formula = 0
for row in rows:
    for i, cell in enumerate(row):
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not (i == 2 and cell == "-"):
            fail(f"report.csv: formula cell {cell[:40]!r}")
        if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\\"):
            formula += 1
if formula < 6:
    fail(f"report.csv: {formula} neutralised cells, want the 6 attestation notes")

# Markdown (CommonMark/GFM rules, no renderer needed): outside code spans
# (whose content is literal) every "<" is escaped (\< or &lt;) except the
# report's own <br>; HTML: no "<" of the input survives.
md = strict("report.markdown", "\n\t")
md_text = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", md)
for m in re.finditer(r"(?<!\\)<(?!br>)", md_text):
    fail(f"report.markdown: raw '<' in {md_text[max(0, m.start() - 30):m.start() + 20]!r}")
    break
if "&lt;script&gt;" not in md:
    fail("report.markdown: the hostile <script> text is missing")
html = strict("report.html", "\n\t")
if re.search(r"<script|<img", html, re.I) or "&lt;script&gt;alert(1)&lt;/script&gt;" not in html:
    fail("report.html: raw <script> or <img>, or the hostile text missing")
for p in ("list-rules.txt", "list-controls.txt"):
    t = strict(p, "\n\t")
    if "\\x1b]0;pwned\\x07" not in t:
        fail(f"{p}: the escaped title is missing: {t[:200]!r}")
if "\\x1b]0;pwn\\x07\\xe2\\x80\\xaek<script>" not in strict("print-config.txt", "\n"):
    fail("print-config.txt: the escaped parameter key is missing")
if "docs/\\x1b]0;ev\\x07\\xe2\\x80\\xae.md" not in strict("report-csv.stderr", "\n"):
    fail("report-csv.stderr: the missing evidence is not reported escaped")
if "k\\xe2\\x80\\xae<script>" not in strict("badrule.stderr", "\n"):
    fail("badrule.stderr: the escaped key is missing")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
EOF

# ---- HTML in Chromium ----------------------------------------------------------
CHROMIUM=
for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then CHROMIUM=$c; break; fi
done
if [ -n "$CHROMIUM" ]; then
    PROFILE=$TMP/profile
    mkdir -p "$PROFILE"
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$PROFILE" --dump-dom "file://$O/report.html" >"$TMP/dom.html" 2>/dev/null
    if [ ! -s "$TMP/dom.html" ]; then
        echo "FAIL: Chromium produced no DOM"; fail=1
    elif grep -Eqi '<script|<img' "$TMP/dom.html"; then
        echo "FAIL: Chromium built a script or image element"; fail=1
    elif ! grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$TMP/dom.html"; then
        echo "FAIL: the hostile text is not in the DOM as text"; fail=1
    fi
else
    echo "notice: chromium is not installed; the HTML was checked as text only"
fi

[ $fail = 0 ] && echo "PASS: test_hostile_output"
exit $fail
