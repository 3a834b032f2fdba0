#!/bin/bash
# bench/model-bench.sh CLI DATA — prints, for every tree in aralia/ and
# real-probabilities/, the whole-process time and peak RSS of the exact
# probability and of the cut-set count, then Monte Carlo events per second
# per core. Figures only; nothing here asserts a time. A tree too hard for
# an exact BDD shows its cut-set lower bound as >=P (an estimate that bounds
# nothing as ~P) and its count as N(<=order).
#   CLI:  tests/model/model-cli (or anything accepting `analyze`/`simulate`)
#   DATA: tests/model/data (holds fault-trees/ and the example models)
set -u
cli=${1:?usage: model-bench.sh CLI DATA}
data=${2:?usage: model-bench.sh CLI DATA}
limit=${HS_BENCH_TIMEOUT:-60}
ft=$data/fault-trees
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package: time)"; exit 1; }

run() { # run OUTFILE ARGS... → "seconds peakKiB rc"
    local out=$1; shift
    /usr/bin/time -f '%e %M' -o "$out.time" timeout "$limit" "$cli" "$@" >"$out" 2>/dev/null
    local rc=$?
    printf '%s %s\n' "$(tail -1 "$out.time")" "$rc"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-26s %6s %14s %8s %9s %14s %9s %9s\n' tree events 'P(top)' 'time_s' 'rss_MiB' \
    'MCS' 'mcs_s' 'mcs_MiB'
row() { # row LABEL FILES...
    local label=$1; shift
    read -r t kb rc < <(run "$tmp/p" analyze --format json "$@")
    local p n
    if [ "$rc" -eq 0 ]; then
        # ">=" / "~" mark the cut-set answer given when no exact BDD was made
        p=$(jq -r '.tops[0] | if .exact == false then "\(if .approximation.bound == "lower" then ">=" else "~" end)\(.approximation.value)" else .probability end' "$tmp/p")
        n=$(jq -r '.basic_events' "$tmp/p")
    else
        p=$([ "$rc" -eq 124 ] && echo "timeout" || echo "error"); n=-
    fi
    read -r mt mkb mrc < <(run "$tmp/m" analyze --format json --mcs --limit 0 "$@")
    local c
    if [ "$mrc" -eq 0 ]; then
        c=$(jq -r '.tops[0] | if .exact == false then "\(.cut_sets.count)(<=\(.approximation.order_limit))" else .cut_sets.count end' "$tmp/m")
    else c=$([ "$mrc" -eq 124 ] && echo ">${limit}s" || echo "error"); fi
    printf '%-26s %6s %14s %8s %9.1f %14s %9s %9.1f\n' "$label" "$n" "$p" "$t" \
        "$(echo "$kb / 1024" | bc -l)" "$c" "$mt" "$(echo "$mkb / 1024" | bc -l)"
}
for f in "$ft"/aralia/*.xml; do row "$(basename "$f" .xml)" "$f"; done
for f in "$ft"/real-probabilities/*-basic-events.xml; do
    tree=${f%-basic-events.xml}.xml
    row "real/$(basename "$tree" .xml)" "$tree" "$f"
done

echo
echo "Monte Carlo (component events per CPU second, per core):"
for model in "$data/../two_of_three.conf" "$data/../web_stack.conf"; do
    for th in 1 2; do
        top=$( [ "$(basename "$model")" = web_stack.conf ] && echo "--top Web --up power" )
        # shellcheck disable=SC2086
        "$cli" simulate --format json --years 1000000 --seed 1 --threads $th $top "$model" >"$tmp/s" 2>/dev/null &&
        jq -r --arg m "$(basename "$model")" --arg t "$th" \
            '"  \($m) threads=\($t): \(.events) events, \(.wall_s | . * 1000 | round / 1000) s wall, \(.events_per_cpu_s / 1e6 | . * 10 | round / 10) M events/CPU-s"' "$tmp/s"
    done
done
