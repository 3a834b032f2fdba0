#!/bin/bash
# bench/netfaults-bench.sh — detection time from fault to verdict for a
# blackholed node (issue 19), remote vs local, on the namespace lab of
# tests/lab/netfaults/lab.sh (root).
#   remote: hascout in the monitor namespace; the node drops every packet
#           from the monitor (nft drop, no RST);
#   local:  hascout in the node's own namespace, reaching it at its own
#           address; the node drops every packet from that address.
# Per round: the drop goes in, the clock starts, `hascout report` runs until
# the node is UNKNOWN; the time to that report's end is the detection time.
# Also the healthy report's wall time, remote and local. Median of ROUNDS
# (default 5). Targets: galera (g3 of 3 nodes, connect_timeout 2 s),
# haproxy (lb1's stats page, connect_timeout 2 s) and ceph (the Ceph host's
# mon through librados, client_mount_timeout 2 s; locally the blackhole
# drops the probe user's packets, not the host's own address, which its
# mgr and OSDs share: tests/lab/netfaults/ceph.sh). Usage:
#   sudo HASCOUT_BIN=... HASCOUT_PLUGIN_PATH=... HS_TOP_SRCDIR=... \
#        bench/netfaults-bench.sh [galera] [haproxy] [ceph]
: "${HS_TOP_SRCDIR:?set HS_TOP_SRCDIR, HASCOUT_BIN and HASCOUT_PLUGIN_PATH}"
ROUNDS=${ROUNDS:-5}
HS_LAB_NAME=netfaults-bench
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/netns.sh"
source "$HS_TOP_SRCDIR/tests/lab/galera/lab.sh"
source "$HS_TOP_SRCDIR/tests/lab/haproxy/lab.sh"
source "$HS_TOP_SRCDIR/tests/lab/netfaults/lab.sh"
what=("$@")
[ ${#what[@]} -gt 0 ] || what=(galera haproxy ceph)

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# detect HOST NODE FROM CONF JQ-UNKNOWN — one round: ms from the drop to a
# report where JQ-UNKNOWN holds (FROM "probe": the probe user's packets)
detect() {
    local host=$1 node=$2 from=$3 cfg=$4 cond=$5 t0 ms
    if [ "$from" = probe ]; then
        nf_ceph_blackhole_probe "$node"
    else
        nf_blackhole "$node" "$from"
    fi
    t0=$(date +%s%N)
    until nf_in "$host" "$cfg" "$HS_RUN/d.json" && jq -e "$cond" "$HS_RUN/d.json" >/dev/null; do
        [ "$(hs_elapsed_ms "$t0")" -lt 30000 ] || { echo "never detected" >&2; break; }
    done
    ms=$(hs_elapsed_ms "$t0")
    nf_heal "$node"
    echo "$ms"
}

# row LABEL HOST NODE FROM CONF COND — the healthy time and the detection time
row() {
    local ok=() det=() i
    for ((i = 0; i < ROUNDS; i++)); do
        nf_in "$2" "$5" "$HS_RUN/h.json"
        ok+=("$(cat "$HS_RUN/ms")")
        det+=("$(detect "$2" "$3" "$4" "$5" "$6")")
    done
    printf '%-26s healthy report %5s ms   blackholed node detected %5s ms   (runs: %s)\n' \
        "$1" "$(median "${ok[@]}")" "$(median "${det[@]}")" "${det[*]}"
}

hs_mkrun
nf_lab_init "nfb$$"
echo "machine: $(nproc) cores, $(uname -r); median of $ROUNDS"
for w in "${what[@]}"; do
    case $w in
    galera)
        gal_lab_need
        nf_gal_start || exit 1
        nf_gal_config "$HS_RUN/g.conf" 10.0 'connect_timeout = 2; read_timeout = 2; write_timeout = 2;'
        c='.targets[0].components[] | select(.id == "198.51.100.13:3306") | .state == "UNKNOWN"'
        row "galera g3, remote" mon g3 "${NF_ADDR[mon]}" "$HS_RUN/g.conf" "$c"
        row "galera g3, local" g3 g3 "${NF_ADDR[g3]}" "$HS_RUN/g.conf" "$c"
        ;;
    haproxy)
        nf_hap_start || exit 1
        nf_hap_config "$HS_RUN/h.conf" 6.0 'connect_timeout = 2;'
        c='.targets[0].status == "UNKNOWN"'
        row "haproxy lb1, remote" mon lb1 "${NF_ADDR[mon]}" "$HS_RUN/h.conf" "$c"
        row "haproxy lb1, local" lb1 lb1 "${NF_ADDR[lb1]}" "$HS_RUN/h.conf" "$c"
        ;;
    ceph)
        # not part of every build: say so and go on with the others
        if ! command -v ceph-mon >/dev/null || [ ! -e "$HASCOUT_PLUGIN_PATH/ceph.so" ]; then
            echo "ceph: skipped (no ceph-mon or no ceph.so)"
            continue
        fi
        nf_ceph_start || exit 1
        nf_ceph_config "$HS_RUN/c.conf" \
            "$(nf_ceph_target rados 8.0 'client_mount_timeout = 2; rados_mon_op_timeout = 2;')"
        c='.targets[0].status == "UNKNOWN"'
        row "ceph mon, remote" mon ceph "${NF_ADDR[mon]}" "$HS_RUN/c.conf" "$c"
        row "ceph mon, local" ceph ceph probe "$HS_RUN/c.conf" "$c"
        ;;
    *) echo "unknown: $w (galera, haproxy, ceph)" >&2; exit 2 ;;
    esac
done
hs_done >/dev/null 2>&1
