#!/bin/bash
# test-discover-haproxy.sh — `hascout model discover` on a real haproxy
# (issue 23): a backend of 3 servers and a listen section on the same 3.
#   - the discovered gates: the backend fails when all 3 servers are down, the
#     listen section's frontend needs its backend;
#   - `model analyze` on the discovered file gives the availability computed
#     here by hand from the rates the file holds;
#   - with no model in the config the report's margin falls 3 → 2 → 1 → down
#     as the backend's servers are killed (by PID);
#   - drift: the discovered model @included in a config, web3 removed from the
#     listen section and haproxy restarted: `model discover --check` exits 1
#     and names the model component never observed.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/haproxy/lab.sh"

# The listen section the lab adds to its haproxy.cfg (hap_write_cfg calls
# this): the same three web servers as be_web, those named in LS_SERVERS.
LS_SERVERS="web1 web2 web3"
hap_extra_cfg() {
    local s
    [ -n "${LS_PORT:-}" ] || hap_pick_port LS_PORT
    cat <<CFG
listen ls_app
    bind 127.0.0.1:$LS_PORT
    option httpchk HEAD /
    default-server inter 300ms fastinter 200ms downinter 300ms fall 2 rise 2
CFG
    for s in $LS_SERVERS; do
        printf '    server %s 127.0.0.1:%s check\n' "$s" "${HAP_WEB_PORT[$s]}"
    done
}

hs_need_cmd awk
hap_lab_setup
for s in $HAP_SERVERS; do
    hs_wait_until 20 "hap_status_is ls_app $s UP" || { hs_log "ls_app/$s not UP"; exit 1; }
done

# Two targets on one haproxy: "app" sees the listen section only, "pool" the
# backend be_web and its servers only (no frontend: its margin is the servers').
TARGETS="
  { name = \"app\";  plugin = \"haproxy\"; deadline = 8.0; socket = \"unix:$HAP_SOCK\";
    proxies = \"ls_app\"; },
  { name = \"pool\"; plugin = \"haproxy\"; deadline = 8.0; socket = \"unix:$HAP_SOCK\";
    proxies = \"be_web\"; types = [ \"backend\", \"server\" ]; }"
CONF=$HS_RUN/hascout.conf
hap_hascout_conf "$CONF" "$TARGETS"
MODEL=$HS_RUN/discovered.conf
LOG=$HS_RUN/hascout.log

# --- 1. the discovered gates ---------------------------------------------------
RC=0
hs_hascout -c "$CONF" model discover -o "$MODEL" >>"$LOG" 2>&1 || RC=$?
hs_check "discover exits 0 (got $RC)" [ "$RC" = 0 ]
hs_check "one basic event per server of be_web, mapped live onto it" \
    grep -q 'live = { target = "pool"; component = "backend/be_web/web2"; }' "$MODEL"
hs_check "be_web: fails when all 3 servers are down (an and gate of the 3)" \
    grep -q 'inputs = \[ "pool/backend/be_web/web1", "pool/backend/be_web/web2", "pool/backend/be_web/web3" \]' "$MODEL"
hs_check "... an and gate, named after the backend" \
    grep -q 'name = "pool/backend/be_web"; type = "and";' "$MODEL"
hs_check "... saying it works while 1 of its 3 servers does" \
    grep -q "backend/be_web': works while 1 of its 3 children work (one server up" "$MODEL"
hs_check "ls_app: an and gate of its 3 servers" \
    grep -q 'name = "app/backend/ls_app"; type = "and";' "$MODEL"
hs_check "the listen frontend needs its backend" \
    grep -q 'inputs = \[ "app/frontend/ls_app", "app/backend/ls_app" \]' "$MODEL"
hs_check "one service per target" \
    [ "$(grep -Ec '^ +\{ name = "(app|pool)"; top = ' "$MODEL")" = 2 ]
hs_check "the rates are marked assumed, with their source" \
    grep -q 'comment = "ASSUMED rates for a haproxy server (rates.conf' "$MODEL"

# --- 2. model analyze = the hand-computed availability -------------------------
# rates NAME — "mttf mttr" of one basic event, read from the discovered file.
rates() {
    sed -n "s|.*name = \"$1\"; .*mttf = \([0-9.e+]*\); mttr = \([0-9.e+]*\);.*|\1 \2|p" "$MODEL"
}
read -r s_mttf s_mttr < <(rates pool/backend/be_web/web1)
read -r f_mttf f_mttr < <(rates app/frontend/ls_app)
hs_log "rates: server mttf $s_mttf h mttr $s_mttr h, frontend mttf $f_mttf h mttr $f_mttr h"
hs_check "the servers' rates are read from the file" [ -n "$s_mttf" ] && [ -n "$s_mttr" ]
for s in web2 web3; do
    hs_check "pool/$s has the same assumed rates" [ "$(rates "pool/backend/be_web/$s")" = "$s_mttf $s_mttr" ]
done
# q = mttr / (mttf + mttr), the steady-state unavailability of one event.
# pool: down when all three servers are: q^3.
# app: down when the frontend is or all three of its servers are.
q_pool=$(awk -v f="$s_mttf" -v r="$s_mttr" 'BEGIN { q = r / (f + r); printf "%.12e", q * q * q }')
q_app=$(awk -v f="$s_mttf" -v r="$s_mttr" -v F="$f_mttf" -v R="$f_mttr" \
    'BEGIN { q = r / (f + r); p = R / (F + R); printf "%.12e", 1 - (1 - p) * (1 - q * q * q) }')
AN=$HS_RUN/analyze.json
RC=0
hs_hascout model analyze --format json "$MODEL" >"$AN" 2>>"$LOG" || RC=$?
hs_check "model analyze reads the discovered file as it is (exit $RC)" [ "$RC" = 0 ]
e_pool=$(jq -r '.tops[] | select(.name == "pool") | .probability' "$AN")
e_app=$(jq -r '.tops[] | select(.name == "app") | .probability' "$AN")
hs_log "unavailability pool: hand $q_pool engine $e_pool; app: hand $q_app engine $e_app"
hs_check "pool: 3 servers, all needed down: engine $e_pool = hand $q_pool" hs_close "$e_pool" "$q_pool"
hs_check "app: frontend or its 3 servers: engine $e_app = hand $q_app" hs_close "$e_app" "$q_app"

# --- 3. no model in the config: margins fall as servers die ---------------------
REPORT=$HS_RUN/report.json
report() {
    RC=0
    hs_hascout -c "$CONF" report --format json -o "$REPORT" >>"$LOG" 2>&1 || RC=$?
    [ -s "$REPORT" ]
}
svc() { jq -r --arg n "$1" ".services[] | select(.name == \$n) | $2" "$REPORT"; }
# margin_is SERVICE MARGIN — a fresh report gives SERVICE that margin (polling).
margin_is() { report && [ "$(svc "$1" .margin)" = "$2" ]; }
report
hs_check "the report's model is the discovered one" hs_json_eq "$REPORT" .model_source discovered
hs_check "all up: pool margin 3 (3 servers, one is enough)" [ "$(svc pool .margin)" = 3 ]
hs_check "all up: app margin 1 (its frontend alone)" [ "$(svc app .margin)" = 1 ]
hs_check "all up: app's nearest cut is its frontend" \
    [ "$(svc app '.nearest_cut | join(",")')" = app/frontend/ls_app ]
hs_check "all up: pool UP" [ "$(svc pool .state)" = UP ]
hs_check "the modeled availability is 1 - the engine's unavailability" \
    hs_close "$(svc pool .modeled_availability)" "$(awk -v q="$e_pool" 'BEGIN { printf "%.15g", 1 - q }')"

hap_web_kill web1
hs_check "web1 killed: pool margin 2" hs_wait_until 20 "margin_is pool 2"
hs_check "... app still margin 1, UP" [ "$(svc app .margin) $(svc app .state)" = "1 UP" ]
hap_web_kill web2
hs_check "web2 killed: pool margin 1" hs_wait_until 20 "margin_is pool 1"
hs_check "... its nearest cut is web3" \
    [ "$(svc pool '.nearest_cut | join(",")')" = pool/backend/be_web/web3 ]
hap_web_kill web3
# (haproxy checks be_web's and ls_app's web3 separately: wait for both)
hs_check "web3 killed: pool DOWN, app DOWN too (its backend has no server)" \
    hs_wait_until 20 "report && [ \"\$(svc pool .state) \$(svc app .state)\" = 'DOWN DOWN' ]"
hs_check "... pool margin 0" [ "$(svc pool .margin)" = 0 ]
hs_check "report exit code 2 (got $RC)" [ "$RC" = 2 ]

# --- 4. drift: a server removed from haproxy's config ---------------------------
for s in $HAP_SERVERS; do hap_web_start "$s"; done
for s in $HAP_SERVERS; do
    hs_wait_until 20 "hap_status_is be_web $s UP && hap_status_is ls_app $s UP" ||
        { hs_log "$s not back UP"; exit 1; }
done
MCONF=$HS_RUN/modelled.conf
hap_hascout_conf "$MCONF" "$TARGETS"
# (relative: libconfig 1.5 prefixes the config's directory to absolute paths)
printf '@include "%s"\n' "$(basename "$MODEL")" >>"$MCONF"
DRIFT=$HS_RUN/drift.out
RC=0
hs_hascout -c "$MCONF" model discover --check >"$DRIFT" 2>>"$LOG" || RC=$?
hs_check "before the change: --check finds no drift (exit $RC)" [ "$RC" = 0 ]

LS_SERVERS="web1 web2"
hap_write_cfg
hap_cfg_ok() { haproxy -c -f "$HS_RUN/haproxy.cfg" >"$HS_RUN/haproxy-check2.log" 2>&1; }
hs_check "haproxy.cfg without ls_app/web3 is valid" hap_cfg_ok
hs_stop_pid "$HAP_PID"
haproxy -db -f "$HS_RUN/haproxy.cfg" >>"$HS_RUN/haproxy.log" 2>&1 &
HAP_PID=$!
hs_track_pid "$HAP_PID"
for s in web1 web2; do
    hs_wait_until 20 "hap_status_is ls_app $s UP" || { hs_log "ls_app/$s not UP after restart"; exit 1; }
done
hs_check "restarted haproxy has no ls_app/web3" [ -z "$(hap_status ls_app web3)" ]
RC=0
hs_hascout -c "$MCONF" model discover --check >"$DRIFT" 2>>"$LOG" || RC=$?
sed 's/^/  drift: /' "$DRIFT" >&2
hs_check "after the change: --check exits 1 (got $RC)" [ "$RC" = 1 ]
hs_check "--check names the model component never observed" \
    grep -q "^unobserved .*'app/backend/ls_app/web3' stands for app/backend/ls_app/web3" "$DRIFT"
hs_check "... and nothing about be_web, unchanged" bash -c "! grep -q be_web '$DRIFT'"
report_m() {
    RC=0
    hs_hascout -c "$MCONF" report --format json -o "$REPORT" >>"$LOG" 2>&1 || RC=$?
}
report_m
hs_check "the report's model is the config's" hs_json_eq "$REPORT" .model_source config
hs_check "the report carries the drift, naming web3" \
    [ "$(jq -r '[.drift[] | tostring | select(test("ls_app/web3"))] | length' "$REPORT")" -ge 1 ]

hs_done
