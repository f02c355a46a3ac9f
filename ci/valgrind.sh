#!/bin/sh
# ci/valgrind.sh - run the unit tests and a scan of the sample repository under valgrind.
set -eu
cd "$(dirname "$0")/.."
sh ci/build.sh build
status=0
for t in build/tests/test_*; do
    [ -x "$t" ] || continue
    valgrind -q --error-exitcode=99 --leak-check=full "$t" >/dev/null || status=1
done
valgrind -q --error-exitcode=99 --leak-check=full build/krewlint tests/sample-service >/dev/null 2>&1
rc=$?
[ "$rc" = 99 ] && status=1
exit $status
