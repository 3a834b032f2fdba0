#!/bin/bash
# tests/lab/test-galera.sh — the galera plugin against a real 3-node MariaDB
# Galera cluster on 127.0.0.1 (started once, ~20-30 s), through the real
# hascout binary: healthy, desync, wrong password, a frozen node, one node
# killed, then a second (the survivor goes non-Primary).
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/galera/lab.sh"

gal_lab_need
[ -x "$HASCOUT_BIN" ] || { hs_log "hascout binary missing: $HASCOUT_BIN"; exit 1; }
hs_mkrun
gal_lab_start 3 || exit 1

CFG=$HS_RUN/galera.conf
OUT=$HS_RUN/report.json
T='.targets[0]'
node() { printf '(%s.components[] | select(.id == "127.0.0.1:%s"))' "$T" "${GAL_PORT[$1]}"; }
gal_lab_config "$CFG" 'connect_timeout = 2; read_timeout = 2; write_timeout = 2;'

# --- healthy -----------------------------------------------------------------
gal_report "$CFG" "$OUT"
hs_check "healthy: status OK" hs_json_eq "$OUT" "$T.status" OK
hs_check "healthy: cluster service UP, size 3" hs_json_eq "$OUT" \
    "$T.components[] | select(.kind == \"service\") | \"\(.id) \(.state) \(.metrics[] | select(.name == \"size\") | .value)\"" \
    "cluster UP 3"
hs_check "healthy: three nodes, all Synced and Primary" hs_json_eq "$OUT" \
    "[$T.components[] | select(.kind == \"node\") | select(.labels.local_state_comment == \"Synced\" and .labels.cluster_status == \"Primary\" and .state == \"UP\")] | length" 3
hs_check "healthy: every node reports size 3 and its latency" hs_json_eq "$OUT" \
    "[$T.components[] | select(.kind == \"node\") | .metrics[] | select(.name == \"cluster_size\" or .name == \"latency\") | .name] | sort | join(\",\")" \
    "cluster_size,cluster_size,cluster_size,latency,latency,latency"
hs_check "healthy: health 100" hs_json_eq "$OUT" "$T.health" 100

# --- one node desynced (as during a backup): WARNING, not CRITICAL -----------
gal_lab_sql 3 "SET GLOBAL wsrep_desync = ON"
hs_check "desync: WARNING naming the Donor/Desynced node" gal_report_until 30 "$CFG" "$OUT" \
    "$T.status == \"WARNING\" and ($T.reasons | map(.text) | any(contains(\"127.0.0.1:${GAL_PORT[3]} is Donor/Desynced\")))"
hs_check "desync: the node is DEGRADED, the cluster not DOWN" hs_json_eq "$OUT" \
    "\"\($(node 3) | .state) \($T.components[] | select(.id == \"cluster\") | .state)\"" "DEGRADED DEGRADED"
gal_lab_config "$HS_RUN/donor-ok.conf" 'donor_status = "ok";'
gal_report "$HS_RUN/donor-ok.conf" "$HS_RUN/donor-ok.json"
hs_check "desync: donor_status = \"ok\" makes it OK" hs_json_eq "$HS_RUN/donor-ok.json" "$T.status" OK
gal_lab_sql 3 "SET GLOBAL wsrep_desync = OFF"
hs_check "desync off: back to OK" gal_report_until 30 "$CFG" "$OUT" "$T.status == \"OK\""

# --- wrong password: UNKNOWN with the server's reason ------------------------
printf 'not-the-password\n' >"$HS_RUN/wrong.pw"
chmod 600 "$HS_RUN/wrong.pw"
sed "s|password_file = \"[^\"]*\"|password_file = \"$HS_RUN/wrong.pw\"|" "$CFG" >"$HS_RUN/wrong.conf"
gal_report "$HS_RUN/wrong.conf" "$HS_RUN/wrong.json"
hs_check "wrong password: UNKNOWN" hs_json_eq "$HS_RUN/wrong.json" "$T.status" UNKNOWN
hs_check "wrong password: the server's reason (1045 Access denied)" hs_json_eq "$HS_RUN/wrong.json" \
    "[$T.error // \"\", ($T.reasons[]?.text)] | join(\" \") | test(\"Access denied for user .${GAL_USER}.*error 1045\")" true

# --- a frozen node (accepts TCP, never answers): UNKNOWN within its timeout ---
gal_lab_kill 3 STOP
t0=$(date +%s%N)
gal_report "$CFG" "$OUT"
took=$(hs_elapsed_ms "$t0")
gal_lab_kill 3 CONT
# No wall-time assertion (CI is loaded): the client's own timeout error on
# the node and no deadline error on the target show which limit fired.
hs_log "report with a frozen node took $took ms (connect_timeout 2 s)"
hs_check "frozen node: it is UNKNOWN with the client's reason" hs_json_eq "$OUT" \
    "$(node 3) | \"\(.state) \(.messages | join(\" \") | test(\"error 2013|error 2026|timed out|Lost connection\"))\"" "UNKNOWN true"
hs_check "frozen node: the other two nodes are still reported" hs_json_eq "$OUT" \
    "[$(node 1), $(node 2) | select(.state != \"UNKNOWN\" and .labels.cluster_status == \"Primary\")] | length" 2
hs_check "frozen node: the target is not UNKNOWN, no time out" hs_json_eq "$OUT" \
    "\"\($T.status != \"UNKNOWN\") \($T.error)\"" "true null"
hs_check "frozen node: rejoins after SIGCONT, the cluster settles" hs_wait_until 90 gal_lab_settled
hs_check "frozen node: back to OK" gal_report_until 60 "$CFG" "$OUT" \
    "$T.status == \"OK\" and ($T.components[] | select(.id == \"cluster\") | .metrics[] | select(.name == \"size\") | .value) == 3"

# --- kill -9 one node: WARNING, size 2, the dead node named ------------------
gal_lab_kill 3 KILL
hs_check "one node killed: WARNING with size 2" gal_report_until 60 "$CFG" "$OUT" \
    "$T.status == \"WARNING\" and ($T.components[] | select(.id == \"cluster\") | .metrics[] | select(.name == \"size\") | .value) == 2"
hs_check "one node killed: the dead node is DOWN and named in a reason" hs_json_eq "$OUT" \
    "\"\($(node 3) | .state) \($T.reasons | map(.text) | any(contains(\"node 127.0.0.1:${GAL_PORT[3]} down\")))\"" "DOWN true"
hs_check "one node killed: survivors report size 2" hs_json_eq "$OUT" \
    "[$(node 1), $(node 2) | .metrics[] | select(.name == \"cluster_size\") | .value] | join(\",\")" "2,2"

# --- kill a second: the survivor is non-Primary, CRITICAL --------------------
gal_lab_kill 2 KILL
hs_check "two nodes killed: CRITICAL" gal_report_until 60 "$CFG" "$OUT" \
    "$T.status == \"CRITICAL\" and ($(node 1) | .labels.cluster_status) == \"non-Primary\""
hs_check "two nodes killed: the survivor is DOWN, the cluster DOWN" hs_json_eq "$OUT" \
    "\"\($(node 1) | .state) \($T.components[] | select(.id == \"cluster\") | .state)\"" "DOWN DOWN"
hs_check "two nodes killed: reasons say non-Primary and no Primary component" hs_json_eq "$OUT" \
    "[$T.reasons[] | select(.status == \"CRITICAL\") | .text] | (any(contains(\"is non-Primary\")) and any(contains(\"no reachable node is in a Primary component\")))" true
hs_check "two nodes killed: Nagios check exits 2" \
    bash -c "\"$HASCOUT_BIN\" --config \"$CFG\" check >\"$HS_RUN/check.txt\" 2>&1; test \$? = 2"

hs_done
