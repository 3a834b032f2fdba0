#!/bin/bash
# hascout whatif / plan on the hand-checked stack (2-of-3 Galera, two
# HAProxy, a keepalived pair, two API nodes), live states from the test
# plugin: margins and exit codes of what-if, a rolling order and its risk
# figures, no safe order with a node already down, UNKNOWN → exit 3, bad
# input → exit 3 with a clear message, JSON checked with jq.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd jq
hs_mkrun
states=$HS_RUN/states
conf=$HS_RUN/stack.conf
sed -e "s|@STATE@|$HS_RUN/state|" -e "s|@STATES@|$states|" \
    "$HS_TOP_SRCDIR/tests/plan/stack.conf.in" > "$conf"
: > "$states"
H() { "$HASCOUT_BIN" "$1" -q --config "$conf" "${@:2}"; }
# rc_is EXPECTED CMD... — the command's exit code is EXPECTED (output kept)
rc_is() {
    local want=$1 rc; shift
    "$@" > "$HS_RUN/out" 2> "$HS_RUN/err"; rc=$?
    [ "$rc" -eq "$want" ] || { hs_log "exit $rc, expected $want: $*"; cat "$HS_RUN/out" "$HS_RUN/err" >&2; return 1; }
}
jqo() { jq -e "$@" "$HS_RUN/out" >/dev/null || { hs_log "jq failed: $*"; cat "$HS_RUN/out" >&2; return 1; }; }
# close FILTER VALUE — a number from the output within 1e-9 relative of VALUE
close() { jqo "($1) as \$x | (\$x - $2 | fabs) <= 1e-9 * ($2 | fabs) + 1e-15"; }

# --- what-if on the healthy stack ------------------------------------------
hs_check "whatif lb1 (all up): exit 1, Compute at margin 1" rc_is 1 H whatif --down lb1
hs_check "whatif api1: exit 1" rc_is 1 H whatif --down api1
hs_check "whatif one Galera node: exit 1 (margin 1)" rc_is 1 H whatif --json --down db1
hs_check "whatif db1 JSON: Database 2 -> 1, cut left = one more node" jqo \
    '.services[] | select(.name == "Database") |
     .before.margin == 2 and .after.margin == 1 and .after.state == "UP" and
     (.after.nearest_cut | length) == 1 and (.after.cut_set | index("db1")) != null'
hs_check "whatif db1 JSON: verdict WARNING, exit_code 1, db1 DOWN after" jqo \
    '.verdict == "WARNING" and .exit_code == 1 and .down == ["db1"] and
     (.components[] | select(.name == "db1") | .now == "UP" and .after == "DOWN")'
hs_check "whatif two Galera nodes: exit 2 (outage)" rc_is 2 H whatif --json --down db1,db3
hs_check "whatif db1,db3 JSON: Database DOWN, margin 0, cut complete" jqo \
    '.services[] | select(.name == "Database") | .after.state == "DOWN" and .after.margin == 0 and
     (.after.cut_set | sort) == ["db1", "db3"] and .after.nearest_cut == []'
hs_check "whatif --down repeated: same as a list" rc_is 2 H whatif --down db1 --down db2
hs_check "whatif text names the down services" grep -q "DOWN: Compute, Database" "$HS_RUN/out"
hs_check "whatif nothing lost: lb1 + db1 exits 1" rc_is 1 H whatif --down lb1,db1
hs_check "whatif api1,api2: Compute down, Database still margin 2 → exit 2" rc_is 2 H whatif --json --down api1,api2
hs_check "whatif api1,api2 JSON: Database OK" jqo \
    '.services[] | select(.name == "Database") | .verdict == "OK" and .after.margin == 2'

# --- rolling plans -----------------------------------------------------------
hs_check "plan --rolling db1,db2,db3: found (exit 0)" rc_is 0 H plan --json --rolling db1,db2,db3
hs_check "plan JSON: 3 safe steps, each whatif exit 1, Database margin 1" jqo \
    '.result == "found" and (.steps | length) == 3 and
     all(.steps[]; .status == "safe" and .whatif_exit == 1 and
         (.services[] | select(.name == "Database") | .margin == 1))'
# hand-checked: a step of 1 h with one Galera node down; the database fails
# when one of the two others fails: 1 - exp(-2 h/4380 h * 1 h)
hs_check "plan risk: Database first order = exact = 1-exp(-2/4380)" \
    close '.steps[0].services[] | select(.name == "Database") | .risk' '(1 - ((-2/4380) | exp))'
hs_check "plan risk: first-order figure matches" \
    close '.steps[0].services[] | select(.name == "Database") | .risk_first_order' '(1 - ((-2/4380) | exp))'
hs_check "plan total risk = 1 - prod(1 - step risk)" \
    close '.total_risk' '(1 - ([.steps[].risk | 1 - .] | reduce .[] as $p (1; . * $p)))'
hs_check "plan: single failures of a Galera step are the two other nodes" jqo \
    '.steps[0].services[] | select(.name == "Database") | (.single_failures | length) == 2'
hs_check "plan --group galera: duration 2 h from the group" rc_is 0 H plan --json --group galera
hs_check "plan group JSON: duration_h 2, group named" jqo '.duration_h == 2 and .group == "galera"'
hs_check "plan group risk scales with 2 h" \
    close '.steps[0].services[] | select(.name == "Database") | .risk' '(1 - ((-4/4380) | exp))'
hs_check "plan --duration overrides the group" rc_is 0 H plan --json --group galera --duration 0.5
hs_check "plan --duration 0.5 in JSON" jqo '.duration_h == 0.5'
hs_check "plan edge group: found" rc_is 0 H plan --json --group edge
# lb and ka pairs have the same failure rate: equal risks keep the given order
hs_check "plan edge: order by increasing risk, ties in the given order" jqo \
    '.order == ["lb1", "lb2", "ka1", "ka2"] and
     ([.steps[].risk] | [range(1; length) as $i | .[$i] >= .[$i - 1] * (1 - 1e-9)] | all)'
hs_check "plan mixed list: a Galera step (MTTF 4380) after the lb step" rc_is 0 H plan --json --rolling db2,lb1
hs_check "plan mixed: lb1 (lower risk) first" jqo '.order == ["lb1", "db2"]'
hs_check "plan --min-margin 2 on Galera: no safe order (exit 2)" rc_is 2 H plan --rolling db1,db2 --min-margin 2
hs_check "plan min-margin text says why" grep -q "db1 cannot be taken down: service Database would be left at margin 1, below the minimum 2" "$HS_RUN/out"
hs_check "plan --checklist: numbered steps with whatif and check" rc_is 0 H plan --checklist --group galera
hs_check "checklist: step 1 drains, checks whatif → exit 1, verifies with check" sh -c "
    grep -q '^\[ \] 1.1 Drain db1' '$HS_RUN/out' &&
    grep -q '^\[ \] 1.2 Run .hascout whatif --config .* --down db1.: expect exit 1' '$HS_RUN/out' &&
    grep -q '^\[ \] 1.3 Take db1 down' '$HS_RUN/out' && grep -q '^\[ \] 3.6 Verify: .hascout check' '$HS_RUN/out'"

# --- a Galera node already down (live state) ---------------------------------
echo "db1 DOWN" > "$states"
hs_check "db1 down: whatif db2 is an outage (exit 2)" rc_is 2 H whatif --down db2
hs_check "db1 down: no safe order for db2,db3 (exit 2)" rc_is 2 H plan --rolling db2,db3
hs_check "db1 down: the reason names the component, service and cut" \
    grep -q "db2 cannot be taken down: service Database would be DOWN (cut db1 \[down\] + db2 \[this step\])" "$HS_RUN/out"
hs_check "db1 down: JSON result none, both steps blocked" rc_is 2 H plan --json --rolling db2,db3
hs_check "db1 down: JSON blocked steps" jqo '.result == "none" and all(.steps[]; .status == "blocked")'
hs_check "db1 down: checklist refuses to start" rc_is 2 H plan --checklist --rolling db2,db3
hs_check "checklist says DO NOT START" grep -q "^DO NOT START" "$HS_RUN/out"
hs_check "db1 down but in the group: patched first, then the others (exit 0)" rc_is 0 H plan --json --group galera
hs_check "db1 first (already down), then db2, db3" jqo \
    '.order == ["db1", "db2", "db3"] and .steps[0].already_down and (.steps[1].already_down | not)'
hs_check "db1 down: whatif from history (after a report) gives the same" sh -c \
    "'$HASCOUT_BIN' -q --config '$conf' report >/dev/null; test \$? -le 3"
hs_check "from history: exit 2 for db2" rc_is 2 H whatif --from-history --json --down db2
hs_check "from history: JSON says so" jqo '.state.source == "history"'

# --- UNKNOWN states -------------------------------------------------------------
printf 'db1 UNKNOWN\n' > "$states"
hs_check "db1 UNKNOWN: whatif db2 depends on it → exit 3" rc_is 3 H whatif --json --down db2
hs_check "db1 UNKNOWN: named as needed" jqo \
    '.verdict == "UNKNOWN" and (.services[] | select(.name == "Database") | .unknown_needed == ["db1"])'
hs_check "db1 UNKNOWN: whatif lb1 does not depend on it (exit 1)" rc_is 1 H whatif --down lb1
hs_check "db1 UNKNOWN: plan db2,db3 → exit 3" rc_is 3 H plan --json --rolling db2,db3
hs_check "plan unknown JSON" jqo '.result == "unknown" and .steps[0].unknown_needed == ["db1"]'
hs_check "db1 UNKNOWN, db2 DOWN: whatif db3 is an outage whatever db1 is (exit 2)" sh -c \
    "printf 'db1 UNKNOWN\ndb2 DOWN\n' > '$states'; '$HASCOUT_BIN' whatif -q --config '$conf' --down db3 >/dev/null; test \$? -eq 2"
: > "$states"

# --- bad input: exit 3, a clear message, never a crash -----------------------------
hs_check "unknown component: exit 3" rc_is 3 H whatif --down db9
hs_check "unknown component: the valid names are listed" grep -q "no component 'db9' in the model (components: db1, db2" "$HS_RUN/err"
hs_check "empty name in list: exit 3" rc_is 3 H whatif --down db1,,db2
hs_check "empty name: message" grep -q "name 2 is empty" "$HS_RUN/err"
hs_check "duplicate name: exit 3" rc_is 3 H plan --rolling db1,db1
hs_check "no --down: exit 3" rc_is 3 H whatif
hs_check "--rolling and --group together: exit 3" rc_is 3 H plan --rolling db1 --group galera
hs_check "unknown group: exit 3 listing groups" rc_is 3 H plan --group nosuch
hs_check "unknown group message" grep -q "no maintenance group 'nosuch' (groups: galera, edge, everything)" "$HS_RUN/err"
hs_check "bad --min-margin: exit 3" rc_is 3 H plan --rolling db1 --min-margin x
hs_check "--json with --checklist: exit 3" rc_is 3 H plan --rolling db1 --json --checklist
hs_check "whatif refuses plan options: exit 3" rc_is 3 H whatif --down db1 --rolling db2
hs_check "missing config: exit 3" rc_is 3 "$HASCOUT_BIN" whatif --config "$HS_RUN/none.conf" --down db1
sed 's/duration = 2.0;/duration = -1.0;/' "$conf" > "$HS_RUN/bad.conf"
hs_check "negative group duration: exit 3" rc_is 3 "$HASCOUT_BIN" plan -q --config "$HS_RUN/bad.conf" --group galera
hs_check "negative duration: message names file:line" grep -q "bad.conf:[0-9]*:.*'duration' must be hours per step" "$HS_RUN/err"
sed 's/members = \[ "db1", "db2", "db3" \]/members = [ "db1", "db1" ]/' "$conf" > "$HS_RUN/bad.conf"
hs_check "duplicate member: exit 3 naming it" sh -c "'$HASCOUT_BIN' plan -q --config '$HS_RUN/bad.conf' --group galera 2>&1 | grep -q \"member 'db1' is listed twice\""
sed 's/{ name = "edge"; members/{ name = "edge"; membres/' "$conf" > "$HS_RUN/bad.conf"
hs_check "typo in another group is reported" sh -c "'$HASCOUT_BIN' plan -q --config '$HS_RUN/bad.conf' --group galera 2>&1 | grep -q \"unknown setting 'membres'\""
hs_check "--from-history without history: exit 3" rc_is 3 H whatif --from-history --state-dir "$HS_RUN/empty" --down db1
hs_check "help: exit 0" rc_is 0 "$HASCOUT_BIN" plan --help
hs_done
