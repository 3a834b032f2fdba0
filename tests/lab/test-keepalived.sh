#!/bin/bash
# tests/lab/test-keepalived.sh — the keepalived plugin against two real
# keepalived nodes in network namespaces (see tests/lab/keepalived/lab.sh):
# steady state, clean stop and crash of the master, both nodes down, split
# brain by dropping VRRP adverts, restore, flapping — each read through the
# notify helper's state files and through keepalived's dumps (JSON, text).
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/keepalived/lab.sh"

hs_mkrun
ka_lab_need
ka_lab_up 2 || { hs_log "could not build the namespaces"; exit 1; }

SF=$HS_RUN/state_file.conf
DJ=$HS_RUN/dump_json.conf
DT=$HS_RUN/dump_text.conf
FL=$HS_RUN/flap.conf
ka_conf "$SF" state_file
ka_conf "$DJ" dump json
ka_conf "$DT" dump text
ka_conf "$FL" state_file json
sed -i -e 's/transitions_warn = "100"/transitions_warn = "0"/' \
    -e "s|flap-state_file-json|flap-check|" "$FL"
hs_probe_dir "$HS_RUN/flap-check"

# report CONF OUT — one JSON report; its exit code is the worst status.
report() {
    hs_hascout --config "$1" report --format json -o "$2" >/dev/null 2>>"$HS_RUN/hascout.log"
    local rc=$?
    [ -s "$2" ] || { hs_log "no report from $1 (exit $rc)"; return 1; }
    jq -c '.targets[] | {status, reasons}' "$2" >> "$HS_RUN/hascout.log"
    return 0
}

# The status, the master's name, one node's instance state.
status_of() { jq -r '.targets[0].status' "$1"; }
master_of() { jq -r '.targets[0].components[] | select(.id == "vrrp:VI_1") | .labels.master' "$1"; }
cell_of() { jq -r --arg id "vrrp:VI_1@$2" '.targets[0].components[] | select(.id == $id) | .labels.state' "$1"; }
has_reason() { jq -e --arg t "$2" '[.targets[0].reasons[].text | contains($t)] | any' "$1" >/dev/null; }

# expect_all NAME STATUS MASTER N1 N2 [REASON] — every reading method agrees.
expect_all() {
    local name=$1 st=$2 m=$3 c1=$4 c2=$5 why=${6:-} conf out
    for conf in "$SF" "$DJ" "$DT"; do
        out=$HS_RUN/$(basename "$conf" .conf).$name.json
        report "$conf" "$out" || { hs_check "$name via $(basename "$conf" .conf): report" false; continue; }
        hs_check "$name via $(basename "$conf" .conf): $st, master $m, n1 $c1, n2 $c2" \
            eval "[ \"\$(status_of $out)\" = $st ] && [ \"\$(master_of $out)\" = $m ] &&
                  [ \"\$(cell_of $out n1)\" = $c1 ] && [ \"\$(cell_of $out n2)\" = $c2 ]"
        if [ -n "$why" ]; then
            hs_check "$name via $(basename "$conf" .conf): reason '$why'" has_reason "$out" "$why"
        fi
    done
}

# wait_master CONF NODE — poll hascout until it names NODE as MASTER.
wait_master() {
    hs_wait_until 20 "report $1 $HS_RUN/poll.json && [ \"\$(master_of $HS_RUN/poll.json)\" = $2 ]"
}

start_both() {
    ka_start 1 && ka_start 2 && ka_wait_states 30 MASTER BACKUP
}

# 1. Steady state.
hs_check "both nodes start, n1 MASTER, n2 BACKUP" start_both
expect_all steady OK n1 MASTER BACKUP
report "$FL" "$HS_RUN/flap0.json"
hs_check "plugin metrics: priorities and per-state counts" \
    jq -e '.targets[0].components[] | select(.id == "vrrp:VI_1@n1") |
           [.metrics[] | select(.name == "priority") | .value] == [150]' "$HS_RUN/state_file.steady.json" >/dev/null
hs_check "service counts one master, one backup" \
    jq -e '.targets[0].components[] | select(.id == "vrrp:VI_1") |
           ([.metrics[] | select(.name == "nodes_master") | .value] == [1]) and
           ([.metrics[] | select(.name == "nodes_backup") | .value] == [1])' "$HS_RUN/dump_json.steady.json" >/dev/null

# 2. Clean stop of the master: n2 takes over, redundancy lost.
t0=$(date +%s%N)
hs_check "SIGTERM n1" ka_stop 1 TERM
hs_check "hascout sees n2 MASTER after SIGTERM" wait_master "$SF" n2
hs_log "SIGTERM: hascout saw n2 MASTER after $(hs_elapsed_ms "$t0") ms"
expect_all sigterm WARNING n2 STOP MASTER "node n1 STOP"

# 3. Crash of the master (kill -9): its state file still says MASTER, the
# pid check must not believe it.
hs_check "restart n1, back to n1 MASTER" eval "ka_start 1 && ka_wait_states 30 MASTER BACKUP"
t0=$(date +%s%N)
hs_check "kill -9 n1" ka_stop 1 KILL
hs_check "n1's state file is stale (still MASTER)" eval '[ "$(ka_state 1)" = MASTER ]'
hs_check "hascout sees n2 MASTER after kill -9" wait_master "$SF" n2
hs_log "kill -9: hascout saw n2 MASTER after $(hs_elapsed_ms "$t0") ms"
expect_all kill9 WARNING n2 STOP MASTER "redundancy lost"

# 4. Both down: the VIP has no owner.
hs_check "SIGTERM n2" ka_stop 2 TERM
expect_all down CRITICAL none STOP STOP "no MASTER"

# 5. Split brain: n2 stops hearing adverts, the link stays up.
hs_check "both nodes restart" start_both
report "$FL" "$HS_RUN/flap1.json"
hs_check "drop VRRP adverts in n2's namespace" ka_split 2 on
hs_check "both nodes become MASTER" ka_wait_states 30 MASTER MASTER
expect_all split CRITICAL n1 MASTER MASTER "2 masters (split brain)"

# 6. Restore.
hs_check "accept VRRP adverts again" ka_split 2 off
hs_check "n2 back to BACKUP" ka_wait_states 30 MASTER BACKUP
expect_all restored OK n1 MASTER BACKUP

# 7. Flapping: n2 went BACKUP → MASTER → BACKUP since the last flap probe.
report "$FL" "$HS_RUN/flap2.json"
hs_check "flapping is a WARNING with transitions_warn 0" \
    eval '[ "$(status_of $HS_RUN/flap2.json)" = WARNING ] && has_reason $HS_RUN/flap2.json "node n2 changed state 2 times"'

# 8. Bad configuration is refused with file:line.
cat > "$HS_RUN/bad.conf" <<CONF
hascout = { plugin_dirs = [ "$HASCOUT_PLUGIN_PATH" ]; };
targets = ( { name = "vip"; plugin = "keepalived";
  nodes = ( { name = "n1"; method = "state_file"; state_file = "/x"; colour = "red"; } ); } );
CONF
hs_hascout --config "$HS_RUN/bad.conf" report --format json -o "$HS_RUN/bad.json" >/dev/null 2>"$HS_RUN/bad.err"
hs_check "unknown node key refused naming file:line" \
    eval "grep -q 'bad.conf:3.*colour' '$HS_RUN/bad.err' '$HS_RUN/bad.json' 2>/dev/null"

hs_done
