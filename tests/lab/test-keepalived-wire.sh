#!/bin/bash
# tests/lab/test-keepalived-wire.sh — keepalived's method "wire" from a
# monitor host: two load balancers (keepalived, VRRP over a bridge,
# advert_int 1, VRID 61) and a monitor, each its own network namespace
# (tests/lab/netns.sh); hascout runs in the monitor and only listens.
# Steady state (one owner), the master killed (the backup is the one heard),
# split brain by dropping VRRP input on lb2 (both named), a configured VRID
# nobody advertises, and a target without probe_caps (no raw socket).
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/netns.sh"
source "$HS_TOP_SRCDIR/tests/lab/keepalived/snmp.sh"

hs_need_lab
hs_ns_need
hs_need_cmd keepalived nft jq
hs_mkrun

BR=wire$$br
LB=(none "wire$$l1" "wire$$l2")
MON=wire$$m
ADDR=(none 198.51.100.1 198.51.100.2)
KPID=()

hs_ns_bridge "$BR" || { hs_log "cannot build the bridge"; exit 1; }
for i in 1 2; do
    hs_ns_host "$BR" "${LB[$i]}" "${ADDR[$i]}/24" || { hs_log "cannot add ${LB[$i]}"; exit 1; }
done
hs_ns_host "$BR" "$MON" 198.51.100.9/24 || { hs_log "cannot add the monitor"; exit 1; }

# lb_start I — keepalived on lb I (priority 150 on lb1, 100 on lb2).
lb_start() {
    local i=$1 d=$HS_RUN/lb$1 prio=100
    [ "$i" = 1 ] && prio=150
    mkdir -p "$d"
    cat >"$d/keepalived.conf" <<CONF
global_defs {
    router_id wire_lb$i
}
$(ka_vi1_conf "$prio" 198.51.100.100/24)
CONF
    ka_ns_keepalived "${LB[$i]}" "$d" || return 1
    KPID[$i]=$KA_NS_PID
}

# lb_kill I — a crash: keepalived and its VRRP child killed by PID, so
# no priority 0 goodbye is sent.
lb_kill() { ka_ns_kill "$HS_RUN/lb$1" "${KPID[$1]}"; }

# conf FILE VRIDS [EXTRA] — a config with one wire target "vip".
conf() {
    local caps=${3-'probe_caps = [ "net_raw" ];'}
    cat >"$1" <<CONF
hascout = { state_dir = "$HS_RUN/state"; };
targets = (
  { name = "vip"; plugin = "keepalived"; method = "wire"; interface = "eth0";
    vrids = [ $2 ]; routers = [ "198.51.100.1", "198.51.100.2" ];
    window = 3.5; deadline = 8.0; $caps }
);
CONF
}
conf "$HS_RUN/wire.conf" 61
conf "$HS_RUN/two.conf" "61, 62"
conf "$HS_RUN/nocaps.conf" 61 ""

# report CONF OUT — one JSON report, run in the monitor's namespace.
report() {
    hs_ns_exec "$MON" "$HASCOUT_BIN" --config "$1" report --format json -o "$2" \
        >/dev/null 2>>"$HS_RUN/hascout.log"
    [ -s "$2" ] || { hs_log "no report from $1"; return 1; }
    jq -c '.targets[] | {status, reasons}' "$2" >>"$HS_RUN/hascout.log"
}
status_of() { jq -r '.targets[0].status' "$1"; }
master_of() { jq -r '.targets[0].components[] | select(.id == "vrrp:vrid61") | .labels.master' "$1"; }
jqe() { jq -e "$@" >/dev/null; }
has_reason() { jq -e --arg t "$2" '[.targets[0].reasons[].text | contains($t)] | any' "$1" >/dev/null; }
OUT=$HS_RUN/poll.json
# wait_for SECONDS COND — poll hascout (3.5 s a report) until COND holds.
wait_for() { hs_wait_until "$1" "report $HS_RUN/wire.conf $OUT && $2"; }

lb_start 1 || exit 1
lb_start 2 || exit 1

# steady state: lb1 (priority 150) owns the VIP, lb2 is a silent backup
wait_for 20 "[ \"\$(master_of $OUT)\" = 198.51.100.1 ]"
report "$HS_RUN/wire.conf" "$HS_RUN/steady.json"
hs_check "steady: OK" [ "$(status_of "$HS_RUN/steady.json")" = OK ]
hs_check "steady: lb1 owns VRID 61" [ "$(master_of "$HS_RUN/steady.json")" = 198.51.100.1 ]
hs_check "steady: lb1 heard at priority 150, v2, checksum ok" jqe '.targets[0].components[]
    | select(.id == "vrrp:vrid61@198.51.100.1")
    | (.metrics | map({(.name): .value}) | add) as $m
    | $m.priority == 150 and $m.advert_interval == 1 and $m.adverts >= 2
      and .labels.version == "2" and .labels.checksum == "ok"' "$HS_RUN/steady.json"
hs_check "steady: lb2 is silent (a backup)" jqe '.targets[0].components[]
    | select(.id == "vrrp:vrid61@198.51.100.2") | .labels.state == "SILENT"' "$HS_RUN/steady.json"
hs_check "steady: window about 3.5 s" jqe '.targets[0].components[] | select(.id == "wire:eth0")
    | .metrics[] | select(.name == "window") | .value >= 3.4 and .value < 4' "$HS_RUN/steady.json"

# without probe_caps the probe user has no raw socket: UNKNOWN, and why
report "$HS_RUN/nocaps.conf" "$HS_RUN/nocaps.json"
hs_check "no probe_caps: UNKNOWN" [ "$(status_of "$HS_RUN/nocaps.json")" = UNKNOWN ]
hs_check "no probe_caps: the reason names probe_caps" \
    grep -q 'probe_caps' "$HS_RUN/nocaps.json"

# a configured VRID nobody advertises
report "$HS_RUN/two.conf" "$HS_RUN/two.json"
hs_check "VRID 62 unadvertised: CRITICAL" [ "$(status_of "$HS_RUN/two.json")" = CRITICAL ]
hs_check "VRID 62 unadvertised: 'no MASTER'" has_reason "$HS_RUN/two.json" "VRID 62: no MASTER"
hs_check "VRID 62 unadvertised: VRID 61 still owned by lb1" \
    [ "$(master_of "$HS_RUN/two.json")" = 198.51.100.1 ]

# the master crashes: the backup takes over and is the one heard
lb_kill 1 || exit 1
wait_for 20 "[ \"\$(master_of $OUT)\" = 198.51.100.2 ] && [ \"\$(status_of $OUT)\" = OK ]"
report "$HS_RUN/wire.conf" "$HS_RUN/killed.json"
hs_check "master killed: OK" [ "$(status_of "$HS_RUN/killed.json")" = OK ]
hs_check "master killed: lb2 owns VRID 61" [ "$(master_of "$HS_RUN/killed.json")" = 198.51.100.2 ]
hs_check "master killed: lb1 silent" jqe '.targets[0].components[]
    | select(.id == "vrrp:vrid61@198.51.100.1") | .labels.state == "SILENT"' "$HS_RUN/killed.json"

# split brain: lb1 back (it preempts), then lb2 stops hearing it
lb_start 1 || exit 1
wait_for 20 "[ \"\$(master_of $OUT)\" = 198.51.100.1 ] && [ \"\$(status_of $OUT)\" = OK ]"
hs_ns_exec "${LB[2]}" nft add table inet wire_split &&
    hs_ns_exec "${LB[2]}" nft add chain inet wire_split in '{ type filter hook input priority 0; }' &&
    hs_ns_exec "${LB[2]}" nft add rule inet wire_split in ip protocol vrrp drop ||
    { hs_log "nft failed"; exit 1; }
wait_for 20 "[ \"\$(status_of $OUT)\" = CRITICAL ]"
report "$HS_RUN/wire.conf" "$HS_RUN/split.json"
hs_check "split brain: CRITICAL" [ "$(status_of "$HS_RUN/split.json")" = CRITICAL ]
hs_check "split brain: the reason says so" has_reason "$HS_RUN/split.json" "split brain"
hs_check "split brain: names lb1" has_reason "$HS_RUN/split.json" "198.51.100.1 (priority 150"
hs_check "split brain: names lb2" has_reason "$HS_RUN/split.json" "198.51.100.2 (priority 100"
hs_check "split brain: master label 'several'" [ "$(master_of "$HS_RUN/split.json")" = several ]

# healed: lb2 hears lb1 again and goes back to silence
hs_ns_exec "${LB[2]}" nft delete table inet wire_split
wait_for 20 "[ \"\$(status_of $OUT)\" = OK ] && [ \"\$(master_of $OUT)\" = 198.51.100.1 ]"
hs_check "healed: OK, lb1 owns VRID 61" [ "$(master_of "$OUT")" = 198.51.100.1 ]

hs_done
