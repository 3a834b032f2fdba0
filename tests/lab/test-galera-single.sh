#!/bin/bash
# tests/lab/test-galera-single.sh — the quick Galera lab: one real node (a
# Primary component of one, 1-3 s to start), through the real hascout binary.
# Checks TCP and unix socket access, a configured node that is not running,
# a cluster that is all down, and configuration errors.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/galera/lab.sh"

gal_lab_need
[ -x "$HASCOUT_BIN" ] || { hs_log "hascout binary missing: $HASCOUT_BIN"; exit 1; }
hs_mkrun
gal_lab_start 1 || exit 1

T='.targets[0]'
OUT=$HS_RUN/report.json
CLOSED=$(gal_port) # nothing listens there: a node that is down

# --- one healthy node over TCP -----------------------------------------------
gal_lab_config "$HS_RUN/tcp.conf"
gal_report "$HS_RUN/tcp.conf" "$OUT"
hs_check "tcp: OK" hs_json_eq "$OUT" "$T.status" OK
hs_check "tcp: node UP, Synced, Primary, size 1" hs_json_eq "$OUT" \
    "$T.components[] | select(.kind == \"node\") | \"\(.id) \(.state) \(.labels.local_state_comment) \(.labels.cluster_status) \(.metrics[] | select(.name == \"cluster_size\") | .value)\"" \
    "127.0.0.1:${GAL_PORT[1]} UP Synced Primary 1"
hs_check "tcp: the node's parent is the cluster service" hs_json_eq "$OUT" \
    "$T.components | map(\"\(.id)<\(.parent)/\(.kind)\") | sort | join(\" \")" \
    "127.0.0.1:${GAL_PORT[1]}<cluster/node cluster<null/service"
hs_check "tcp: labels name the node and the cluster" hs_json_eq "$OUT" \
    "$T.components[] | select(.kind == \"node\") | \"\(.labels.node_name) \(.labels.cluster_name) \(.labels.desync) \(.labels.ready)\"" \
    "node1 hascout-lab OFF ON"

# --- the same node through its unix socket -----------------------------------
sed "s|nodes = \[[^]]*\]|nodes = [ \"unix:${GAL_SOCK[1]}\" ]|" "$HS_RUN/tcp.conf" >"$HS_RUN/sock.conf"
gal_report "$HS_RUN/sock.conf" "$OUT"
hs_check "socket: OK through unix:${GAL_SOCK[1]}" hs_json_eq "$OUT" \
    "\"\($T.status) \($T.components[] | select(.kind == \"node\") | .id)\"" "OK unix:${GAL_SOCK[1]}"

# --- a configured node that is not running -----------------------------------
# (with two nodes the default minimum Primary size is 2, a majority: allow 1
# so that the down node alone is judged)
gal_lab_config "$HS_RUN/two.conf" 'min_primary = 1;'
sed -i "s|nodes = \[[^]]*\]|nodes = [ \"127.0.0.1:${GAL_PORT[1]}\", \"127.0.0.1:$CLOSED\" ]|" "$HS_RUN/two.conf"
gal_report "$HS_RUN/two.conf" "$OUT"
hs_check "down node: WARNING" hs_json_eq "$OUT" "$T.status" WARNING
hs_check "down node: it is DOWN with the refusal, the live one UP" hs_json_eq "$OUT" \
    "[$T.components[] | select(.kind == \"node\") | \"\(.state)\"] | join(\",\")" "UP,DOWN"
hs_check "down node: named in a reason, size below expected 2" hs_json_eq "$OUT" \
    "$T.reasons | map(.text) | (any(contains(\"node 127.0.0.1:$CLOSED down\")) and any(contains(\"size 1 below the expected 2\")))" true

# --- every node down: observed, and CRITICAL ---------------------------------
sed "s|nodes = \[[^]]*\]|nodes = [ \"127.0.0.1:$CLOSED\" ]|" "$HS_RUN/tcp.conf" >"$HS_RUN/dead.conf"
gal_report "$HS_RUN/dead.conf" "$OUT"
hs_check "all down: CRITICAL, no Primary component" hs_json_eq "$OUT" \
    "\"\($T.status) \($T.reasons | map(.text) | any(contains(\"no reachable node is in a Primary component\")))\"" \
    "CRITICAL true"

# --- replication switched off on the node: a standalone server, CRITICAL -----
gal_lab_sql 1 "SET GLOBAL wsrep_on = OFF"
gal_report "$HS_RUN/tcp.conf" "$OUT"
hs_check "wsrep_on=OFF: CRITICAL naming it, node DOWN" hs_json_eq "$OUT" \
    "\"\($T.status) \($T.components[] | select(.kind == \"node\") | .state) \($T.reasons | map(.text) | any(contains(\"wsrep_on is OFF\")))\"" \
    "CRITICAL DOWN true"
gal_lab_sql 1 "SET GLOBAL wsrep_on = ON"
hs_check "wsrep_on=ON again: OK" gal_report_until 30 "$HS_RUN/tcp.conf" "$OUT" "$T.status == \"OK\""

# --- configuration errors name file:line -------------------------------------
gal_lab_config "$HS_RUN/typo.conf" 'expected_sise = 3;'
"$HASCOUT_BIN" --config "$HS_RUN/typo.conf" report --format json >"$HS_RUN/typo.out" 2>&1
hs_check "config: an unknown key is refused with file:line" \
    grep -q "typo.conf:[0-9]*:.*unknown key 'expected_sise'" "$HS_RUN/typo.out"
gal_lab_config "$HS_RUN/badnode.conf" 'donor_status = "ok";'
sed -i "s|nodes = \[[^]]*\]|nodes = [ \"127.0.0.1:99999\" ]|" "$HS_RUN/badnode.conf"
"$HASCOUT_BIN" --config "$HS_RUN/badnode.conf" report --format json >"$HS_RUN/badnode.out" 2>&1
hs_check "config: a bad port is refused with file:line" \
    grep -q "badnode.conf:[0-9]*:.*port is not a number in 1..65535" "$HS_RUN/badnode.out"

# more refused settings, each named with its line (no server needed for these)
config_refused() { # WHAT EXTRA-LINE REGEX
    gal_lab_config "$HS_RUN/bad.conf" "$2"
    "$HASCOUT_BIN" --config "$HS_RUN/bad.conf" report --format json >"$HS_RUN/bad.out" 2>&1
    hs_check "config: $1" grep -q "bad.conf:[0-9]*:.*$3" "$HS_RUN/bad.out"
}
config_refused "donor_status must be warning or ok" 'donor_status = "never";' "'donor_status' must be"
config_refused "a timeout of 0 s" 'connect_timeout = 0;' "'connect_timeout' must be 1..3600"
config_refused "min_primary above expected_size" 'expected_size = 3; min_primary = 4;' "'min_primary' must be a whole number in 1..3"
config_refused "a bad threshold range" 'warn_recv_queue = "ten";' "warn_recv_queue"
config_nodes_refused() { # WHAT NODES-VALUE REGEX
    gal_lab_config "$HS_RUN/bad.conf"
    sed -i "s|nodes = \[[^]]*\]|nodes = $2|" "$HS_RUN/bad.conf"
    "$HASCOUT_BIN" --config "$HS_RUN/bad.conf" report --format json >"$HS_RUN/bad.out" 2>&1
    hs_check "config: $1" grep -q "bad.conf:[0-9]*:.*$3" "$HS_RUN/bad.out"
}
config_nodes_refused "nodes that are not a list" '"127.0.0.1"' "'nodes' must be a non-empty list"
config_nodes_refused "an empty node list" '[ ]' "'nodes' must be a non-empty list"
config_nodes_refused "a node listed twice" '[ "127.0.0.1:3306", "127.0.0.1:3306" ]' "listed twice"
config_nodes_refused "an IPv6 address without brackets" '[ "::1" ]' "write an IPv6 address as"

hs_done
