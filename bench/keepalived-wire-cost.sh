#!/bin/bash
# bench/keepalived-wire-cost.sh [BUILDDIR] — the cost of keepalived's method
# "wire": two keepalived nodes (advert_int 1; VRID 61 over IPv4 and, as a
# second instance, over IPv6) and a monitor in network namespaces
# (tests/lab/netns.sh); `hascout report` runs in the monitor KA_BENCH_RUNS
# times (default 5) per family (ipv4, ipv6, both) with a 3 s window, and as
# many times with a 0.05 s one. Prints per family and window the target's
# duration_s and the CPU time (user + system) of the whole hascout run and
# its children (probe host, probe: bash `times` in a subshell); the
# difference between the two windows is what listening for 3 s costs.
# Without IPv6 in namespaces, only ipv4 is measured.
HS_LAB_NAME=keepalived-wire-cost
source "$(dirname "$0")/../tests/lab/keepalived/bench.sh"
source "$HS_TOP_SRCDIR/tests/lab/netns.sh"
RUNS=${KA_BENCH_RUNS:-5}

hs_need_lab
hs_ns_need
hs_need_cmd keepalived jq
hs_mkrun
hs_ns_bridge "wb$$br" || exit 1
FAMILIES="ipv4 ipv6 both"
for i in 1 2; do
    hs_ns_host "wb$$br" "wb$$l$i" "198.51.100.$i/24" || exit 1
    hs_ns_ipv6 "wb$$l$i" "$i"
    case $? in 0) ;; 77) FAMILIES=ipv4 ;; *) exit 1 ;; esac
    mkdir -p "$HS_RUN/lb$i"
    cat >"$HS_RUN/lb$i/keepalived.conf" <<CONF
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 61
    priority $((i == 1 ? 150 : 100))
    advert_int 1
    virtual_ipaddress { 198.51.100.100/24 }
}
CONF
    [ "$FAMILIES" = ipv4 ] || cat >>"$HS_RUN/lb$i/keepalived.conf" <<CONF
vrrp_instance VI_6 {
    state BACKUP
    interface eth0
    version 3
    virtual_router_id 61
    priority $((i == 1 ? 150 : 100))
    advert_int 1
    virtual_ipaddress { 2001:db8::100/64 }
}
CONF
    hs_ns_spawn "wb$$l$i" "$HS_RUN/lb$i/keepalived.log" keepalived -n -l -D \
        -f "$HS_RUN/lb$i/keepalived.conf" -p "$HS_RUN/lb$i/ka.pid" -r "$HS_RUN/lb$i/vrrp.pid"
done
hs_ns_host "wb$$br" "wb$$m" 198.51.100.9/24 || exit 1
[ "$FAMILIES" = ipv4 ] || hs_ns_ipv6 "wb$$m" 9 || exit 1
[ "$FAMILIES" = ipv4 ] && hs_log "no IPv6 in network namespaces: measuring ipv4 only"

# cpu_ms CONF — CPU ms (user + sys) of one hascout run and its children.
cpu_ms() {
    (
        ip netns exec "wb$$m" "$HASCOUT_BIN" --config "$1" report --format json \
            -o "$HS_RUN/r.json" >/dev/null 2>&1
        times
    ) | awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/);
                       printf "%.1f", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000 }'
}

for f in $FAMILIES; do
    for w in 3 0.05; do
        cat >"$HS_RUN/$f-w$w.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state"; };
targets = ( { name = "vip"; plugin = "keepalived"; method = "wire"; interface = "eth0";
              vrids = [ 61 ]; window = $w; deadline = 8.0; probe_caps = [ "net_raw" ];
              family = "$f"; } );
CONF
    done
done
# the masters must be heard before anything is measured
LAST=${FAMILIES##* }
hs_wait_until 20 "cpu_ms $HS_RUN/$LAST-w3.conf >/dev/null; [ \"\$(jq -r '.targets[0].status' $HS_RUN/r.json)\" = OK ]" ||
    exit 1
for f in $FAMILIES; do
    for w in 3 0.05; do
        cpu=()
        dur=()
        for ((i = 1; i <= RUNS; i++)); do
            progress "$f, window $w s: run $i/$RUNS"
            cpu+=("$(cpu_ms "$HS_RUN/$f-w$w.conf")")
            dur+=("$(jq -r '.targets[0].duration_s * 1000' "$HS_RUN/r.json")")
        done
        progress ""
        printf 'keepalived wire %s, window %-4s s: probe duration %s; CPU of the whole run %s\n' \
            "$f" "$w" "$(summary "%.0f ms" "${dur[@]}")" "$(summary "%.1f ms" "${cpu[@]}")"
    done
done
