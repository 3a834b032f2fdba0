#!/bin/bash
# Maintenance what-if against real VRRP nodes: two keepalived nodes in
# network namespaces carry the VIP; the model's "VIP" service fails only
# when both fail. `hascout whatif --down` on the current MASTER must report
# the VIP up at margin 1 afterwards (exit 1), and taking both down an
# outage (exit 2); `plan --rolling` finds an order for the pair.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/keepalived/lab.sh"
[ -e "$HASCOUT_PLUGIN_PATH/keepalived.so" ] || hs_skip "keepalived.so not built"
hs_mkrun
ka_lab_need
ka_lab_up 2 || { hs_log "could not build the namespaces"; exit 1; }
hs_check "both nodes start, n1 MASTER, n2 BACKUP" \
    eval 'ka_start 1 && ka_start 2 && ka_wait_states 30 MASTER BACKUP'

C=$HS_RUN/vip.conf
ka_conf "$C" state_file
cat >> "$C" <<'CONF'
model = {
  components = (
    { name = "ka-n1"; technology = "keepalived"; mttf = 8760.0; mttr = 0.5;
      live = { target = "vip"; component = "vrrp:VI_1@n1"; }; },
    { name = "ka-n2"; technology = "keepalived"; mttf = 8760.0; mttr = 0.5;
      live = { target = "vip"; component = "vrrp:VI_1@n2"; }; }
  );
  gates = ( { name = "vip_down"; type = "and"; inputs = [ "ka-n1", "ka-n2" ]; } );
  services = ( { name = "VIP"; top = "vip_down"; importance = 5.0; } );
};
CONF
H() { "$HASCOUT_BIN" -q --config "$C" "$@"; }

H report -f json -o "$HS_RUN/r.json"
hs_check "live: both VRRP instances UP, VIP margin 2" \
    test "$(jq -r '.services[0] | .state + " " + (.margin|tostring)' "$HS_RUN/r.json")" = "UP 2"
master=$(jq -r '.targets[0].components[] | select(.id == "vrrp:VI_1") | .labels.master' "$HS_RUN/r.json")
hs_check "the probe names n1 as the MASTER" test "$master" = n1

H whatif --json --down "ka-$master" > "$HS_RUN/w.json"; rc=$?
hs_check "whatif --down the MASTER: exit 1 (up, one failure from an outage)" test "$rc" -eq 1
jqe() { jq -e "$@" >/dev/null; }
hs_check "whatif --down the MASTER: VIP up at margin 1 afterwards, the BACKUP is the cut" \
    jqe '.services[] | select(.name == "VIP") | .before.margin == 2 and .after.margin == 1 and
         .after.state == "UP" and .after.nearest_cut == ["ka-n2"]' "$HS_RUN/w.json"
H whatif --down "ka-$master" > "$HS_RUN/w.txt"
hs_check "whatif text names the VIP and the remaining node" \
    sh -c "grep -q 'VIP' '$HS_RUN/w.txt' && grep -q 'ka-n2' '$HS_RUN/w.txt'"
H whatif --down ka-n1,ka-n2 > /dev/null; rc=$?
hs_check "whatif --down both nodes: exit 2 (outage)" test "$rc" -eq 2
H plan --rolling ka-n1,ka-n2 > "$HS_RUN/plan.txt"; rc=$?
hs_check "plan --rolling the pair: a safe order exists" test "$rc" -eq 0

# the real failover agrees with what the model predicted
ka_stop 1 TERM
hs_check "after stopping n1 for real: VIP up at margin 1" \
    hs_wait_until 20 '"$HASCOUT_BIN" -q --config "$C" report -f json -o "$HS_RUN/r2.json";
                      [ "$(jq -r ".services[0] | .state + \" \" + (.margin|tostring)" "$HS_RUN/r2.json")" = "UP 1" ]'
hs_done
