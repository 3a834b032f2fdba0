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
# haproxy (lb1's stats page, connect_timeout 2 s), ceph (the Ceph host's
# mon through librados, client_mount_timeout 2 s; locally the blackhole
# drops the probe user's packets, not the host's own address, which its
# mgr and OSDs share: tests/lab/netfaults/ceph.sh) and keepalived (lb1 and
# lb2 over SNMP v2c, snmp_timeout 2 s: lb2's snmpd blackholed as above; and
# the master killed: keepalived on lb1 killed by PID, the clock from the
# kill to the first report that sees lb1 down and to the first that names
# lb2 MASTER, remote = over SNMP from the monitor, local = the state files
# (notify helper + pid file) read in lb2's namespace; lb1 restarted and
# settled between rounds). Usage:
#   sudo HASCOUT_BIN=... HASCOUT_PLUGIN_PATH=... HS_TOP_SRCDIR=... \
#        bench/netfaults-bench.sh [galera] [haproxy] [ceph] [keepalived]
: "${HS_TOP_SRCDIR:?set HS_TOP_SRCDIR, HASCOUT_BIN and HASCOUT_PLUGIN_PATH}"
ROUNDS=${ROUNDS:-5}
HS_LAB_NAME=netfaults-bench
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/netns.sh"
source "$HS_TOP_SRCDIR/tests/lab/galera/lab.sh"
source "$HS_TOP_SRCDIR/tests/lab/haproxy/lab.sh"
source "$HS_TOP_SRCDIR/tests/lab/netfaults/lab.sh"
what=("$@")
[ ${#what[@]} -gt 0 ] || what=(galera haproxy ceph keepalived)

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

# killed LABEL HOST CONF — keepalived on lb1 killed, ROUNDS times: ms to a
# report where lb1 is not MASTER any more, and to one where lb2 is MASTER
killed() {
    local seen=() over=() i t0 s o
    local down='.targets[0].components[] | select(.id == "vrrp:VI_1@lb1") | .labels.state != "MASTER"'
    local new='.targets[0].components[] | select(.id == "vrrp:VI_1") | .labels.master == "lb2"'
    for ((i = 0; i < ROUNDS; i++)); do
        s="" o=""
        t0=$(date +%s%N)
        nf_ka_kill lb1 || exit 1
        until [ -n "$o" ]; do
            nf_in "$2" "$3" "$HS_RUN/k.json" || true
            [ -z "$s" ] && jq -e "$down" "$HS_RUN/k.json" >/dev/null 2>&1 && s=$(hs_elapsed_ms "$t0")
            jq -e "$new" "$HS_RUN/k.json" >/dev/null 2>&1 && o=$(hs_elapsed_ms "$t0")
            [ "$(hs_elapsed_ms "$t0")" -lt 30000 ] || { echo "never detected" >&2; o=-1; }
        done
        seen+=("${s:--1}") over+=("$o")
        nf_ka_restart lb1 && hs_wait_until 30 nf_ka_settled || {
            hs_log "not settled: SNMP lb1 $(nf_ka_state mon lb1), lb2 $(nf_ka_state mon lb2);" \
                "$(grep -h '^VI_1' "$(nf_ka_dir lb1)/vrrp.state" "$(nf_ka_dir lb2)/vrrp.state")"
            exit 1
        }
    done
    printf '%-26s lb1 down seen %5s ms   lb2 MASTER seen %5s ms   (runs: %s)\n' \
        "$1" "$(median "${seen[@]}")" "$(median "${over[@]}")" "${over[*]}"
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
    keepalived)
        nf_ka_start || exit 1
        nf_ka_config "$HS_RUN/k.conf" 6.0 "$(nf_ka_node lb1 v2), $(nf_ka_node lb2 v2)"
        nf_ka_config "$HS_RUN/kf.conf" 6.0 "$(nf_ka_node lb1 file), $(nf_ka_node lb2 file)"
        c='.targets[0].components[] | select(.id == "node:lb2") | .state == "UNKNOWN"'
        row "keepalived lb2, remote" mon lb2 "${NF_ADDR[mon]}" "$HS_RUN/k.conf" "$c"
        row "keepalived lb2, local" lb2 lb2 "${NF_ADDR[lb2]}" "$HS_RUN/k.conf" "$c"
        killed "keepalived killed, remote" mon "$HS_RUN/k.conf"
        killed "keepalived killed, local" lb2 "$HS_RUN/kf.conf"
        ;;
    *) echo "unknown: $w (galera, haproxy, ceph, keepalived)" >&2; exit 2 ;;
    esac
done
hs_done >/dev/null 2>&1
