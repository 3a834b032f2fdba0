#!/bin/bash
# tests/lab/test-netfaults-keepalived.sh — keepalived across hosts (issue 19):
# the multi-host lab of tests/lab/netfaults/lab.sh with HAProxy and
# keepalived -x + snmpd (AgentX) on the two load balancers lb1 and lb2, and
# hascout in the monitor namespace reaching them only over the bridge. One
# config sees the VIP (VRID 61) both ways: target "vip", the group of lb1 and
# lb2 read over SNMP (each node's own state), and target "vip-wire", method
# wire (the adverts the monitor hears). Cases:
#   - steady state: lb1 MASTER, lb2 BACKUP; lb1 heard on the wire;
#   - lb2's snmpd blackholed from the monitor (nft drop, no answer): lb2
#     UNKNOWN "no answer within N s", lb1 still judged, inside the deadline;
#   - a slow link (smon, a monitor behind a 300 ms cable each way): still
#     right, the time shown (each node's latency, the target's duration_s;
#     the nodes are read at once: one round trip, not two); and a lossy one (20 % of what the
#     monitor receives dropped): still right, SNMP resends;
#   - RFC 6527 (VRRPv3-MIB): lb2 read by it beside lb1 by KEEPALIVED-MIB, and
#     both read by it: the same verdicts;
#   - split brain: lb1 and lb2 drop each other's packets (a partition of the
#     two nodes): both MASTER, named by SNMP (both MIBs) and by the wire;
#   - the master killed by PID: lb2 MASTER, lb1 STOP (snmpd answers without
#     keepalived's table); lb2 heard on the wire.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/netns.sh"
source "$HS_TOP_SRCDIR/tests/lab/haproxy/lab.sh"
source "$HS_TOP_SRCDIR/tests/lab/netfaults/lab.sh"

hs_need_lab
[ -e "$HASCOUT_PLUGIN_PATH/keepalived.so" ] || hs_skip "the keepalived plugin is not built"
grep -q '^#define HAVE_NETSNMP 1' "$HS_TOP_BUILDDIR/hs-build.h" 2>/dev/null ||
    hs_skip "built without net-snmp (libsnmp-dev): no snmp method"
hs_mkrun
nf_lab_init "nfk$$"
nf_hap_start || exit 1
nf_ka_start || exit 1

DL=6
V2="$(nf_ka_node lb1 v2), $(nf_ka_node lb2 v2)"
V3="$(nf_ka_node lb1 v3), $(nf_ka_node lb2 v3)"
CFG=$HS_RUN/both.conf
nf_ka_config "$CFG" "$DL.0" "$V3" 3.5
nf_ka_config "$HS_RUN/v2.conf" "$DL.0" "$V2"

# vip STATUS MASTER LB1 LB2 — target "vip" of $OUT, as one line
vip() {
    jq -r '.targets[] | select(.name == "vip") | [.status,
        (.components[] | select(.id == "vrrp:VI_1") | .labels.master),
        (.components[] | select(.id == "vrrp:VI_1@lb1") | .labels.state),
        (.components[] | select(.id == "vrrp:VI_1@lb2") | .labels.state)] | join(" ")' "$1"
}
# rfc FILE — target "vip" as vip does, for instance vrid61 (RFC 6527 only)
rfc() {
    jq -r '.targets[] | select(.name == "vip") | [.status,
        (.components[] | select(.id == "vrrp:vrid61") | .labels.master),
        (.components[] | select(.id == "vrrp:vrid61@lb1") | .labels.state),
        (.components[] | select(.id == "vrrp:vrid61@lb2") | .labels.state)] | join(" ")' "$1"
}
# wire FILE — target "vip-wire": status and master
wire() {
    jq -r '.targets[] | select(.name == "vip-wire") | [.status,
        (.components[] | select(.id == "vrrp:vrid61") | .labels.master)] | join(" ")' "$1"
}
reasons() { jq -r --arg t "$2" '[.targets[] | select(.name == $t) | .reasons[]?.text] | join("; ")' "$1"; }
node_msg() {
    jq -r --arg id "node:$2" '[.targets[] | select(.name == "vip") | .components[]
        | select(.id == $id) | .messages[] | tostring] | join(" ")' "$1"
}
# lat_q — jq: the SNMP nodes' latency metrics of target "vip"
lat_q() {
    printf '.targets[] | select(.name == "vip") | .components[] | select(.kind == "node")
        | .metrics[] | select(.name == "latency") | .value'
}
took() { jq -r '[.targets[] | "\(.name) \(.duration_s * 1000 | floor) ms"] | join(", ")' "$1"; }
in_time() { test "$(cat "$HS_RUN/ms")" -lt $((($1 + 1) * 1000)); }
# poll CONF OUT COND SECONDS — reports from the monitor until COND holds
poll() { hs_wait_until "$4" "nf_in mon '$1' '$2' && $3"; }

# --- steady state, both ways ------------------------------------------------
nf_in mon "$CFG" "$HS_RUN/ok.json"
hs_check "steady: by SNMP OK, lb1 MASTER, lb2 BACKUP ($(vip "$HS_RUN/ok.json"))" \
    test "$(vip "$HS_RUN/ok.json")" = "OK lb1 MASTER BACKUP"
hs_check "steady: on the wire OK, lb1 (.21) owns VRID 61 ($(wire "$HS_RUN/ok.json"))" \
    test "$(wire "$HS_RUN/ok.json")" = "OK ${NF_ADDR[lb1]}"
hs_log "steady: $(cat "$HS_RUN/ms") ms; $(took "$HS_RUN/ok.json")"

# --- RFC 6527: lb2 read by VRRPv3-MIB, then both -------------------------------
# vrrpv3OperationsTable has no instance names: lb2's row for VRID 61 takes
# the name lb1 reports by KEEPALIVED-MIB; a group all by RFC 6527 calls it vrid61
nf_ka_config "$HS_RUN/mixed.conf" "$DL.0" "$(nf_ka_node lb1 v2), $(nf_ka_node lb2 v2 'mib = "rfc6527";')"
NF_KA_INSTANCE=vrid61 nf_ka_config "$HS_RUN/rfc.conf" "$DL.0" \
    "$(nf_ka_node lb1 v3 'mib = "rfc6527";'), $(nf_ka_node lb2 v3 'mib = "rfc6527";')"
nf_in mon "$HS_RUN/mixed.conf" "$HS_RUN/mixed.json"
hs_check "RFC 6527: lb2 by VRRPv3-MIB, lb1 by KEEPALIVED-MIB: OK ($(vip "$HS_RUN/mixed.json"))" \
    test "$(vip "$HS_RUN/mixed.json")" = "OK lb1 MASTER BACKUP"
nf_in mon "$HS_RUN/rfc.conf" "$HS_RUN/rfc.json"
hs_check "RFC 6527: both by VRRPv3-MIB (v3): OK, lb1 MASTER of vrid61 ($(rfc "$HS_RUN/rfc.json"))" \
    test "$(rfc "$HS_RUN/rfc.json")" = "OK lb1 MASTER BACKUP"

# --- lb2's snmpd blackholed from the monitor --------------------------------
nf_blackhole lb2
nf_in mon "$HS_RUN/v2.conf" "$HS_RUN/bh.json"
hs_log "blackholed: $(reasons "$HS_RUN/bh.json" vip) | lb2: $(node_msg "$HS_RUN/bh.json" lb2)"
hs_check "blackholed: lb1 still judged MASTER, lb2 UNKNOWN ($(vip "$HS_RUN/bh.json"))" \
    test "$(vip "$HS_RUN/bh.json")" = "WARNING lb1 MASTER UNKNOWN"
hs_check "blackholed: lb2 says no answer within 2.0 s" \
    eval "node_msg $HS_RUN/bh.json lb2 | grep -q 'no answer within 2.0 s'"
hs_check "blackholed: inside the deadline ($(cat "$HS_RUN/ms") ms of $DL s)" in_time "$DL"
nf_heal lb2

# --- a slow link: smon behind a 300 ms cable ---------------------------------
# v2c: one round trip a GETBULK (0.6 s, and ARP before it); wire: the
# adverts arrive 0.3 s late, the window is the same
nf_slow_host 300 || { hs_log "no slow cable"; exit 1; }
nf_ka_config "$HS_RUN/slow.conf" 10.0 "$(nf_ka_node lb1 v2 'snmp_timeout = 4.0;'),
    $(nf_ka_node lb2 v2 'snmp_timeout = 4.0;')" 3.5
nf_in smon "$HS_RUN/slow.conf" "$HS_RUN/slow.json"
hs_check "slow link: by SNMP still OK, lb1 MASTER ($(vip "$HS_RUN/slow.json"))" \
    test "$(vip "$HS_RUN/slow.json")" = "OK lb1 MASTER BACKUP"
hs_check "slow link: on the wire still lb1 ($(wire "$HS_RUN/slow.json"))" \
    test "$(wire "$HS_RUN/slow.json")" = "OK ${NF_ADDR[lb1]}"
hs_check "slow link: inside the deadline ($(cat "$HS_RUN/ms") ms of 10 s)" in_time 10
hs_check "slow link: vip's duration_s shows ARP and a round trip (>= 1.2 s)" hs_json_eq \
    "$HS_RUN/slow.json" '.targets[] | select(.name == "vip") | .duration_s >= 1.2' true
hs_check "slow link: each node's latency metric shows the round trip (>= 0.6 s)" \
    hs_json_eq "$HS_RUN/slow.json" "[$(lat_q)] | length == 2 and all(. >= 0.6)" true
hs_log "slow: $(took "$HS_RUN/slow.json"); SNMP latency (s) $(jq -c "[$(lat_q)]" "$HS_RUN/slow.json")"

# --- a lossy link: 20 % of what the monitor receives is lost ----------------
# a lost answer is asked again after 1 s: 4 resends in 5 s make a false
# UNKNOWN need five losses in a row (0.03 %); v3 (discovery + GETBULK)
LOSSY="$(nf_ka_node lb1 v3 'snmp_timeout = 5.0; snmp_retries = 4;'),
    $(nf_ka_node lb2 v3 'snmp_timeout = 5.0; snmp_retries = 4;')"
nf_ka_config "$HS_RUN/lossy.conf" 12.0 "$LOSSY"
nf_loss mon 20
nf_in mon "$HS_RUN/lossy.conf" "$HS_RUN/lossy.json"
nf_loss_off mon
hs_check "lossy link: still OK, lb1 MASTER ($(vip "$HS_RUN/lossy.json"))" \
    test "$(vip "$HS_RUN/lossy.json")" = "OK lb1 MASTER BACKUP"
hs_check "lossy link: inside the deadline ($(cat "$HS_RUN/ms") ms of 12 s)" in_time 12
hs_log "lossy: $(took "$HS_RUN/lossy.json")"

# --- split brain: lb1 and lb2 cut off from each other -----------------------
nf_partition lb1 lb2
nf_partition lb2 lb1
hs_wait_until 20 '[ "$(nf_ka_state mon lb2)" = 2 ]' || hs_log "lb2 never became MASTER"
poll "$CFG" "$HS_RUN/split.json" "[ \"\$(wire $HS_RUN/split.json)\" = 'CRITICAL several' ]" 20
hs_log "split brain: $(reasons "$HS_RUN/split.json" vip) | $(reasons "$HS_RUN/split.json" vip-wire)"
hs_check "split brain: by SNMP CRITICAL, both MASTER ($(vip "$HS_RUN/split.json"))" \
    test "$(vip "$HS_RUN/split.json")" = "CRITICAL lb1 MASTER MASTER"
hs_check "split brain: by SNMP the reason names lb1 and lb2" \
    eval "reasons $HS_RUN/split.json vip | grep -q 'split brain.*lb1, lb2'"
hs_check "split brain: on the wire CRITICAL, both named" \
    eval "reasons $HS_RUN/split.json vip-wire | grep 'split brain' |
          grep '${NF_ADDR[lb1]} (priority 150' | grep -q '${NF_ADDR[lb2]} (priority 100'"
nf_in mon "$HS_RUN/rfc.conf" "$HS_RUN/split-rfc.json"
hs_check "split brain: by RFC 6527 too, both MASTER ($(rfc "$HS_RUN/split-rfc.json"))" \
    test "$(rfc "$HS_RUN/split-rfc.json")" = "CRITICAL lb1 MASTER MASTER"
nf_heal lb1
nf_heal lb2
hs_wait_until 20 '[ "$(nf_ka_state mon lb2)" = 1 ]' || hs_log "lb2 did not go back to BACKUP"
poll "$CFG" "$HS_RUN/healed.json" "[ \"\$(wire $HS_RUN/healed.json)\" = 'OK ${NF_ADDR[lb1]}' ]" 20
hs_check "healed: OK again, lb1 MASTER ($(vip "$HS_RUN/healed.json"))" \
    test "$(vip "$HS_RUN/healed.json")" = "OK lb1 MASTER BACKUP"

# --- the master killed by PID -------------------------------------------------
nf_ka_kill lb1 || exit 1
hs_wait_until 20 '[ "$(nf_ka_state mon lb2)" = 2 ] && [ -z "$(nf_ka_state mon lb1)" ]' ||
    hs_log "lb2 not MASTER, or lb1's table still there"
poll "$CFG" "$HS_RUN/killed.json" "[ \"\$(wire $HS_RUN/killed.json)\" = 'OK ${NF_ADDR[lb2]}' ]" 20
hs_check "master killed: by SNMP lb2 MASTER, lb1 STOP ($(vip "$HS_RUN/killed.json"))" \
    test "$(vip "$HS_RUN/killed.json")" = "WARNING lb2 STOP MASTER"
hs_check "master killed: on the wire lb2 (.22) owns VRID 61 ($(wire "$HS_RUN/killed.json"))" \
    test "$(wire "$HS_RUN/killed.json")" = "OK ${NF_ADDR[lb2]}"
hs_done
