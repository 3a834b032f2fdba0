#!/bin/bash
# `hascout model discover` and the live margins of a config without a model,
# through the real binary and probe children (the rules cross the pipe):
# the gates the plugins' rules give, the engine's availability of the
# discovered model against the hand-computed one, margins falling as nodes
# go down, the report saying the model was derived, live.discover = false,
# and a plugin whose rules are broken (a missing needed id, a cycle): a
# clear error naming it from discover, a warning and an intact report from
# `report`. The labs (tests/lab/test-*.sh) do the same on real servers.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd jq awk
hs_mkrun
H() { "$HASCOUT_BIN" -q --state-dir "$HS_RUN/st" "$@"; }

states=$HS_RUN/states
: >"$states"
conf() { # conf FILE [EXTRA [DEAD]] — a db of 3 (2 needed), a web lb (listen:
    # its frontend needs its backend of 2 servers, one needed), and unless
    # DEAD is "no", a dead target
    cat >"$1" <<CONF
hascout = { lock = "skip"; };
${2:-}
targets = (
  { name = "db"; plugin = "test"; states_file = "$states";
    components = (
      { id = "cluster"; kind = "service"; require = 2; require_why = "a majority of 3"; },
      { id = "db1"; kind = "node"; parent = "cluster"; },
      { id = "db2"; kind = "node"; parent = "cluster"; },
      { id = "db3"; kind = "node"; parent = "cluster"; }
    ); },
  { name = "web"; plugin = "test"; states_file = "$states";
    components = (
      { id = "frontend/web"; kind = "frontend"; needs = [ "backend/web" ]; },
      { id = "backend/web"; kind = "service"; require = 1; },
      { id = "backend/web/s1"; kind = "server"; parent = "backend/web"; },
      { id = "backend/web/s2"; kind = "server"; parent = "backend/web"; }
    ); }$([ "${3:-}" = no ] || printf ',\n  { name = "dead"; plugin = "test"; behaviour = "fail"; }')
);
CONF
}
conf "$HS_RUN/a.conf"
conf "$HS_RUN/live.conf" "" no

H -c "$HS_RUN/a.conf" model discover -o "$HS_RUN/m.conf" 2>"$HS_RUN/d.err"
hs_check "discover exits 0" test $? -eq 0
hs_check "2-of-3 quorum: fails at 2 of 3 down, with the plugin's reason" \
    grep -q 'name = "db/cluster"; type = "atleast"; k = 2;' "$HS_RUN/m.conf"
hs_check "the gate says where k comes from" grep -q "works while 2 of its 3 children work (a majority of 3)" "$HS_RUN/m.conf"
hs_check "1 of 2 servers: fails when both are down" grep -q 'name = "web/backend/web"; type = "and";' "$HS_RUN/m.conf"
hs_check "the frontend with what it needs" \
    grep -q 'inputs = \[ "web/frontend/web", "web/backend/web" \]' "$HS_RUN/m.conf"
hs_check "leaves mapped live onto their component" \
    grep -q 'live = { target = "db"; component = "db2"; }' "$HS_RUN/m.conf"
hs_check "rates marked as assumptions with their source" grep -q 'comment = "ASSUMED rates' "$HS_RUN/m.conf"
hs_check "a target without components is one unit on its status" \
    grep -q 'live = { target = "dead"; }' "$HS_RUN/m.conf"

# the engine reads it as it is; q = mttr / (mttf + mttr) of the fallback rate
"$HASCOUT_BIN" model analyze --format json "$HS_RUN/m.conf" >"$HS_RUN/an.json"
hs_check "model analyze reads the discovered model" test $? -eq 0
read -r mttf mttr < <(sed -n 's/.*name = "db\/db1".*mttf = \([0-9.e+]*\); mttr = \([0-9.e+]*\);.*/\1 \2/p' "$HS_RUN/m.conf")
qdb=$(awk -v f="$mttf" -v r="$mttr" 'BEGIN { q = r / (f + r); printf "%.12e", 3*q*q - 2*q*q*q }')
qweb=$(awk -v f="$mttf" -v r="$mttr" 'BEGIN { q = r / (f + r); printf "%.12e", 1 - (1-q)*(1 - q*q) }')
hs_check "db: 2 of 3 by hand ($qdb)" hs_close "$(jq '.tops[] | select(.name == "db") | .probability' "$HS_RUN/an.json")" "$qdb"
hs_check "web: frontend or both servers by hand ($qweb)" \
    hs_close "$(jq '.tops[] | select(.name == "web") | .probability' "$HS_RUN/an.json")" "$qweb"

# no model in the config: the report uses the discovered one and says so
report() { H -c "$1" report -f json -o "$2"; }
report "$HS_RUN/a.conf" "$HS_RUN/r0.json"
hs_check "the report's model is the discovered one" hs_json_eq "$HS_RUN/r0.json" .model_source discovered
hs_check "db margin 2 with all three up" hs_json_eq "$HS_RUN/r0.json" '.services[] | select(.name == "db") | .margin' 2
hs_check "web margin 1 (its frontend alone)" hs_json_eq "$HS_RUN/r0.json" '.services[] | select(.name == "web") | .margin' 1
hs_check "the rules reach the report through the probe pipe" \
    hs_json_eq "$HS_RUN/r0.json" '.targets[] | select(.name == "db") | .components[] | select(.id == "cluster") | .require' 2
hs_check "... and the needs" \
    hs_json_eq "$HS_RUN/r0.json" '.targets[] | select(.name == "web") | .components[0].needs[0]' backend/web
H -c "$HS_RUN/a.conf" report >"$HS_RUN/r0.txt"
hs_check "the text report says the model was derived" grep -q "model derived from the probes" "$HS_RUN/r0.txt"

echo "db2 DOWN" >"$states"
report "$HS_RUN/a.conf" "$HS_RUN/r1.json"
hs_check "one node down: db margin 1" hs_json_eq "$HS_RUN/r1.json" '.services[] | select(.name == "db") | .margin' 1
printf 'db2 DOWN\ndb3 DOWN\n' >"$states"
report "$HS_RUN/a.conf" "$HS_RUN/r2.json"
hs_check "two nodes down: db DOWN" hs_json_eq "$HS_RUN/r2.json" '.services[] | select(.name == "db") | .state' DOWN
H -c "$HS_RUN/a.conf" check >"$HS_RUN/check.out"
hs_check "check speaks of the discovered services" grep -q "services not OK: db DOWN" "$HS_RUN/check.out"
: >"$states"
H -c "$HS_RUN/live.conf" whatif --down db/db1 >"$HS_RUN/whatif.out"
hs_check "whatif on the discovered model: one db node down leaves margin 1 (exit 1)" test $? -eq 1
H -c "$HS_RUN/live.conf" whatif --down db/db1,db/db2 >"$HS_RUN/whatif.out"
hs_check "whatif on the discovered model: two down take db down (exit 2)" test $? -eq 2
H -c "$HS_RUN/live.conf" check >"$HS_RUN/check.out"
hs_check "check never calls margin 1 full redundancy" \
    grep -q "^HASCOUT OK: all 2 services up at their design margin, 1 with no redundancy (margin 1: one failure takes it down)" "$HS_RUN/check.out"

conf "$HS_RUN/off.conf" 'live = { discover = false; };'
report "$HS_RUN/off.conf" "$HS_RUN/off.json"
hs_check "live.discover = false: no model view" hs_json_eq "$HS_RUN/off.json" '.services | length' 0

# a plugin's broken rules: discover names them; report warns and goes on
cat >"$HS_RUN/bad.conf" <<CONF
hascout = { lock = "skip"; };
targets = (
  { name = "ok"; plugin = "test"; components = ( { id = "n1"; } ); },
  { name = "bad"; plugin = "test";
    components = ( { id = "a"; needs = [ "nosuch" ]; } ); }
);
CONF
H -c "$HS_RUN/bad.conf" model discover -o "$HS_RUN/bad.m" 2>"$HS_RUN/bad.err"
hs_check "a missing needed id: discover exits 3" test $? -eq 3
hs_check "... naming target, component and id" \
    grep -q "target 'bad': component 'a' needs 'nosuch', which its probe did not report" "$HS_RUN/bad.err"
hs_check "... and writes no file" test ! -e "$HS_RUN/bad.m"
"$HASCOUT_BIN" --state-dir "$HS_RUN/st" -c "$HS_RUN/bad.conf" report -f json -o "$HS_RUN/bad.json" 2>"$HS_RUN/badr.err"
hs_check "report still written, targets judged" hs_json_eq "$HS_RUN/bad.json" '.targets | length' 2
hs_check "report warns why there is no model" grep -q "none could be derived from the probes: target 'bad'" "$HS_RUN/badr.err"
cat >"$HS_RUN/cyc.conf" <<CONF
targets = ( { name = "cyc"; plugin = "test";
    components = ( { id = "a"; needs = [ "b" ]; }, { id = "b"; needs = [ "a" ]; } ); } );
CONF
H -c "$HS_RUN/cyc.conf" model discover 2>"$HS_RUN/cyc.err" >/dev/null
hs_check "a cycle of needs is refused by name" grep -q "target 'cyc': component '[ab]' needs itself" "$HS_RUN/cyc.err"

# drift: a hand-written model of a 3-node cluster (2 of 3) and two servers,
# while the cluster now has 4 nodes (3 of 4) and one server is gone
cat >"$HS_RUN/hand.conf" <<CONF
hascout = { lock = "skip"; };
targets = (
  { name = "db"; plugin = "test";
    components = (
      { id = "cluster"; kind = "service"; require = 3; require_why = "a majority of 4"; },
      { id = "db1"; kind = "node"; parent = "cluster"; },
      { id = "db2"; kind = "node"; parent = "cluster"; },
      { id = "db3"; kind = "node"; parent = "cluster"; },
      { id = "db4"; kind = "node"; parent = "cluster"; }
    ); },
  { name = "web"; plugin = "test";
    components = ( { id = "backend/web"; kind = "service"; require = 1; },
                   { id = "backend/web/s1"; kind = "server"; parent = "backend/web"; } ); }
);
model = {
  components = (
    { name = "h1"; mttf = 4380.0; mttr = 4.0; }, { name = "h2"; mttf = 4380.0; mttr = 4.0; },
    { name = "h3"; mttf = 4380.0; mttr = 4.0; },
    { name = "g1"; mttf = 4380.0; mttr = 2.0; live = { target = "db"; component = "db1"; }; },
    { name = "g2"; mttf = 4380.0; mttr = 2.0; live = { target = "db"; component = "db2"; }; },
    { name = "g3"; mttf = 4380.0; mttr = 2.0; live = { target = "db"; component = "db3"; }; },
    { name = "s1"; mttf = 4380.0; mttr = 2.0; live = { target = "web"; component = "backend/web/s1"; }; },
    { name = "s2"; mttf = 4380.0; mttr = 2.0; live = { target = "web"; component = "backend/web/s2"; }; }
  );
  gates = (
    { name = "n1"; type = "or"; inputs = [ "h1", "g1" ]; },
    { name = "n2"; type = "or"; inputs = [ "h2", "g2" ]; },
    { name = "n3"; type = "or"; inputs = [ "h3", "g3" ]; },
    { name = "quorum"; type = "atleast"; k = 2; inputs = [ "n1", "n2", "n3" ]; },
    { name = "webdown"; type = "and"; inputs = [ "s1", "s2" ]; }
  );
  services = ( { name = "DB"; top = "quorum"; }, { name = "Web"; top = "webdown"; } );
};
CONF
H -c "$HS_RUN/hand.conf" model discover --check >"$HS_RUN/drift.out"
hs_check "drift: --check exits 1" test $? -eq 1
hs_check "drift: a model component never observed" \
    grep -q "^unobserved .*'s2' stands for web/backend/web/s2" "$HS_RUN/drift.out"
hs_check "drift: an observed node the model lacks" \
    grep -q "^unmodeled  db reported node 'db4'" "$HS_RUN/drift.out"
hs_check "drift: the model's 2 of 3 against the cluster's 3 of 4" \
    grep -q "^redundancy model gate 'quorum' works while 2 of its 3 inputs work; db service 'cluster' now declares 3 of 4 (a majority of 4)" "$HS_RUN/drift.out"
report "$HS_RUN/hand.conf" "$HS_RUN/hand.json"
hs_check "the report lists the drift" hs_json_eq "$HS_RUN/hand.json" '.drift | length' 3
hs_check "... and its model is the config's" hs_json_eq "$HS_RUN/hand.json" .model_source config
H -c "$HS_RUN/hand.conf" check >"$HS_RUN/hand.check"
hs_check "check names the drift" grep -q "^model drift: 3 differences" "$HS_RUN/hand.check"
H -c "$HS_RUN/a.conf" model discover --check 2>"$HS_RUN/nomodel.err"
hs_check "--check without a model: exit 3, said" \
    sh -c "test $? -eq 3 && grep -q 'has no .model. to check' '$HS_RUN/nomodel.err'"

# a failure is not drift: the same members, one down, and a rule that moved
# with it (Galera's quorum follows the last Primary view) is not compared
sed -e 's/require = 3; require_why = "a majority of 4"/require = 1; require_why = "a majority of the last view (2)"/' \
    -e '/id = "db4"/d' -e 's/{ id = "db3"; kind = "node"; parent = "cluster"; },/{ id = "db3"; kind = "node"; parent = "cluster"; state = "DOWN"; }/' \
    -e 's/, live = { target = "web"; component = "backend\/web\/s2"; }//' \
    "$HS_RUN/hand.conf" >"$HS_RUN/failed.conf"
H -c "$HS_RUN/failed.conf" model discover --check >"$HS_RUN/failed.out"
rc=$?
hs_check "a node down with its rule moved: no redundancy drift" sh -c "! grep -q '^redundancy' '$HS_RUN/failed.out'"
hs_check "... said as not compared (exit 3 when nothing else differs)" \
    sh -c "grep -q '^unchecked .*1 of its members not up: not compared' '$HS_RUN/failed.out' && test $rc -ne 0"

printf 'rates = ( { technology = "x"; kind = "y"; mttf = 1.0; mttr = 1.0; source = "s"; } );\n' >"$HS_RUN/r.conf"
H -c "$HS_RUN/a.conf" model discover --rates "$HS_RUN/r.conf" 2>"$HS_RUN/r.err" >/dev/null
hs_check "a rate table without a fallback is refused by name" grep -q "r.conf: no fallback rate" "$HS_RUN/r.err"
hs_done
