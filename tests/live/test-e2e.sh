#!/bin/bash
# End to end: `hascout report` against real lab servers, through the model.
# A real haproxy with three real backends stands behind the "Web" service
# (it fails only when every backend has failed, or haproxy itself); killing
# backends must lower the service's margin, then take it down, in the JSON,
# Prometheus and Nagios outputs alike. Runs whatever lab can start here.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/haproxy/lab.sh"
hap_lab_setup
cat > "$HS_RUN/e2e.conf" <<CONF
hascout = { plugin_dirs = [ "$HASCOUT_PLUGIN_PATH" ]; state_dir = "$HS_RUN/state"; };
targets = (
  { name = "lb"; plugin = "haproxy"; url = "$HAP_STATS_URL"; deadline = 5.0; }
);
model = {
  components = (
    { name = "haproxy"; technology = "haproxy"; mttf = 8760.0; mttr = 1.0;
      live = { target = "lb"; component = "frontend/fe_web"; }; },
    { name = "web1"; technology = "host"; mttf = 2000.0; mttr = 4.0;
      live = { target = "lb"; component = "backend/be_web/web1"; }; },
    { name = "web2"; technology = "host"; mttf = 2000.0; mttr = 4.0;
      live = { target = "lb"; component = "backend/be_web/web2"; }; },
    { name = "web3"; technology = "host"; mttf = 2000.0; mttr = 4.0;
      live = { target = "lb"; component = "backend/be_web/web3"; }; }
  );
  gates = (
    { name = "backends_down"; type = "and"; inputs = [ "web1", "web2", "web3" ]; },
    { name = "web_down"; type = "or"; inputs = [ "haproxy", "backends_down" ]; }
  );
  services = ( { name = "Web"; top = "web_down"; importance = 4.0; target = 0.999; } );
};
CONF
report() { "$HASCOUT_BIN" -q --config "$HS_RUN/e2e.conf" report -f json -o "$HS_RUN/r.json"; }
web() { report; jq -r '.services[0] | .state + " " + (.margin|tostring)' "$HS_RUN/r.json"; }

hs_check "all up: Web UP, margin 1 (haproxy alone is a cut)" test "$(web)" = "UP 1"
hs_check "backends mapped live" \
    test "$(jq -r '[.model_components[] | select(.name | startswith("web")) | .state] | join(",")' "$HS_RUN/r.json")" = "UP,UP,UP"
hs_check "all up: Web history record written" test -s "$HS_RUN/state/history.jsonl"

# The backends' own redundancy: take the haproxy single point out of the
# question by asking the margin of the backend gate through 'Backends'.
sed -i 's|services = ( { name = "Web"|services = ( { name = "Backends"; top = "backends_down"; },\n  { name = "Web"|' "$HS_RUN/e2e.conf"
back() { report; jq -r '.services[] | select(.name == "Backends") | .state + " " + (.margin|tostring)' "$HS_RUN/r.json"; }
hs_check "all up: Backends margin 3" test "$(back)" = "UP 3"

hap_web_kill web2
hs_check "web2 killed: Backends margin 2 within haproxy's detection time" \
    hs_wait_until 15 '[ "$(back)" = "UP 2" ]'
hs_check "web2 killed: reported as the cause" \
    test "$(jq -r '.model_components[] | select(.name == "web2") | .state' "$HS_RUN/r.json")" = DOWN
hap_web_kill web1
hap_web_kill web3
hs_check "all backends killed: Backends DOWN, Web DOWN" \
    hs_wait_until 15 '[ "$(back)" = "DOWN 0" ] && [ "$(jq -r ".services[] | select(.name == \"Web\") | .state" "$HS_RUN/r.json")" = DOWN ]'
"$HASCOUT_BIN" -q --config "$HS_RUN/e2e.conf" report -f prometheus -o "$HS_RUN/m.prom"
hs_check "prometheus agrees: hascout_service_up{Web} 0" grep -q '^hascout_service_up{service="Web"} 0$' "$HS_RUN/m.prom"
"$HASCOUT_BIN" -q --config "$HS_RUN/e2e.conf" check > "$HS_RUN/check.txt"; rc=$?
hs_check "check: CRITICAL, Web DOWN" sh -c "[ $rc -eq 2 ] && grep -q 'Web DOWN' '$HS_RUN/check.txt'"
hap_web_start web2
hs_check "web2 back: Backends UP again, margin 1" hs_wait_until 20 '[ "$(back)" = "UP 1" ]'
jqe() { jq -e "$@" >/dev/null; }
hs_check "history shows the outage" \
    jqe '.services[] | select(.name == "Web") | .observed["24h"].outages >= 1' "$HS_RUN/r.json"
hs_done
