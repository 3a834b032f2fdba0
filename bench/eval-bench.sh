#!/bin/sh
# bench/eval-bench.sh HASCOUT — prints what the reference comparison costs
# (wall, CPU, peak RSS) with the default Monte Carlo and without it, and
# its headline figures. Prints figures only; asserts nothing.
set -eu
bin=${1:?usage: eval-bench.sh HASCOUT}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { # run LABEL ARGS...
    label=$1
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$bin" compare --json "$@" >"$tmp/out.json"
    read -r wall user sys rss <"$tmp/t"
    printf '%-34s wall %6.2f s  cpu %6.2f s  peak RSS %6d KiB\n' "$label" \
        "$wall" "$(echo "$user + $sys" | bc)" "$rss"
}
for i in 1 2 3; do run "reference comparison (default) #$i"; done
run "exact only (--no-simulate)" --no-simulate
run "Monte Carlo 20000 years" --years 20000
echo
echo "headline figures (default run):"
"$bin" compare --json >"$tmp/out.json"
jq -r '.architectures[] | "  \(.name): weighted availability \(.weighted_availability * 100 | tostring | .[0:8]) %, \(.diff_points | tostring | .[0:7]) points vs baseline, weighted downtime \(.weighted_downtime_h_per_year | tostring | .[0:6]) h/yr\(if .adds_without_gain then ", ADDS TECHNOLOGY WITHOUT GAIN" else "" end)"' "$tmp/out.json"
