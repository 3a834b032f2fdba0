#!/bin/bash
# bench/galera-bench.sh — probe latency of the galera plugin against a real
# 3-node MariaDB Galera cluster on 127.0.0.1 (tests/lab/galera/lab.sh).
# Prints, median of ROUNDS (default 20):
#   - the transport alone (bench/galera_bench): one node, the 3 nodes one
#     after the other, the 3 nodes concurrently as the plugin does;
#   - the whole `hascout report` of a 1-node and of a 3-node target
#     (fork, dlopen, probe, score, JSON), from the report's duration_s.
# Run it through `make bench-galera` (sets the paths below).
: "${HS_TOP_SRCDIR:?run through make bench-galera}"
: "${GAL_BENCH_BIN:?run through make bench-galera}"
ROUNDS=${ROUNDS:-20}
HS_LAB_NAME=galera-bench
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/galera/lab.sh"

gal_lab_need
hs_mkrun
t0=$(date +%s%N)
gal_lab_start 3 || exit 1
echo "3-node cluster up in $(hs_elapsed_ms "$t0") ms"
echo "machine: $(nproc) cores, $(uname -r); $(mariadbd --version | cut -d' ' -f2-4)"
echo

nodes=()
for ((i = 1; i <= GAL_N; i++)); do nodes+=("127.0.0.1:${GAL_PORT[$i]}"); done
echo "== transport (bench/galera_bench, connect + 2 queries per node)"
"$GAL_BENCH_BIN" -n "$ROUNDS" "$GAL_USER" "$GAL_PWFILE" "${nodes[@]}" || exit 1
echo

# median of the target's duration_s over ROUNDS reports
report_median() {
    local cfg=$1 r out=$HS_RUN/bench.json want=${3:-OK}
    for ((r = 1; r <= ROUNDS; r++)); do
        [ -t 2 ] && printf '\r%s: round %d/%d ' "$2" "$r" "$ROUNDS" >&2
        gal_report "$cfg" "$out" || return 1
        [ "$(jq -r '.targets[0].status' "$out")" = "$want" ] ||
            { hs_log "report not $want: $(jq -c '.targets[0].reasons' "$out")"; return 1; }
        jq -r '.targets[0].duration_s' "$out"
    done | sort -g | awk -v what="$2" '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%-34s median %7.2f ms  min %7.2f ms  max %7.2f ms  (n=%d)\n",
               what, m * 1000, v[1] * 1000, v[NR] * 1000, NR }'
    [ -t 2 ] && printf '\r%60s\r' '' >&2
    return 0
}

if [ -x "${HASCOUT_BIN:-}" ]; then
    echo "== hascout report, duration_s of the target (fork + dlopen + probe + score)"
    gal_lab_config "$HS_RUN/three.conf"
    sed "s|nodes = \[[^]]*\]|nodes = [ \"${nodes[0]}\" ]|" "$HS_RUN/three.conf" >"$HS_RUN/one.conf"
    sed -i 's|user = |expected_size = 3; user = |' "$HS_RUN/one.conf"
    # baseline: the same life cycle against a port nothing listens on
    # (refused at once), i.e. what the core and the client library cost
    sed "s|nodes = \[[^]]*\]|nodes = [ \"127.0.0.1:$(gal_port)\" ]|" "$HS_RUN/three.conf" >"$HS_RUN/none.conf"
    report_median "$HS_RUN/none.conf" "baseline: 1 refused node" CRITICAL || exit 1
    report_median "$HS_RUN/one.conf" "1-node target" || exit 1
    report_median "$HS_RUN/three.conf" "3-node target" || exit 1
    echo
    echo "== the plugin's own per-node latency metric in the last 3-node report"
    jq -r '.targets[0].components[] | select(.kind == "node") |
           "\(.id): \(.metrics[] | select(.name == "latency") | .value * 1000 | . * 100 | round / 100) ms"' \
        "$HS_RUN/bench.json"
else
    echo "(hascout binary not built: skipping the end-to-end figures)"
fi
