#!/bin/bash
# tests/lab/test-netfaults-galera.sh — network faults against a 3-node Galera
# cluster whose nodes each live in a network namespace of their own, probed
# by hascout from a monitor namespace over a bridge (issue 19, point 4):
#   - a slow link (a monitor behind a cable of 300 ms each way) and a lossy
#     one (20 % of the monitor's packets lost): still OK, inside the
#     deadline, every node's latency shown;
#   - one node blackholed from the monitor (nft drop, no RST): that node
#     UNKNOWN "no answer within N s", the other two still judged, the
#     target inside its deadline;
#   - a partition between servers (g3 cut off from g1 and g2, the monitor
#     still reaching all three): the verdict names the split from the
#     nodes' disagreeing views.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/netns.sh"
source "$HS_TOP_SRCDIR/tests/lab/galera/lab.sh"
source "$HS_TOP_SRCDIR/tests/lab/netfaults/lab.sh"

gal_lab_need
[ -e "$HASCOUT_PLUGIN_PATH/galera.so" ] || hs_skip "the galera plugin is not built"
hs_mkrun
nf_lab_init "nfg$$"
nf_gal_start || exit 1

DL=10
CFG=$HS_RUN/db.conf
OUT=$HS_RUN/db.json
T='.targets[0]'
nf_gal_config "$CFG" "$DL.0" 'connect_timeout = 3; read_timeout = 3; write_timeout = 3;'
node() { printf '(%s.components[] | select(.id == "%s:3306"))' "$T" "${NF_ADDR[g$1]}"; }
in_time() { test "$(cat "$HS_RUN/ms")" -lt $(((DL + 2) * 1000)); }

# --- healthy, from the monitor ------------------------------------------------
nf_in mon "$CFG" "$OUT"
hs_check "healthy: OK from the monitor namespace" hs_json_eq "$OUT" "$T.status" OK
hs_check "healthy: three nodes UP, Primary, size 3" hs_json_eq "$OUT" \
    "[$T.components[] | select(.kind == \"node\" and .state == \"UP\" and .labels.cluster_status == \"Primary\") | .metrics[] | select(.name == \"cluster_size\") | .value] | join(\",\")" "3,3,3"
hs_log "healthy: $(cat "$HS_RUN/ms") ms, duration_s $(jq "$T.duration_s" "$OUT")"

# --- a slow link: a second monitor behind a 300 ms cable ---------------------
# connect, greeting, login and two queries: four round trips of 0.6 s
nf_slow_host 300 || { hs_log "no slow cable"; exit 1; }
nf_gal_config "$HS_RUN/slow.conf" 20.0 'connect_timeout = 5; read_timeout = 5; write_timeout = 5;'
nf_in smon "$HS_RUN/slow.conf" "$HS_RUN/slow.json"
hs_check "slow link: still OK" hs_json_eq "$HS_RUN/slow.json" "$T.status" OK
hs_check "slow link: inside the deadline ($(cat "$HS_RUN/ms") ms of 20 s)" \
    test "$(cat "$HS_RUN/ms")" -lt 22000
hs_check "slow link: every node's latency shows the delay (>= 1.2 s: two round trips)" \
    hs_json_eq "$HS_RUN/slow.json" \
    "[$T.components[] | select(.kind == \"node\") | .metrics[] | select(.name == \"latency\") | .value >= 1.2] | all and length == 3" true
hs_log "slow: latencies $(jq -c "[$T.components[] | select(.kind == \"node\") | .metrics[] | select(.name == \"latency\") | .value * 1000 | floor]" "$HS_RUN/slow.json") ms"

# --- a lossy link (20 % of the monitor's incoming packets lost) --------------
# TCP resends what is lost (SYN after 1, 3, 7 s): a connect timeout of 8 s
# makes a false UNKNOWN need four lost SYN-ACKs in a row (0.2 %). The plugin
# caps each timeout to a third of the time left: a 25 s deadline keeps 8 s.
nf_gal_config "$HS_RUN/lossy.conf" 25.0 'connect_timeout = 8; read_timeout = 8; write_timeout = 8;'
nf_loss mon 20
nf_in mon "$HS_RUN/lossy.conf" "$HS_RUN/lossy.json"
hs_check "lossy link: still OK" hs_json_eq "$HS_RUN/lossy.json" "$T.status" OK
hs_check "lossy link: inside the deadline ($(cat "$HS_RUN/ms") ms of 25 s)" \
    test "$(cat "$HS_RUN/ms")" -lt 27000
hs_check "lossy link: latency shown for every node" hs_json_eq "$HS_RUN/lossy.json" \
    "[$T.components[] | select(.kind == \"node\") | .metrics[] | select(.name == \"latency\")] | length" 3
hs_log "lossy: latencies $(jq -c "[$T.components[] | select(.kind == \"node\") | .metrics[] | select(.name == \"latency\") | .value * 1000 | floor]" "$HS_RUN/lossy.json") ms"
nf_loss_off mon

# --- g3 blackholed from the monitor ------------------------------------------
nf_blackhole g3
nf_in mon "$CFG" "$HS_RUN/bh.json"
hs_check "blackholed: g3 UNKNOWN, no answer within 3 s" hs_json_eq "$HS_RUN/bh.json" \
    "$(node 3) | \"\(.state) \(.messages | join(\" \") | test(\"no answer within 3 s\"))\"" "UNKNOWN true"
hs_check "blackholed: the reason names g3 and the timeout" hs_json_eq "$HS_RUN/bh.json" \
    "$T.reasons | map(.text) | any(contains(\"node ${NF_ADDR[g3]}:3306 unreachable\") and contains(\"no answer within 3 s\"))" true
hs_check "blackholed: g1 and g2 still judged (UP, Primary, size 3)" hs_json_eq "$HS_RUN/bh.json" \
    "[$(node 1), $(node 2) | select(.state == \"UP\" and .labels.cluster_status == \"Primary\")] | length" 2
hs_check "blackholed: the target is WARNING, not UNKNOWN, no time-out" hs_json_eq "$HS_RUN/bh.json" \
    "\"\($T.status) \($T.error)\"" "WARNING null"
hs_check "blackholed: inside the deadline ($(cat "$HS_RUN/ms") ms of ${DL} s)" in_time
nf_heal g3

# --- a partition between servers: g3 cut off from g1 and g2 ------------------
nf_partition g3 g1 g2
t0=$(date +%s%N)
hs_check "partition: g3 goes non-Primary, g1 and g2 Primary of 2" hs_wait_until 60 \
    "nf_in mon '$CFG' '$HS_RUN/part.json' && jq -e '[$(node 3) | .labels.cluster_status] == [\"non-Primary\"] and ([$(node 1), $(node 2) | select(.labels.cluster_status == \"Primary\") | .metrics[] | select(.name == \"cluster_size\") | .value] == [2, 2])' '$HS_RUN/part.json' >/dev/null"
hs_log "partition seen by the monitor $(hs_elapsed_ms "$t0") ms after the cut (Galera's own suspect timeout is 5 s)"
hs_log "partition: $(jq -c "$T | {status, reasons: [.reasons[].text]}" "$HS_RUN/part.json")"
hs_check "partition: CRITICAL" hs_json_eq "$HS_RUN/part.json" "$T.status" CRITICAL
hs_check "partition: the verdict names the split and both sides" hs_json_eq "$HS_RUN/part.json" \
    "$T.reasons | map(.text) | any(test(\"partition: ${NF_ADDR[g3]}:3306 .*cut off from the Primary component of 2 .*${NF_ADDR[g1]}:3306.*${NF_ADDR[g2]}:3306\"))" true
hs_check "partition: the cluster is DEGRADED (a Primary of 2 still serves)" \
    hs_json_eq "$HS_RUN/part.json" "$T.components[] | select(.id == \"cluster\") | .state" DEGRADED
hs_check "partition: inside the deadline ($(cat "$HS_RUN/ms") ms of ${DL} s)" in_time
nf_heal g3
hs_done
