#!/bin/bash
# The core's layers, as ARCHITECTURE.md draws them, lowest first:
#
#   0 public   core/hascout/ (the plugin ABI's header), hs-build.h
#   1 util     core/util/    bounded reader, errors, children, sandbox, trust
#   2 abi      core/abi/     what the binary exports to plugins
#   3 host     core/host/    run config, loader, probe hosts, runner, protocols
#   4 engine   core/model/   fault trees, BDD, cut sets, Monte Carlo
#   5 eval     core/eval/    architectures, technologies, comparison
#   6 live     core/live/    probe results on the model, history
#   7 plan     core/plan/    what-if, rolling plans
#   8 report   reports/      the one report and its renderers
#   9 app      core/app/     command line, run pipeline, lock
#
# A file may include headers of its own layer or of layers below it, never
# above. Plugins (plugins/NAME/) may include the public header and their own
# files only: they link nothing of the core. A new directory under core/
# fails here until it is given a layer. Every source of the core compiles
# into exactly one object (the layers are libraries that programs link, not
# source lists each program compiles again).
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd sed grep find sort
cd "$HS_TOP_SRCDIR" || exit 1

# rank PATH — the layer of a file (by its directory), or "?" when none.
rank() {
    case $1 in
        core/hascout/*|hs-build.h) echo 0 ;;
        core/util/*) echo 1 ;;
        core/abi/*) echo 2 ;;
        core/host/*) echo 3 ;;
        core/model/*) echo 4 ;;
        core/eval/*) echo 5 ;;
        core/live/*) echo 6 ;;
        core/plan/*) echo 7 ;;
        reports/*) echo 8 ;;
        core/app/*) echo 9 ;;
        plugins/*) echo P ;;
        *) echo "?" ;;
    esac
}

# resolve FILE NAME — the path an #include "NAME" in FILE reads, the way the
# compiler looks: beside FILE, then -I core, then -I top (and the generated
# hs-build.h). Prints nothing when it is none of ours.
resolve() {
    local dir base
    dir=$(dirname "$1")
    for base in "$dir" core .; do
        if [ -f "$base/$2" ]; then
            realpath -m --relative-to=. "$base/$2"
            return
        fi
    done
    [ "$2" = hs-build.h ] && echo hs-build.h
}

bad=()
unranked=()
files=$(find core reports plugins -name '*.[ch]' | sort)
hs_check "sources found ($(echo "$files" | grep -c .))" test "$(echo "$files" | grep -c .)" -ge 100
for f in $files; do
    fr=$(rank "$f")
    if [ "$fr" = "?" ]; then
        unranked+=("$f")
        continue
    fi
    while IFS= read -r name; do
        target=$(resolve "$f" "$name")
        [ -n "$target" ] || continue
        tr=$(rank "$target")
        if [ "$fr" = P ]; then
            # a plugin: the public header or its own directory
            pdir=$(echo "$f" | cut -d/ -f1-2)
            case $target in
                core/hascout/*|"$pdir"/*) ;;
                *) bad+=("$f includes $target (plugins see the public header only)") ;;
            esac
        elif [ "$tr" = "?" ] || [ "$tr" = P ] || [ "$tr" -gt "$fr" ]; then
            bad+=("$f (layer $fr) includes $target (layer $tr)")
        fi
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
done
hs_check "every core source lies in a layer's directory${unranked:+: ${unranked[*]}}" \
    test "${#unranked[@]}" -eq 0
hs_check "no include reaches a layer above its file's" test "${#bad[@]}" -eq 0
for b in "${bad[@]}"; do echo "# $b"; done

# The checker itself: it must see a violation when there is one.
probe=core/util/.layers-probe.c
hs_check "the checker resolves a header of a higher layer" \
    test "$(resolve "$probe" app/pipeline.h)" = core/app/pipeline.h -a \
         "$(rank core/app/pipeline.h)" -gt "$(rank "$probe")"

# Each source of the core compiles once: objects are named SRC.o, or
# PREFIX-SRC.o when a program compiles it again with its own flags.
if [ -n "${HS_TOP_BUILDDIR:-}" ] && [ -d "$HS_TOP_BUILDDIR/core" ]; then
    again=()
    for f in $(find core reports -name '*.c' | sort); do
        d=$(dirname "$f") b=$(basename "$f" .c)
        n=$(find "$HS_TOP_BUILDDIR/$d" -maxdepth 1 \( -name "$b.o" -o -name "*-$b.o" \) | grep -c .)
        [ "$n" -le 1 ] || again+=("$f: $n objects")
    done
    objs=$(find "$HS_TOP_BUILDDIR/core/util" -maxdepth 1 -name '*.o' | grep -c .)
    hs_check "the build tree holds the core's objects ($objs in core/util)" test "$objs" -ge 5
    hs_check "every core source compiles into one object${again:+: ${again[*]}}" \
        test "${#again[@]}" -eq 0
fi
hs_done
