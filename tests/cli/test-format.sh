#!/bin/bash
# Every C source and header of the tree is formatted with .clang-format, so a
# reader meets one layout and a change's diff shows only what it changes.
# Checked with clang-format 14 (Debian 12's, tools/install-deps.sh): other
# versions lay some constructs out differently, so they SKIP rather than fail.
# Fix a failure with: clang-format-14 -i FILE...
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
cf=
for c in clang-format-14 clang-format; do
    if command -v "$c" >/dev/null 2>&1 && "$c" --version | grep -q 'version 14\.'; then
        cf=$c
        break
    fi
done
[ -n "$cf" ] || hs_skip "clang-format 14 is not installed (Debian: clang-format-14)"
cd "$HS_TOP_SRCDIR" || exit 1
hs_check ".clang-format is there" test -f .clang-format
mapfile -t files < <(find core reports plugins tests bench -name '*.[ch]' | sort)
hs_check "sources found (${#files[@]})" test "${#files[@]}" -ge 150
bad=()
for f in "${files[@]}"; do
    "$cf" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
hs_check "every source is formatted${bad:+ (not: ${bad[*]})}" test "${#bad[@]}" -eq 0
# the check itself: a file laid out otherwise must fail it
hs_mkrun
printf 'int  f( int x ){return x;}\n' > "$HS_RUN/ugly.c"
cp .clang-format "$HS_RUN/"
hs_check "a badly laid out file fails the check" \
    bash -c "! '$cf' --dry-run -Werror '$HS_RUN/ugly.c' >/dev/null 2>&1"
hs_done
