#!/bin/bash
# test-discover-galera.sh — `hascout model discover` on a real 3-node MariaDB
# Galera cluster (issue 23), one cluster for every step (a start takes
# 20-60 s here):
#   - the discovered cluster gate is "at least 2 of 3", its reason naming
#     wsrep_cluster_size;
#   - `model analyze` on the discovered file gives the 2-of-3 unavailability
#     computed here by hand from the rates the file holds;
#   - with no model in the config the report's margin is 2, 1 when a node is
#     killed (by PID);
#   - drift: a 4th node joins, the target lists 4 nodes; the discovered 3-node
#     model @included in the config says 2 of 3: `model discover --check`
#     exits 1 naming the redundancy difference and the unmodeled node.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/galera/lab.sh"

gal_lab_need
hs_need_cmd awk sed
[ -x "$HASCOUT_BIN" ] || { hs_log "hascout binary missing: $HASCOUT_BIN"; exit 1; }
[ -e "$HASCOUT_PLUGIN_PATH/galera.so" ] || hs_skip "galera.so not built"
hs_mkrun
gal_lab_start 3 || exit 1

CFG=$HS_RUN/galera.conf
MODEL=$HS_RUN/discovered.conf
LOG=$HS_RUN/hascout.log
OUT=$HS_RUN/report.json
TIMEOUTS='connect_timeout = 2; read_timeout = 2; write_timeout = 2;'
gal_lab_config "$CFG" "$TIMEOUTS"
ev() { printf 'db/127.0.0.1:%s' "${GAL_PORT[$1]}"; } # the basic event of node I

# --- 1. the discovered gate -------------------------------------------------------
RC=0
"$HASCOUT_BIN" -c "$CFG" model discover -o "$MODEL" >>"$LOG" 2>&1 || RC=$?
hs_check "discover exits 0 (got $RC)" [ "$RC" = 0 ]
hs_check "the cluster gate: at least 2 of 3" \
    grep -q 'name = "db/cluster"; type = "atleast"; k = 2;' "$MODEL"
hs_check "... over the three nodes" \
    grep -q "inputs = \[ \"$(ev 1)\", \"$(ev 2)\", \"$(ev 3)\" \]" "$MODEL"
hs_check "... its reason naming wsrep_cluster_size" \
    grep -q "works while 2 of its 3 children work (a majority of the 3 members of the last Primary view (wsrep_cluster_size))" "$MODEL"
for i in 1 2 3; do
    hs_check "node $i: a basic event mapped live onto it" \
        grep -q "live = { target = \"db\"; component = \"127.0.0.1:${GAL_PORT[$i]}\"; }" "$MODEL"
done
hs_check "the service db is the cluster gate" grep -q '{ name = "db"; top = "db/cluster";' "$MODEL"

# --- 2. model analyze = 2 of 3 by hand ---------------------------------------------
rates() {
    sed -n "s|.*name = \"$1\"; .*mttf = \([0-9.e+]*\); mttr = \([0-9.e+]*\);.*|\1 \2|p" "$MODEL"
}
read -r mttf mttr < <(rates "$(ev 1)")
hs_log "node rates from the file: mttf $mttf h, mttr $mttr h"
hs_check "the nodes' rates are read from the file" [ -n "$mttf" ] && [ -n "$mttr" ]
for i in 2 3; do
    hs_check "node $i has the same assumed rates" [ "$(rates "$(ev "$i")")" = "$mttf $mttr" ]
done
# the cluster is down when 2 or 3 of its nodes are: 3q^2(1-q) + q^3 = 3q^2 - 2q^3
q_hand=$(awk -v f="$mttf" -v r="$mttr" 'BEGIN { q = r / (f + r); printf "%.12e", 3 * q * q - 2 * q * q * q }')
AN=$HS_RUN/analyze.json
RC=0
"$HASCOUT_BIN" model analyze --format json "$MODEL" >"$AN" 2>>"$LOG" || RC=$?
hs_check "model analyze reads the discovered file as it is (exit $RC)" [ "$RC" = 0 ]
q_engine=$(jq -r '.tops[] | select(.name == "db") | .probability' "$AN")
hs_log "unavailability of db: hand $q_hand engine $q_engine"
hs_check "db: 2 of 3, engine $q_engine = hand $q_hand" hs_close "$q_engine" "$q_hand"

# --- 3. no model in the config: margin 2, then 1 with a node killed -----------------
svc() { jq -r ".services[] | select(.name == \"db\") | $1" "$OUT"; }
gal_report "$CFG" "$OUT"
hs_check "the report's model is the discovered one" hs_json_eq "$OUT" .model_source discovered
hs_check "all up: db margin 2, UP" [ "$(svc .margin) $(svc .state)" = "2 UP" ]
hs_check "the cluster's rule crossed the probe pipe: require 2" hs_json_eq "$OUT" \
    '.targets[0].components[] | select(.id == "cluster") | .require' 2
gal_lab_kill 3 KILL
wait "${GAL_PID[3]}" 2>/dev/null # reaped here: no job message
hs_check "node 3 killed: db margin 1" gal_report_until 60 "$CFG" "$OUT" \
    '(.services[] | select(.name == "db") | .margin) == 1'
hs_check "... db still UP" [ "$(svc .state)" = UP ]
hs_check "... the nearest cut is one of the two left" \
    grep -Eq "^($(ev 1)|$(ev 2))$" <<<"$(svc '.nearest_cut | join(",")')"
hs_check "... the survivors still declare 2 (a majority of their Primary view of 2)" hs_json_eq "$OUT" \
    '.targets[0].components[] | select(.id == "cluster") | .require' 2

# node 3 back: the cluster of 3 again
gal_start_node 3 || { hs_log "node 3 did not rejoin"; exit 1; }
hs_check "node 3 rejoined, the cluster settled" hs_wait_until 90 gal_lab_settled
hs_check "... db margin 2 again" gal_report_until 60 "$CFG" "$OUT" \
    '(.services[] | select(.name == "db") | .margin) == 2'

# --- 4. drift: a 4th node joins -----------------------------------------------------
MCFG=$HS_RUN/modelled.conf
gal_lab_config "$MCFG" "$TIMEOUTS"
# (relative: libconfig 1.5 prefixes the config's directory to absolute paths)
printf '@include "%s"\n' "$(basename "$MODEL")" >>"$MCFG"
DRIFT=$HS_RUN/drift.out
RC=0
"$HASCOUT_BIN" -c "$MCFG" model discover --check >"$DRIFT" 2>>"$LOG" || RC=$?
hs_check "3 nodes: --check finds no drift (exit $RC)" [ "$RC" = 0 ]

# gal_add_node — one more node on the lab's helpers: ports, a copy of the
# template datadir, its my.cnf (gcomm lists every node), started, Synced.
gal_add_node() {
    local i=$((GAL_N + 1))
    GAL_DIR[$i]=$HS_RUN/node$i
    GAL_SOCK[$i]=${GAL_DIR[$i]}/mysqld.sock
    GAL_PORT[$i]=$(gal_port) && GAL_GPORT[$i]=$(gal_port) &&
        GAL_IPORT[$i]=$(gal_port) && GAL_SPORT[$i]=$(gal_port) || return 1
    mkdir -p "${GAL_DIR[$i]}/tmp"
    cp -a "$HS_RUN/template" "${GAL_DIR[$i]}/data"
    GAL_N=$i
    gal_write_cnf "$i"
    chown -R mysql: "${GAL_DIR[$i]}"
    gal_start_node "$i"
}
t0=$(date +%s%N)
gal_add_node || { hs_log "node 4 did not join"; exit 1; }
hs_check "node 4 joined, a cluster of 4 settled" hs_wait_until 90 gal_lab_settled
hs_log "node 4 joined in $(hs_elapsed_ms "$t0") ms"
gal_lab_config "$MCFG" "$TIMEOUTS"
printf '@include "%s"\n' "$(basename "$MODEL")" >>"$MCFG"
hs_check "the target lists 4 nodes now" \
    [ "$(grep -o '"127.0.0.1:[0-9]*"' "$MCFG" | wc -l)" = 4 ]
RC=0
"$HASCOUT_BIN" -c "$MCFG" model discover --check >"$DRIFT" 2>>"$LOG" || RC=$?
sed 's/^/  drift: /' "$DRIFT" >&2
hs_check "4 nodes: --check exits 1 (got $RC)" [ "$RC" = 1 ]
hs_check "--check names the redundancy difference: the model's 2 of 3, the cluster's 3 of 4" \
    grep -q "^redundancy model gate 'db/cluster' works while 2 of its 3 inputs work; db service 'cluster' now declares 3 of 4 (a majority of the 4 members of the last Primary view (wsrep_cluster_size))" "$DRIFT"
hs_check "--check names the unmodeled node" \
    grep -q "^unmodeled  db reported node '127.0.0.1:${GAL_PORT[4]}'" "$DRIFT"
hs_check "... and no other difference" [ "$(grep -Ec '^(unobserved|unmodeled|redundancy|unchecked) ' "$DRIFT")" = 2 ]
gal_report "$MCFG" "$OUT"
hs_check "the report's model is the config's" hs_json_eq "$OUT" .model_source config
hs_check "the report carries both differences" hs_json_eq "$OUT" '.drift | length' 2

# --- 5. a failure is not drift ----------------------------------------------------
# The model discovered on the 4 nodes (3 of 4); node 4 killed: Galera's quorum
# follows the Primary view (a majority of 3: the plugin declares 2 of 4 now),
# which --check must not call drift: it says it did not compare (exit 3).
MODEL4=$HS_RUN/discovered4.conf
RC=0
"$HASCOUT_BIN" -c "$MCFG" model discover -o "$MODEL4" >>"$LOG" 2>&1 || RC=$?
hs_check "4 nodes: discover exits 0 (got $RC)" [ "$RC" = 0 ]
hs_check "... the cluster gate: fails when 2 of the 4 fail (works while 3 do)" \
    grep -q 'name = "db/cluster"; type = "atleast"; k = 2;' "$MODEL4"
hs_check "... works while 3 of its 4 children work" grep -q "works while 3 of its 4 children work" "$MODEL4"
gal_lab_config "$MCFG" "$TIMEOUTS"
printf '@include "%s"\n' "$(basename "$MODEL4")" >>"$MCFG"
RC=0
"$HASCOUT_BIN" -c "$MCFG" model discover --check >"$DRIFT" 2>>"$LOG" || RC=$?
hs_check "4-node model, 4 nodes: no drift (exit $RC)" [ "$RC" = 0 ]
gal_lab_kill 4 KILL
wait "${GAL_PID[4]}" 2>/dev/null
hs_check "node 4 killed: the survivors' Primary view is 3" \
    hs_wait_until 60 "[ \"\$(gal_lab_status 1 wsrep_cluster_size)\" = 3 ]"
hs_check "... the plugin declares 2 of 4 (a majority of the Primary view of 3)" gal_report_until 60 "$MCFG" "$OUT" \
    '(.targets[0].components[] | select(.id == "cluster") | .require) == 2'
RC=0
"$HASCOUT_BIN" -c "$MCFG" model discover --check >"$DRIFT" 2>>"$LOG" || RC=$?
sed 's/^/  drift: /' "$DRIFT" >&2
hs_check "node 4 killed: --check finds no drift, says it did not compare (exit 3, got $RC)" [ "$RC" = 3 ]
hs_check "... no redundancy line" bash -c "! grep -q '^redundancy' '$DRIFT'"
hs_check "... an unchecked line naming the node not up" \
    grep -q "^unchecked  model gate 'db/cluster' works while 3 of its 4 inputs work; db service 'cluster' declares 2 of 4 (.*) with 1 of its members not up" "$DRIFT"
hs_check "the report's drift is that one unchecked item" hs_json_eq "$OUT" '[.drift[].kind] | join(",")' unchecked
"$HASCOUT_BIN" -c "$MCFG" report >"$HS_RUN/report4.txt" 2>>"$LOG"
hs_check "... and the text report has no drift line" bash -c "! grep -q '^model drift' '$HS_RUN/report4.txt'"
# discovered now, the rule is the degraded one (2 of 4): the file says so
gal_lab_config "$HS_RUN/four.conf" "$TIMEOUTS"
RC=0
"$HASCOUT_BIN" -c "$HS_RUN/four.conf" model discover -o "$HS_RUN/degraded.conf" >>"$LOG" 2>&1 || RC=$?
hs_check "node 4 down: discover still exits 0 (got $RC)" [ "$RC" = 0 ]
degraded_said() {
    grep -A1 "works while 2 of its 4 children work (a majority of the 3 members" "$HS_RUN/degraded.conf" |
        grep -q "# discovered with 1 of its 4 children not up: a rule that follows"
}
hs_check "... its gate (2 of 4) says it was discovered with a node not up" degraded_said
hs_log "4-node model with node 4 down: margin $(jq -r '.services[0].margin' "$OUT") (static 3 of 4)"

hs_done
