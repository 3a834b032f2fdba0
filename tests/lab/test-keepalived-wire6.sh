#!/bin/bash
# tests/lab/test-keepalived-wire6.sh — keepalived's method "wire" over IPv6
# (VRRPv3, ff02::12) from a monitor host: two load balancers and a monitor,
# each its own network namespace on a bridge (tests/lab/netns.sh), with
# fixed link-local addresses (hs_ns_ipv6: fe80::1, fe80::2, fe80::9) so
# the routers are known. Each keepalived runs VRID 61
# twice: over IPv6 (VI_6, lb1 the MASTER) and over IPv4 (VI_4, lb2 the
# MASTER), two instances the wire keys per (family, VRID).
# Steady state (one owner per family, no split brain across them), no
# `family` and no routers (listens on both), the IPv6 master killed (the
# backup is the one heard), split brain by dropping IPv6 VRRP on lb2 (both
# named, the IPv4 VRID untouched), healed. SKIPs when namespaces have no
# IPv6.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/netns.sh"
source "$HS_TOP_SRCDIR/tests/lab/keepalived/snmp.sh"

hs_need_lab
hs_ns_need
hs_need_cmd keepalived nft jq sysctl
hs_mkrun

BR=wire6$$br
LB=(none "wire6$$l1" "wire6$$l2")
MON=wire6$$m
KPID=()

hs_ns_bridge "$BR" || { hs_log "cannot build the bridge"; exit 1; }

for i in 1 2 9; do
    ns=$MON
    [ "$i" = 9 ] || ns=${LB[$i]}
    hs_ns_host "$BR" "$ns" "198.51.100.$i/24" || { hs_log "cannot add $ns"; exit 1; }
    hs_ns_ipv6 "$ns" "$i"
    rc=$?
    [ "$rc" = 77 ] && hs_skip "no IPv6 in network namespaces"
    [ "$rc" = 0 ] || { hs_log "cannot give $ns its IPv6 addresses"; exit 1; }
done

# lb_start I — keepalived on lb I: VI_6 priority 150 on lb1, 100 on lb2;
# VI_4 the other way round.
lb_start() {
    local i=$1 d=$HS_RUN/lb$1 p6=100 p4=150
    [ "$i" = 1 ] && p6=150 && p4=100
    mkdir -p "$d"
    cat >"$d/keepalived.conf" <<CONF
global_defs {
    router_id wire6_lb$i
    vrrp_version 3
}
vrrp_instance VI_6 {
    state BACKUP
    interface eth0
    virtual_router_id 61
    priority $p6
    advert_int 1
    virtual_ipaddress {
        2001:db8::100/64
        2001:db8::101/64
    }
}
vrrp_instance VI_4 {
    state BACKUP
    interface eth0
    virtual_router_id 61
    priority $p4
    advert_int 1
    virtual_ipaddress {
        198.51.100.100/24
    }
}
CONF
    ka_ns_keepalived "${LB[$i]}" "$d" || return 1
    KPID[$i]=$KA_NS_PID
}

# lb_kill I — a crash: keepalived and its VRRP child killed by PID, so
# no priority 0 goodbye is sent.
lb_kill() { ka_ns_kill "$HS_RUN/lb$1" "${KPID[$1]}"; }

# conf FILE KEYS — a config with one wire target "vip" on VRID 61.
conf() {
    cat >"$1" <<CONF
hascout = { state_dir = "$HS_RUN/state"; };
targets = (
  { name = "vip"; plugin = "keepalived"; method = "wire"; interface = "eth0";
    vrids = [ 61 ]; window = 3.5; deadline = 8.0; probe_caps = [ "net_raw" ]; $2 }
);
CONF
}
conf "$HS_RUN/wire6.conf" 'family = "ipv6"; routers = [ "fe80::1", "fe80::2" ];'
conf "$HS_RUN/dual.conf" 'family = "both";
    routers = [ "fe80::1", "fe80::2", "198.51.100.1", "198.51.100.2" ];'
conf "$HS_RUN/any.conf" ""

# report CONF OUT — one JSON report, run in the monitor's namespace.
report() {
    hs_ns_exec "$MON" "$HASCOUT_BIN" --config "$1" report --format json -o "$2" \
        >/dev/null 2>>"$HS_RUN/hascout.log"
    [ -s "$2" ] || { hs_log "no report from $1"; return 1; }
    jq -c '.targets[] | {status, reasons}' "$2" >>"$HS_RUN/hascout.log"
}
status_of() { jq -r '.targets[0].status' "$1"; }
# master_of FILE SERVICE — the service's master label ("vrrp6:vrid61", ...)
master_of() { jq -r --arg s "$2" '.targets[0].components[] | select(.id == $s) | .labels.master' "$1"; }
jqe() { jq -e "$@" >/dev/null; }
has_reason() { jq -e --arg t "$2" '[.targets[0].reasons[].text | contains($t)] | any' "$1" >/dev/null; }
OUT=$HS_RUN/poll.json
# wait_for SECONDS COND — poll hascout (3.5 s a report) until COND holds.
wait_for() { hs_wait_until "$1" "report $HS_RUN/wire6.conf $OUT && $2"; }

lb_start 1 || exit 1
lb_start 2 || exit 1

# steady state: lb1 owns the IPv6 VRID, lb2 is its silent backup
wait_for 25 "[ \"\$(master_of $OUT vrrp6:vrid61)\" = fe80::1 ] && [ \"\$(status_of $OUT)\" = OK ]"
report "$HS_RUN/wire6.conf" "$HS_RUN/steady.json"
hs_check "steady: OK" [ "$(status_of "$HS_RUN/steady.json")" = OK ]
hs_check "steady: fe80::1 owns VRID 61 over IPv6" \
    [ "$(master_of "$HS_RUN/steady.json" vrrp6:vrid61)" = fe80::1 ]
hs_check "steady: fe80::1 heard at priority 150, v3, checksum ok, its IPv6 VIPs" jqe '
    .targets[0].components[] | select(.id == "vrrp6:vrid61@fe80::1")
    | (.metrics | map({(.name): .value}) | add) as $m
    | $m.priority == 150 and $m.advert_interval == 1 and $m.adverts >= 2
      and .labels.version == "3" and .labels.checksum == "ok" and .labels.family == "ipv6"
      and .labels.vips == "2001:db8::100,2001:db8::101"' "$HS_RUN/steady.json"
hs_check "steady: fe80::2 is silent (a backup)" jqe '.targets[0].components[]
    | select(.id == "vrrp6:vrid61@fe80::2") | .labels.state == "SILENT"' "$HS_RUN/steady.json"
hs_check "steady: no IPv4 service when family is ipv6" jqe '[.targets[0].components[]
    | select(.id == "vrrp:vrid61")] | length == 0' "$HS_RUN/steady.json"
hs_check "steady: nothing malformed" jqe '.targets[0].components[] | select(.id == "wire:eth0")
    | .labels.families == "ipv6" and
      ((.metrics | map({(.name): .value}) | add) | .malformed == 0 and .packets >= 3)' \
    "$HS_RUN/steady.json"

# both families: the same VRID is two instances, one owner each, no split brain
report "$HS_RUN/dual.conf" "$HS_RUN/dual.json"
hs_check "dual: OK" [ "$(status_of "$HS_RUN/dual.json")" = OK ]
hs_check "dual: lb2 owns VRID 61 over IPv4" \
    [ "$(master_of "$HS_RUN/dual.json" vrrp:vrid61)" = 198.51.100.2 ]
hs_check "dual: lb1 owns VRID 61 over IPv6" \
    [ "$(master_of "$HS_RUN/dual.json" vrrp6:vrid61)" = fe80::1 ]
hs_check "dual: lb1 silent over IPv4, lb2 over IPv6" jqe '[.targets[0].components[]
    | select(.id == "vrrp:vrid61@198.51.100.1" or .id == "vrrp6:vrid61@fe80::2")
    | .labels.state] == ["SILENT", "SILENT"]' "$HS_RUN/dual.json"

# no family, no routers: listens on both, judges what it hears
report "$HS_RUN/any.conf" "$HS_RUN/any.json"
hs_check "no family: OK" [ "$(status_of "$HS_RUN/any.json")" = OK ]
hs_check "no family: both families heard" jqe '[.targets[0].components[]
    | select(.id == "vrrp:vrid61" or .id == "vrrp6:vrid61") | .labels.family]
    == ["ipv4", "ipv6"]' "$HS_RUN/any.json"

# the IPv6 master crashes: the backup takes over and is the one heard
lb_kill 1 || exit 1
wait_for 20 "[ \"\$(master_of $OUT vrrp6:vrid61)\" = fe80::2 ] && [ \"\$(status_of $OUT)\" = OK ]"
report "$HS_RUN/wire6.conf" "$HS_RUN/killed.json"
hs_check "master killed: OK" [ "$(status_of "$HS_RUN/killed.json")" = OK ]
hs_check "master killed: fe80::2 owns VRID 61" \
    [ "$(master_of "$HS_RUN/killed.json" vrrp6:vrid61)" = fe80::2 ]
hs_check "master killed: fe80::1 silent" jqe '.targets[0].components[]
    | select(.id == "vrrp6:vrid61@fe80::1") | .labels.state == "SILENT"' "$HS_RUN/killed.json"

# split brain: lb1 back (it preempts), then lb2 stops hearing IPv6 VRRP
lb_start 1 || exit 1
wait_for 20 "[ \"\$(master_of $OUT vrrp6:vrid61)\" = fe80::1 ] && [ \"\$(status_of $OUT)\" = OK ]"
hs_ns_exec "${LB[2]}" nft add table ip6 wire6_split &&
    hs_ns_exec "${LB[2]}" nft add chain ip6 wire6_split in '{ type filter hook input priority 0; }' &&
    hs_ns_exec "${LB[2]}" nft add rule ip6 wire6_split in meta l4proto vrrp drop ||
    { hs_log "nft failed"; exit 1; }
wait_for 20 "[ \"\$(status_of $OUT)\" = CRITICAL ]"
report "$HS_RUN/dual.conf" "$HS_RUN/split.json"
hs_check "split brain: CRITICAL" [ "$(status_of "$HS_RUN/split.json")" = CRITICAL ]
hs_check "split brain: the reason says so, over IPv6" \
    has_reason "$HS_RUN/split.json" "VRID 61 (IPv6): 2 MASTERs advertising (split brain)"
hs_check "split brain: names lb1" has_reason "$HS_RUN/split.json" "fe80::1 (priority 150"
hs_check "split brain: names lb2" has_reason "$HS_RUN/split.json" "fe80::2 (priority 100"
hs_check "split brain: IPv6 master label 'several'" \
    [ "$(master_of "$HS_RUN/split.json" vrrp6:vrid61)" = several ]
hs_check "split brain: the IPv4 VRID 61 is still owned by lb2 alone" jqe '.targets[0].components[]
    | select(.id == "vrrp:vrid61") | .state == "UP" and .labels.master == "198.51.100.2"' \
    "$HS_RUN/split.json"

# healed: lb2 hears lb1 again and goes back to silence
hs_ns_exec "${LB[2]}" nft delete table ip6 wire6_split
wait_for 20 "[ \"\$(status_of $OUT)\" = OK ] && [ \"\$(master_of $OUT vrrp6:vrid61)\" = fe80::1 ]"
hs_check "healed: OK, fe80::1 owns VRID 61" [ "$(master_of "$OUT" vrrp6:vrid61)" = fe80::1 ]

hs_done
