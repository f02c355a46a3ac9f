#!/bin/sh
# ci/valgrind.sh - run the unit tests and a scan of the sample repository under valgrind.
set -eu
cd "$(dirname "$0")/.."
sh ci/build.sh build
status=0
# the tests run in build/tests (some write their outputs into the current folder)
for t in build/tests/test_*; do
    [ -x "$t" ] || continue
    (cd build/tests && valgrind -q --error-exitcode=99 --leak-check=full "./$(basename "$t")" >/dev/null) ||
        { echo "ci/valgrind.sh: $t failed"; status=1; }
done
# the scan exits 1 (the sample has findings); only 99 is valgrind's
rc=0
valgrind -q --error-exitcode=99 --leak-check=full build/krewlint tests/sample-service >/dev/null 2>/tmp/krewlint-vg.$$ || rc=$?
[ "$rc" = 99 ] && cat /tmp/krewlint-vg.$$
rm -f /tmp/krewlint-vg.$$
[ "$rc" = 99 ] && status=1
exit $status
