#!/bin/bash
# bench/keepalived-probe-cost.sh [BUILDDIR] — the keepalived plugin's
# cost per node for each reading method (state_file, dump json, dump
# text), on the real two-node lab: `hascout report` is run KA_BENCH_RUNS
# times (default 20) per method and the target's duration_s (measured by
# the core around the plugin in its child: load, configure, probe, score)
# is divided by the number of nodes; and bench/keepalived-read (built here
# with `make bench/keepalived-read`) times the plugin's read of one node
# alone. Prints median and range per method, and the median wall time of
# the whole hascout run for context.
HS_LAB_NAME=keepalived-probe-cost
source "$(dirname "$0")/../tests/lab/keepalived/bench.sh"
RUNS=${KA_BENCH_RUNS:-20}

make -s -C "$HS_TOP_BUILDDIR" bench/keepalived-read >/dev/null || exit 1
READ=$HS_TOP_BUILDDIR/bench/keepalived-read

hs_mkrun
ka_lab_need
ka_lab_up 2 || { hs_log "could not build the namespaces"; exit 1; }
ka_start 1 && ka_start 2 && ka_wait_states 30 MASTER BACKUP || exit 1

for spec in "state_file json" "dump json" "dump text"; do
    set -- $spec
    conf=$HS_RUN/$1-$2.conf
    ka_conf "$conf" "$1" "$2"
    per_node=()
    wall=()
    for ((i = 1; i <= RUNS; i++)); do
        progress "$1 $2: run $i/$RUNS"
        t0=$(date +%s%N)
        "$HASCOUT_BIN" --config "$conf" report --format json -o "$HS_RUN/r.json" >/dev/null 2>&1
        wall+=("$(awk -v ns=$(( $(date +%s%N) - t0 )) 'BEGIN { printf "%.3f", ns / 1e6 }')")
        st=$(jq -r '.targets[0].status' "$HS_RUN/r.json")
        [ "$st" = OK ] || { hs_log "status $st, expected OK"; exit 1; }
        per_node+=("$(jq -r '.targets[0].duration_s * 1000 / 2' "$HS_RUN/r.json")")
    done
    progress ""
    label=$1
    [ "$1" = dump ] && label="dump ($2)"
    d=$(ka_dir 2)
    if [ "$1" = dump ]; then what=$d; how=$2; else what=$d/vrrp.state; how=state_file; fi
    printf 'keepalived %-12s per node: plugin read alone %s; in hascout (duration_s / 2) %s; whole hascout run %s\n' \
        "$label" "$("$READ" "$RUNS" "$how" "$what" "$d/keepalived.pid")" \
        "$(summary "%.3f ms" "${per_node[@]}")" "$(summary "%.1f ms" "${wall[@]}")"
done
