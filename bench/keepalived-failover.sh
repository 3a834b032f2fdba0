#!/bin/bash
# bench/keepalived-failover.sh [BUILDDIR] — time from killing the VRRP
# master to `hascout report` naming the new MASTER, on the real two-node
# lab of tests/lab/keepalived/lab.sh. Prints the median, min and max over
# KA_BENCH_RUNS runs (default 10) for a crash (kill -9) and a clean stop
# (SIGTERM). hascout is polled in a loop (each poll is a full run of the
# binary with the state_file method), so the figure includes its own
# latency. KA_ADVERT / KA_VERSION set the VRRP timers (default 1 s, v2).
HS_LAB_NAME=keepalived-failover
source "$(dirname "$0")/../tests/lab/keepalived/bench.sh"
RUNS=${KA_BENCH_RUNS:-10}

hs_mkrun
ka_lab_need
ka_lab_up 2 || { hs_log "could not build the namespaces"; exit 1; }
CONF=$HS_RUN/bench.conf
ka_conf "$CONF" state_file
OUT=$HS_RUN/poll.json

master_is() {
    "$HASCOUT_BIN" --config "$CONF" report --format json -o "$OUT" >/dev/null 2>&1
    [ "$(jq -r '.targets[0].components[] | select(.id == "vrrp:VI_1") | .labels.master' "$OUT" 2>/dev/null)" = "$1" ]
}

measure() {
    local sig=$1 i t0 times=()
    for ((i = 1; i <= RUNS; i++)); do
        progress "$sig run $i/$RUNS: settling"
        if ! ka_running 1; then ka_start 1 || exit 1; fi
        if ! ka_running 2; then ka_start 2 || exit 1; fi
        ka_wait_states 30 MASTER BACKUP || exit 1
        hs_wait_until 30 "master_is n1" || exit 1
        progress "$sig run $i/$RUNS: failing over"
        t0=$(date +%s%N)
        # Stop in the background: a clean stop takes keepalived about a
        # second to finish, while the handover starts at once.
        ka_stop 1 "$sig" &
        hs_wait_until 30 "master_is n2" || exit 1
        times+=("$(hs_elapsed_ms "$t0")")
        wait $! || exit 1
    done
    progress ""
    printf 'keepalived failover (%s of the master, VRRPv%s advert_int %s s) -> hascout names new MASTER: %s\n' \
        "$sig" "$KA_VERSION" "$KA_ADVERT" "$(summary "%d ms" "${times[@]}")"
}

measure KILL
measure TERM
