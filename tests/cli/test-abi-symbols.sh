#!/bin/bash
# The sealed plugin ABI: the functions declared in core/hascout/plugin.h, the
# list in core/hascout/plugin.sym (the link's --dynamic-list), the hs_*
# symbols the hascout executable exports, and the hs_* symbols every built
# plugin imports must all agree. A core function that leaks into the dynamic
# symbol table becomes something a plugin can bind to and we can never
# change; a plugin importing one would fail to load once it is sealed.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd nm awk sort comm
hs_mkrun

hdr=$HS_TOP_SRCDIR/core/hascout/plugin.h
sym=$HS_TOP_SRCDIR/core/hascout/plugin.sym

# strip_c FILE — FILE without /* */ and // comments and without preprocessor
# lines (with their continuations), all on one line: what is left of a
# header is its declarations, so a name in a comment ("use hs_probe_fail()")
# or in a macro body is never taken for one.
strip_c() {
    awk '{ buf = buf $0 "\n" }
         END {
             out = ""
             while ((s = index(buf, "/*")) > 0) {
                 rest = substr(buf, s + 2)
                 e = index(rest, "*/")
                 if (e == 0) { buf = substr(buf, 1, s - 1); break }
                 out = out substr(buf, 1, s - 1) " "
                 buf = substr(rest, e + 2)
             }
             out = out buf
             n = split(out, line, "\n")
             cont = 0
             for (i = 1; i <= n; i++) {
                 l = line[i]
                 if (cont || l ~ /^[ \t]*#/) {
                     cont = (l ~ /\\$/)
                     continue
                 }
                 sub(/\/\/.*/, "", l)
                 printf "%s ", l
             }
             print ""
         }' "$1"
}

# The functions plugin.h declares: every hs_ name directly followed by '('.
strip_c "$hdr" | grep -oE '(^|[^A-Za-z0-9_])hs_[A-Za-z0-9_]*[[:space:]]*\(' |
    grep -oE 'hs_[A-Za-z0-9_]*' | sort -u > "$HS_RUN/header"
# Every name plugin.sym lists (the braces and semicolons are its syntax).
strip_c "$sym" | grep -oE '[A-Za-z_][A-Za-z0-9_]*' | sort -u > "$HS_RUN/symfile"

# show_diff WANT GOT LABEL — true when the sorted lists WANT and GOT are equal;
# otherwise names what GOT has extra and what it misses.
show_diff() {
    local extra missing
    extra=$(comm -13 "$1" "$2" | tr '\n' ' ')
    missing=$(comm -23 "$1" "$2" | tr '\n' ' ')
    [ -z "$extra" ] || hs_log "$3: extra: $extra"
    [ -z "$missing" ] || hs_log "$3: missing: $missing"
    [ -z "$extra$missing" ]
}

hs_check "plugin.h declares the ABI's functions ($(wc -l < "$HS_RUN/header") found)" \
    test "$(wc -l < "$HS_RUN/header")" -ge 30
hs_check "plugin.sym lists exactly the functions plugin.h declares" \
    show_diff "$HS_RUN/header" "$HS_RUN/symfile" "plugin.sym vs plugin.h"

# HASCOUT_BIN may be libtool's wrapper script (a build with shared
# libraries of its own): the ELF it runs is under .libs/.
is_elf() { [ -f "$1" ] && [ "$(head -c 4 "$1" | tail -c 3)" = ELF ]; }
elf_of() {
    local b=$1 d c
    d=$(dirname "$b")
    if is_elf "$b"; then echo "$b"; return; fi
    for c in "$d/.libs/lt-$(basename "$b")" "$d/.libs/$(basename "$b")"; do
        if is_elf "$c"; then echo "$c"; return; fi
    done
    echo "$b"
}
bin=$(elf_of "$HASCOUT_BIN")
hs_check "hascout binary is an ELF file ($bin)" is_elf "$bin"

nm -D --defined-only "$bin" | awk '{ print $NF }' | sed 's/@.*//' |
    grep -E '^hs_' | sort -u > "$HS_RUN/exported"
hs_log "hascout exports $(wc -l < "$HS_RUN/exported") hs_* symbols, the ABI has $(wc -l < "$HS_RUN/symfile")"
hs_check "hascout exports exactly the hs_* symbols of plugin.sym" \
    show_diff "$HS_RUN/symfile" "$HS_RUN/exported" "hascout's dynamic symbols"

# Every built plugin imports only ABI symbols: any other
# hs_* import would be unresolved once the executable is sealed.
plugdir=${HASCOUT_PLUGIN_PATH:-${HS_TOP_BUILDDIR:-.}/plugins/.libs}
nplug=0
# (the loader tests' fixture plugins too, when make check built them)
for so in "$plugdir"/*.so "${HS_TOP_BUILDDIR:-.}"/tests/plugins/.libs/*.so; do
    [ -f "$so" ] || continue
    nplug=$((nplug + 1))
    nm -D --undefined-only "$so" | awk '{ print $NF }' | sed 's/@.*//' |
        grep -E '^hs_' | sort -u > "$HS_RUN/imports"
    hs_check "$(basename "$so") imports only ABI hs_* symbols" \
        sh -c "[ -z \"\$(comm -23 '$HS_RUN/imports' '$HS_RUN/symfile')\" ] ||
               { echo \"$(basename "$so") imports non-ABI: \$(comm -23 '$HS_RUN/imports' '$HS_RUN/symfile' | tr '\n' ' ')\" >&2; false; }"
done
hs_check "found built plugins in $plugdir" test "$nplug" -ge 1
hs_done
