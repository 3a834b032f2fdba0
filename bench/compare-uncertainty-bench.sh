#!/bin/sh
# bench/compare-uncertainty-bench.sh HASCOUT [SAMPLES] — what the paired
# uncertainty analysis of the reference comparison (5 architectures, 5
# services) costs: samples per second on one core and on every core, pinned
# with taskset, 5 runs each (median and best of the sampling's own wall time,
# and the whole command's). Prints the machine's load first: wall times on a
# shared machine are noisy. Prints figures only; asserts nothing.
set -eu
bin=${1:?usage: compare-uncertainty-bench.sh HASCOUT [SAMPLES]}
samples=${2:-10000}
cores=$(nproc)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $cores cores, $samples paired samples"
bench() { # bench LABEL CPUS THREADS
    : >"$tmp/s"
    : >"$tmp/w"
    for _ in 1 2 3 4 5; do
        /usr/bin/time -f "%e" -o "$tmp/t" taskset -c "$2" "$bin" compare --json --no-simulate \
            --uncertainty --samples "$samples" --threads "$3" >"$tmp/out.json"
        jq -r .uncertainty.seconds "$tmp/out.json" >>"$tmp/s"
        cat "$tmp/t" >>"$tmp/w"
    done
    s_med=$(sort -g "$tmp/s" | sed -n 3p)
    s_min=$(sort -g "$tmp/s" | sed -n 1p)
    w_med=$(sort -g "$tmp/w" | sed -n 3p)
    printf '%-22s sampling median %6.3f s (best %6.3f s): %8.0f samples/s (best %8.0f); whole command median %5.2f s\n' \
        "$1" "$s_med" "$s_min" "$(echo "$samples / $s_med" | bc -l)" \
        "$(echo "$samples / $s_min" | bc -l)" "$w_med"
}
bench "one core" 0 1
bench "all $cores cores" "0-$((cores - 1))" "$cores"
echo
echo "weighted gain over the baseline, 5 / 50 / 95 % (points), P(beats baseline):"
jq -r '.uncertainty.architectures[1:][] | "  \(.name): \(.weighted.gain_points | "\(.p05*1e4|round/1e4) / \(.median*1e4|round/1e4) / \(.p95*1e4|round/1e4)"), P \(.weighted.p_beats_baseline)"' "$tmp/out.json"
