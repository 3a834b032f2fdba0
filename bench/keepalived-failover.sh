#!/bin/bash
# bench/keepalived-failover.sh [BUILDDIR] — time from killing the VRRP
# master to `hascout report` naming the new MASTER, on the real two-node
# lab of tests/lab/keepalived/lab.sh. Prints the median, min and max over
# KA_BENCH_RUNS runs (default 10) for a crash (kill -9) and a clean stop
# (SIGTERM). hascout is polled in a loop (each poll is a full run of the
# binary with the state_file method), so the figure includes its own
# latency. KA_ADVERT / KA_VERSION set the VRRP timers (default 1 s, v2).
HS_TOP_SRCDIR=${HS_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
HS_TOP_BUILDDIR=${1:-${HS_TOP_BUILDDIR:-$PWD}}
HASCOUT_BIN=$HS_TOP_BUILDDIR/hascout
HASCOUT_PLUGIN_PATH=$HS_TOP_BUILDDIR/plugins/.libs
HS_LAB_NAME=keepalived-failover
export HS_TOP_SRCDIR HS_TOP_BUILDDIR HASCOUT_BIN HASCOUT_PLUGIN_PATH
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/keepalived/lab.sh"
RUNS=${KA_BENCH_RUNS:-10}

progress() { [ -t 2 ] && printf '\r%-60s' "$*" >&2; return 0; }

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

# stats LIST... — median, min, max (integers, ms).
stats() {
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
        printf "median %d ms, min %d ms, max %d ms (n=%d)\n", m, v[1], v[NR], NR }'
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
        ka_stop 1 "$sig" || exit 1
        hs_wait_until 30 "master_is n2" || exit 1
        times+=("$(hs_elapsed_ms "$t0")")
    done
    progress ""
    [ -t 2 ] && printf '\r' >&2
    printf 'keepalived failover (%s of the master, VRRPv%s advert_int %s s) -> hascout names new MASTER: %s\n' \
        "$sig" "$KA_VERSION" "$KA_ADVERT" "$(stats "${times[@]}")"
}

measure KILL
measure TERM
