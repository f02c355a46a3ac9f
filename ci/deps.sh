#!/bin/sh
# ci/deps.sh [--tests] - install what building (and with --tests, testing) krewlint needs on
# Debian 12. Run as root (or: sudo sh ci/deps.sh). Idempotent: installs only what is missing.
#   Debian: compiler, cmake, pkg-config, libyaml-dev, git, Node.js + npm
#   (npm fetches the pinned tree-sitter packages, see grammars/manifest.tsv);
#   with --tests also libcmocka-dev (the unit tests) and ci/test-packages.txt.
set -eu

pkgs="build-essential cmake pkg-config libyaml-dev git ca-certificates"
command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
# With --tests: also the packages the test scripts drive (ci/test-packages.txt, one per line).
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = "--tests" ]; then
    pkgs="$pkgs libcmocka-dev"
    [ -f "$here/test-packages.txt" ] && pkgs="$pkgs $(grep -v '^#' "$here/test-packages.txt" | tr '\n' ' ')"
fi

missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "ci/deps.sh: missing Debian packages:$missing; run as root or with sudo" >&2
        exit 1
    fi
    echo "ci/deps.sh: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
