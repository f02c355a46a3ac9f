#!/bin/sh
# snippet.sh README NAME - prints the fenced code of <!-- snippet:NAME --> in README (without fences).
awk -v name="$2" '
    $0 == "<!-- snippet:" name " -->" { on = 1; next }
    on && $0 == "<!-- /snippet -->" { exit }
    on && /^```/ { next }
    on { print }
' "$1"
