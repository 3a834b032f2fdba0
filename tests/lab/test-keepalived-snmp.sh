#!/bin/bash
# tests/lab/test-keepalived-snmp.sh — the keepalived plugin's `snmp` method
# across hosts: two load-balancer namespaces (keepalived -x + snmpd as AgentX
# master, v2c community and a v3 user) on a bridge, and hascout in a third,
# monitor namespace reaching them only over the network. Steady state,
# master killed, split brain by dropping VRRP, a mixed group (one node by
# state file, one by SNMP), a blackholed snmpd, a wrong v3 passphrase.
#
# Hosts are namespaces on a bridge made with tests/lab/netns.sh (names
# prefixed `snmp` and this shell's PID, addresses 198.51.100.0/24).
#
# SNMP_LAB_CAPTURE=DIR: only bring the lab up, store `snmpwalk -On` of both
# nodes, KEEPALIVED-MIB's table and RFC 6527's (the unit tests' fixtures),
# into DIR, and exit.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/netns.sh"
source "$HS_TOP_SRCDIR/tests/lab/keepalived/snmp.sh"

SNMP_BR=snmp$$br
SNMP_MON=snmp$$mon
SNMP_KA_PID=()
SNMP_D_PID=()
SNMP_NODES=2

snmp_ns() { echo "snmp$$lb$1"; }
snmp_dir() { echo "$HS_RUN/lb$1"; }
snmp_addr() { echo "198.51.100.$1"; }
MON_ADDR=198.51.100.9

snmp_need() {
    hs_need_lab
    hs_need_root
    hs_need_cmd keepalived snmpd snmpwalk ip nft jq
    [ -x "$KA_NOTIFY_BIN" ] || hs_skip "helper $KA_NOTIFY_BIN not built"
    if [ -z "${SNMP_LAB_CAPTURE:-}" ]; then
        "$HASCOUT_BIN" plugins 2>/dev/null | grep -q keepalived ||
            hs_skip "keepalived plugin not built"
        grep -q '^#define HAVE_NETSNMP 1' "$HS_TOP_BUILDDIR/hs-build.h" 2>/dev/null ||
            hs_skip "built without net-snmp (libsnmp-dev): no snmp method"
    fi
    keepalived -v 2>&1 | grep -q SNMP_VRRP || hs_skip "keepalived built without SNMP"
    hs_ns_need
    hs_ns_bridge "$SNMP_BR" || hs_skip "cannot create the bridge namespace"
    hs_on_exit snmp_down
}

snmp_up() {
    local i
    for ((i = 1; i <= SNMP_NODES; i++)); do
        hs_ns_host "$SNMP_BR" "$(snmp_ns "$i")" "$(snmp_addr "$i")/24" || return 1
        ka_snmp_files "$(snmp_dir "$i")" "$i" "$(snmp_addr "$i")" 198.51.100 || return 1
    done
    hs_ns_host "$SNMP_BR" "$SNMP_MON" "$MON_ADDR/24"
}

# snmp_start I — snmpd and keepalived of node I (tests/lab/keepalived/snmp.sh).
snmp_start() {
    ka_snmp_spawn "$(snmp_ns "$1")" "$(snmp_dir "$1")" || return 1
    SNMP_D_PID[$1]=$KA_SNMPD_PID
    SNMP_KA_PID[$1]=$KA_SNMP_KA_PID
}

# snmp_walk I [ARGS] — the vrrpInstanceTable of node I, seen from the monitor.
snmp_walk() { ka_snmp_walk "$SNMP_MON" "$(snmp_addr "$1")" "$1" "$KA_SNMP_OID" "${@:2}"; }

# snmp_state I — node I's VI_1 state number over SNMP (empty if none).
snmp_state() { ka_snmp_state "$SNMP_MON" "$(snmp_addr "$1")" "$1"; }

snmp_down() {
    local i ns p
    for ((i = 1; i <= SNMP_NODES; i++)); do
        [ -n "${SNMP_KA_PID[$i]:-}" ] && hs_stop_pid "${SNMP_KA_PID[$i]}" 5
        [ -n "${SNMP_D_PID[$i]:-}" ] && hs_stop_pid "${SNMP_D_PID[$i]}" 5
    done
    # anything still inside (the namespaces go with hs_ns_teardown after)
    for ns in $(snmp_ns 1) $(snmp_ns 2) "$SNMP_MON"; do
        for p in $(ip netns pids "$ns" 2>/dev/null); do hs_stop_pid "$p" 3; done
    done
    return 0
}

# snmp_nft I on|off TABLE RULE — an input-dropping rule in node I.
snmp_nft() {
    local ns
    ns=$(snmp_ns "$1")
    if [ "$2" = on ]; then
        ip netns exec "$ns" nft add table inet "$3" &&
        ip netns exec "$ns" nft add chain inet "$3" in '{ type filter hook input priority 0; }' &&
        ip netns exec "$ns" nft add rule inet "$3" in $4
    else
        ip netns exec "$ns" nft delete table inet "$3"
    fi
}

# SNMP_LAB_LIB=1: define the functions only (bench/keepalived-snmp-bench.sh)
[ -n "${SNMP_LAB_LIB:-}" ] && return 0

hs_mkrun
snmp_need
snmp_up || { hs_log "could not build the namespaces"; exit 1; }
for i in 1 2; do
    snmp_start "$i" || { hs_log "node $i did not start"; exit 1; }
done
hs_wait_until 20 '[ "$(snmp_state 1)" = 2 ] && [ "$(snmp_state 2)" = 1 ]' ||
    { hs_log "no steady state over SNMP"; exit 1; }

# capture I NAME — node I's walks, KEEPALIVED-MIB's and RFC 6527's
capture() {
    snmp_walk "$1" > "$SNMP_LAB_CAPTURE/ka_snmp_$2.walk"
    ka_snmp_walk "$SNMP_MON" "$(snmp_addr "$1")" "$1" "$KA_SNMP_RFC_OID" \
        > "$SNMP_LAB_CAPTURE/ka_snmp_rfc_$2.walk"
}
if [ -n "${SNMP_LAB_CAPTURE:-}" ]; then
    mkdir -p "$SNMP_LAB_CAPTURE"
    capture 1 lb1_master
    capture 2 lb2_backup
    snmp_nft 2 on snmp_split "ip protocol vrrp drop"
    hs_wait_until 20 '[ "$(snmp_state 2)" = 2 ]'
    capture 2 lb2_splitbrain
    snmp_nft 2 off snmp_split
    kill -TERM "${SNMP_KA_PID[1]}"
    hs_wait_until 20 '[ "$(snmp_state 1)" = "" ]'
    capture 1 lb1_stopped
    exit 0
fi

# node_conf I KIND — one node group (ka_snmp_node: v2, v3, v3bad, file).
node_conf() { ka_snmp_node "lb$1" "$2" "$(snmp_dir "$1")" "$(snmp_addr "$1")"; }

# conf NAME KIND1 KIND2 — a config with target "vip" over lb1 and lb2.
conf() {
    local f=$HS_RUN/$1.conf
    hs_probe_dir "$HS_RUN/flap-$1" || return 1
    cat > "$f" <<CONF
hascout = { plugin_dirs = [ "$HASCOUT_PLUGIN_PATH" ]; state_dir = "$HS_RUN/hascout"; };
targets = (
  { name = "vip"; plugin = "keepalived"; deadline = 6.0;
    state_dir = "$HS_RUN/flap-$1"; instances = [ "VI_1" ]; transitions_warn = "100";
    nodes = ( $(node_conf 1 "$2"), $(node_conf 2 "$3") ); }
);
CONF
}

# report NAME OUT — one JSON report from the monitor namespace.
report() {
    ip netns exec "$SNMP_MON" "$HASCOUT_BIN" --config "$HS_RUN/$1.conf" report --format json \
        -o "$2" >/dev/null 2>>"$HS_RUN/hascout.log"
    [ -s "$2" ] || { hs_log "no report from $1"; return 1; }
    jq -c '.targets[0] | {status, reasons}' "$2" >> "$HS_RUN/hascout.log"
}
status_of() { jq -r '.targets[0].status' "$1"; }
master_of() { jq -r '.targets[0].components[] | select(.id == "vrrp:VI_1") | .labels.master' "$1"; }
cell_of() { jq -r --arg id "vrrp:VI_1@$2" '.targets[0].components[] | select(.id == $id) | .labels.state' "$1"; }
node_msg() { jq -r --arg id "node:$2" '.targets[0].components[] | select(.id == $id) | [.messages[] | tostring] | join(" ")' "$1"; }
has_reason() { jq -e --arg t "$2" '[.targets[0].reasons[].text | contains($t)] | any' "$1" >/dev/null; }

# expect NAME STATUS MASTER LB1 LB2 — one report matches.
expect() {
    local out=$HS_RUN/$1.$RANDOM.json
    report "$1" "$out" || { hs_check "$1: a report" false; return; }
    hs_check "$1: $2, master $3, lb1 $4, lb2 $5" \
        eval "[ \"\$(status_of $out)\" = $2 ] && [ \"\$(master_of $out)\" = $3 ] &&
              [ \"\$(cell_of $out lb1)\" = $4 ] && [ \"\$(cell_of $out lb2)\" = $5 ]"
    LAST=$out
}

conf v2 v2 v2
conf v3 v3 v3
conf mix file v2
conf bad v3bad v2
hs_wait_until 10 "[ \"\$(awk '\$1 == \"VI_1\" {print \$2}' $(snmp_dir 1)/vrrp.state 2>/dev/null)\" = MASTER ]" ||
    hs_log "lb1's state file does not say MASTER"

# Steady state: by v2c, by v3, and mixed (lb1 by its state file, which the
# monitor shares with lb1 on this machine; lb2 over SNMP).
expect v2 OK lb1 MASTER BACKUP
expect v3 OK lb1 MASTER BACKUP
expect mix OK lb1 MASTER BACKUP
hs_check "mix: lb1 read by state_file, lb2 by snmp" \
    eval "jq -e '[.targets[0].components[] | select(.id == \"node:lb1\" or .id == \"node:lb2\") | .labels.method] == [\"state_file\",\"snmp\"]' $LAST >/dev/null"

# v3 with a wrong passphrase: that node is unreadable, with a clear error
# (its MASTER unseen: "no MASTER", as for an unreadable state file).
expect bad CRITICAL none UNKNOWN BACKUP
hs_check "bad: lb1 says authentication failed" \
    eval "node_msg $LAST lb1 | grep -q 'Authentication failure'"
node_msg "$LAST" lb1 >> "$HS_RUN/hascout.log"

# snmpd of lb2 blackholed from the monitor: lb2 UNKNOWN "no answer within
# N s", lb1 still judged, the target inside its 6 s deadline.
snmp_nft 2 on snmp_bh "ip saddr $MON_ADDR udp dport 161 drop"
t0=$(date +%s%N)
expect v2 WARNING lb1 MASTER UNKNOWN
ms=$(hs_elapsed_ms "$t0")
hs_check "blackhole: lb2 'no answer within' ($(node_msg "$LAST" lb2))" \
    eval "node_msg $LAST lb2 | grep -q 'no answer within'"
hs_check "blackhole: the run took ${ms} ms, inside the 6 s deadline" [ "$ms" -lt 6000 ]
hs_check "blackhole: the target did not time out" \
    eval "! jq -e '.targets[0].reasons[].text | contains(\"timed out\")' $LAST >/dev/null"
snmp_nft 2 off snmp_bh

# Split brain: lb2 no longer hears lb1's adverts; both MASTER over SNMP.
snmp_nft 2 on snmp_split "ip protocol vrrp drop"
hs_wait_until 20 '[ "$(snmp_state 2)" = 2 ]' || hs_log "lb2 never became MASTER"
expect v3 CRITICAL lb1 MASTER MASTER
hs_check "split brain: the reason names lb1 and lb2" \
    eval "has_reason $LAST lb1 && has_reason $LAST lb2"
snmp_nft 2 off snmp_split
hs_wait_until 20 '[ "$(snmp_state 2)" = 1 ]' || hs_log "lb2 did not go back to BACKUP"
expect v2 OK lb1 MASTER BACKUP

# The master killed by PID: lb2 takes over, seen over SNMP; lb1's snmpd
# answers without keepalived's table (STOP).
vrrp1=$(cat "$(snmp_dir 1)/vrrp.pid")
kill -KILL "${SNMP_KA_PID[1]}"
hs_wait_until 15 "! hs_alive ${SNMP_KA_PID[1]} && ! hs_alive $vrrp1"
hs_wait_until 20 '[ "$(snmp_state 2)" = 2 ]' || hs_log "lb2 never became MASTER"
# snmpd drops keepalived's AgentX registration once the socket closes
hs_wait_until 20 '[ -z "$(snmp_state 1)" ]' || hs_log "lb1's table still there"
expect v2 WARNING lb2 STOP MASTER
expect v3 WARNING lb2 STOP MASTER

hs_done
