#!/bin/sh
# test_inputs.sh KREWLINT SRCDIR - hostile inputs in a pull request (issue 18):
# links leaving the tree are not followed and their content never printed,
# FIFOs never block, nothing named or walked is skipped without a word.
set -u
bin=$1
src=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
case $src in /*) ;; *) src=$(pwd)/$src ;; esac
command -v timeout >/dev/null 2>&1 || { echo "SKIP: timeout not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # name expected actual
    if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fail=1; fi
}
has() { # name needle file
    if grep -qF -- "$2" "$3"; then echo "ok   $1"; else echo "FAIL $1: no '$2' in"; sed 's/^/  /' "$3"; fail=1; fi
}
hasnt() { # name needle file
    if grep -qF -- "$2" "$3"; then echo "FAIL $1: '$2' in"; sed 's/^/  /' "$3"; fail=1; else echo "ok   $1"; fi
}
run() { # timeout-guarded krewlint; status in $st, output in out/err
    timeout 20 "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    st=$?
}
export KREWLINT_RULES_DIR="$src/rules" NO_COLOR=1 LC_ALL=C.UTF-8
printf 'SECRET-MARKER-7f3a:x:0:0:root:/root:/bin/bash\n' >"$tmp/credentials"
mkdir "$tmp/repo" && cd "$tmp/repo" || exit 1
mkdir infra
printf 'locals {\n  a = 1\n}\n' >infra/ok.tf
ln -s "$tmp/credentials" infra/x.tf
ln -s "$tmp/credentials" infra/creds.yml
ln -s missing.tf infra/dangling.tf
ln -s l2.tf infra/l1.tf
ln -s l1.tf infra/l2.tf
ln -s /dev/zero infra/zero.json
mkfifo infra/pipe.tf
printf 'text\n' >infra/notes.txt

# 1. a walk: every odd entry reported, no content of the link target
run infra
check "walk status" 1 "$st"
hasnt "walk: no target content" "SECRET-MARKER" "$tmp/out"
hasnt "walk: no target content (stderr)" "SECRET-MARKER" "$tmp/err"
has "walk: link out" "infra/x.tf: warning: symbolic link to a file outside the scanned tree, not followed (--follow-symlinks reads it) [symlink-outside]" "$tmp/out"
has "walk: yaml link out" "infra/creds.yml: warning: symbolic link to a file outside" "$tmp/out"
has "walk: dangling" "infra/dangling.tf: warning: dangling symbolic link (its target does not exist), not scanned [broken-symlink]" "$tmp/out"
has "walk: loop" "infra/l1.tf: warning: symbolic link loop, not followed [broken-symlink]" "$tmp/out"
has "walk: device" "infra/zero.json: warning: symbolic link to a character device, not scanned" "$tmp/out"
has "walk: fifo" "infra/pipe.tf: warning: a FIFO (named pipe), not scanned" "$tmp/out"
hasnt "walk: plain text is quiet" "notes.txt" "$tmp/out"
check "walk: summary" "krewlint: 0 findings (0 errors, 0 warnings, 0 notes) in 1 file, 7 diagnostics; 8 skipped (1 not a format krewlint reads, 2 links out of the tree, 3 broken links, 2 FIFOs, devices or sockets)" "$(cat "$tmp/err")"

# 2. named: a FIFO without a writer does not hang; /dev/null, a text file,
#    a pipe from <(...) (here a FIFO with a writer) each get a diagnostic
run infra/pipe.tf
check "named fifo: no hang" 1 "$st"
has "named fifo" "infra/pipe.tf: warning: a FIFO (named pipe), not scanned (krewlint reads regular files only) [not-regular]" "$tmp/out"
run /dev/null infra/notes.txt
has "named /dev/null" "/dev/null: warning: a character device, not scanned" "$tmp/out"
has "named text" "infra/notes.txt: warning: not a format krewlint reads" "$tmp/out"
check "named: status" 1 "$st"
# a pipe named as a file (what <(...) passes: /dev/fd/63) is not read either
timeout 20 sh -c 'printf "x = 1\n" | "$1" /dev/stdin' sh "$bin" >"$tmp/out" 2>"$tmp/err"
check "named pipe: status" 1 "$?"
has "named pipe" "/dev/stdin: warning: symbolic link to a FIFO (named pipe), not scanned" "$tmp/out"

# 3. named links: out of the tree is refused, --follow-symlinks reads it
#    (and the parse error quotes one token, not the line)
run infra/x.tf
has "named link out" "infra/x.tf: warning: symbolic link to a file outside the scanned tree" "$tmp/out"
hasnt "named link out: no content" "SECRET" "$tmp/out"
run --follow-symlinks infra/x.tf
has "followed: parsed" "infra/x.tf:1:1: error: HCL: syntax error near 'SECRET-MARKER-7f3a' [parse-error]" "$tmp/out"
hasnt "followed: no rest of the line" "/root" "$tmp/out"

# 4. --files-from: the same checks, and a list from a pipe still works
printf 'infra/x.tf\ninfra/ok.tf\ninfra/pipe.tf\n' >list
run --files-from list
has "files-from: link out" "infra/x.tf: warning: symbolic link to a file outside" "$tmp/out"
has "files-from: fifo" "infra/pipe.tf: warning: a FIFO" "$tmp/out"
timeout 20 sh -c 'printf "infra/ok.tf\n" | "$1" --files-from /dev/stdin' sh "$bin" >"$tmp/out" 2>"$tmp/err"
check "files-from a pipe" "krewlint: 0 findings (0 errors, 0 warnings, 0 notes) in 1 file" "$(cat "$tmp/err")"
exit $fail
