#!/bin/sh
# test_banned.sh KREWLINT SRCDIR - krewlint's own C code must not call functions
# that invite overflows or hide errors (curl's checksrc list, trimmed).
src=$2
hits=$(grep -nE '\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atof|strtok|strncpy)[[:space:]]*\(' \
    $(find "$src/src" "$src/tests/unit" -name '*.[ch]') 2>/dev/null | grep -v 'banned-ok')
if [ -n "$hits" ]; then
    echo "banned functions used:"
    echo "$hits"
    exit 1
fi
echo "no banned functions in src/ and tests/unit/"
