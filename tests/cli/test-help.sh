#!/bin/bash
# Every command the dispatcher accepts is listed by `hascout --help` and in
# hascout(1)'s COMMANDS section, and the man page names every report format.
# The commands are read from the dispatcher's source (core/app/main.c's built-in
# ones, core/app/cli_ext.c's table, core/model/cli.c's sub-commands), so a new
# command fails this test until both lists name it.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd sed awk grep
hs_mkrun
src=$HS_TOP_SRCDIR
man=$src/man/hascout.1

builtin=$(sed -n 's/.*strcmp(cmd, "\([a-z-]*\)") == 0.*/\1/p' "$src/core/app/main.c")
ext=$(sed -n 's/^ *{"\([a-z-]*\)", *hs_[a-z_]*_cli},.*/\1/p' "$src/core/app/cli_ext.c")
modelsub=$( (grep -o 'strcmp(argv\[1\], "[a-z]*")' "$src/core/model/cli.c"
    grep -o 'strcmp(argv\[at\], "[a-z]*")' "$src/core/app/model_cli.c") |
    sed 's/.*"\([a-z]*\)".*/\1/' | grep -v '^h$' | sort -u)
# a reshaped dispatcher must fail here, not pass with nothing to check
hs_check "built-in commands found in core/app/main.c ($(echo $builtin))" \
    test "$(echo "$builtin" | grep -c .)" -ge 4
hs_check "extension commands found in core/app/cli_ext.c ($(echo $ext))" \
    test "$(echo "$ext" | grep -c .)" -ge 1 -a \
         "$(echo "$ext" | grep -c .)" -eq "$(grep -c '^ *{"[a-z-]*", *hs_[a-z_]*_cli},' "$src/core/app/cli_ext.c")"
hs_check "model sub-commands found in core/model/cli.c and core/app/model_cli.c ($(echo $modelsub))" \
    test "$(echo "$modelsub" | grep -c .)" -ge 4

"$HASCOUT_BIN" --help > "$HS_RUN/help"
hs_check "--help exits 0" test $? -eq 0
# the COMMANDS section of the man page: each entry's tag (the line after
# .TP), with the font macros and escapes taken out
awk '/^\.SH / { on = ($2 == "COMMANDS") } on && tp { print; tp = 0 } on && /^\.TP/ { tp = 1 }' \
    "$man" | sed -E 's/^\.B[IR]? +//; s/\\f[BIRP]//g; s/"//g; s/\\-/-/g' > "$HS_RUN/mancmds"
hs_check "man page has a COMMANDS section" test -s "$HS_RUN/mancmds"

# in_help WORDS — a line of --help's command list starts with WORDS
in_help() { grep -Eq "^  $1( |\$)" "$HS_RUN/help"; }
# in_man WORDS — an entry of the man page's COMMANDS section is tagged WORDS
in_man() { grep -Eq "^$1( |\$)" "$HS_RUN/mancmds"; }

# the binary agrees with what was read from its source: each extension
# command answers --help with its own usage (a built-in's --help is the
# global one, so only the lists below can speak for those)
for c in $ext; do
    "$HASCOUT_BIN" "$c" --help > "$HS_RUN/usage.$c" 2>&1
    hs_check "$c --help exits 0" test $? -eq 0
    hs_check "$c --help prints its own usage" grep -q "^usage: hascout $c" "$HS_RUN/usage.$c"
done

for c in $builtin $ext; do
    if [ "$c" = model ]; then
        for s in $modelsub; do
            hs_check "model $s: in --help" in_help "model $s"
            hs_check "model $s: in hascout(1) COMMANDS" in_man "model $s"
        done
    else
        hs_check "$c: in --help" in_help "$c"
        hs_check "$c: in hascout(1) COMMANDS" in_man "$c"
    fi
done

# the formats `report` accepts, from its check in core/app/main.c
formats=$(grep -o 'strcmp(o->format, "[a-z]*") != 0' "$src/core/app/main.c" |
    sed 's/.*"\([a-z]*\)".*/\1/')
hs_check "report formats found in core/app/main.c ($(echo $formats))" \
    test "$(echo "$formats" | grep -c .)" -ge 2
opt=$(awk '/^\.BR \\-f/ { on = 1; next } on && /^\./ { exit } on' "$man")
for f in $formats; do
    hs_check "--format $f: in --help" grep -Eq -- "--format FMT .*\\b$f\\b" "$HS_RUN/help"
    hs_check "--format $f: in hascout(1) OPTIONS" grep -Eq "\\b$f\\b" <<< "$opt"
done
hs_done
