#!/bin/bash
# test-haproxy.sh — the haproxy plugin against a real haproxy (issue 3):
# all up via HTTP and both stats sockets (same components), MAINT through
# the admin socket per maint_is_down, one backend killed → WARNING naming
# it within HAProxy's detection time, all killed → CRITICAL.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/haproxy/lab.sh"

hap_lab_setup

CONF=$HS_RUN/hascout.conf
REPORT=$HS_RUN/report.json
hap_hascout_conf "$CONF" "
  { name = \"web_http\";  plugin = \"haproxy\"; deadline = 8.0; url = \"$HAP_STATS_URL\"; },
  { name = \"web_sock\";  plugin = \"haproxy\"; deadline = 8.0; socket = \"unix:$HAP_SOCK\"; },
  { name = \"web_tcp\";   plugin = \"haproxy\"; deadline = 8.0; socket = \"$HAP_TCP\"; },
  { name = \"web_auth\";  plugin = \"haproxy\"; deadline = 8.0; url = \"$HAP_AUTH_URL\";
    username = \"hascout\"; password_file = \"$HAP_PASSWORD_FILE\"; proxies = \"be_*,fe_*\"; },
  { name = \"web_maint\"; plugin = \"haproxy\"; deadline = 8.0; socket = \"unix:$HAP_SOCK\";
    maint_is_down = true; types = [ \"backend\", \"server\" ]; proxies = \"be_web\"; }"

# report — run hascout once; the JSON lands in $REPORT, its exit code in RC.
report() {
    RC=0
    hs_hascout --config "$CONF" report --format json -o "$REPORT" \
        >> "$HS_RUN/hascout.log" 2>&1 || RC=$?
    [ -s "$REPORT" ]
}
# field TARGET JQ — a jq expression evaluated on one target of the report.
field() { jq -r --arg n "$1" ".targets[] | select(.name == \$n) | $2" "$REPORT"; }
status_of() { field "$1" .status; }
reasons_of() { field "$1" '[.error // empty, (.reasons[]?.text)] | join(" | ")'; }
# status_is TARGET STATUS — fresh report, target has STATUS (for polling).
status_is() { report && [ "$(status_of "$1")" = "$2" ]; }
# shape TARGET — what both transports must agree on: ids, kinds, parents,
# states and metric names (values such as session counters move).
shape() {
    field "$1" '[.components[] | {id, kind, parent, state,
        m: ([.metrics[].name] - ["check_code"] | sort)}] | sort_by(.id)'
}

# --- 1. all up -------------------------------------------------------------
report
hs_check "all up: report exit code 0 (got $RC)" [ "$RC" = 0 ]
for t in web_http web_sock web_tcp web_auth web_maint; do
    hs_check "all up: $t is OK ($(reasons_of $t))" [ "$(status_of $t)" = OK ]
done
hs_check "all up: health 100" [ "$(field web_http .health)" = 100 ]
hs_check "all up: be_web is a service with 3 active servers up" \
    [ "$(field web_http '.components[] | select(.id == "backend/be_web") |
        "\(.kind) \(.state) \(.metrics[] | select(.name == "active_up") | .value)"')" = "service UP 3" ]
hs_check "all up: server web2 has check status L7OK" \
    [ "$(field web_sock '.components[] | select(.id == "backend/be_web/web2") |
        "\(.parent) \(.labels.check_status)"')" = "backend/be_web L7OK" ]
shape web_http > "$HS_RUN/shape-http.json"
shape web_sock > "$HS_RUN/shape-sock.json"
shape web_tcp > "$HS_RUN/shape-tcp.json"
hs_check "HTTP and unix socket report the same components and metrics" \
    cmp -s "$HS_RUN/shape-http.json" "$HS_RUN/shape-sock.json"
hs_check "HTTP and TCP socket report the same components and metrics" \
    cmp -s "$HS_RUN/shape-http.json" "$HS_RUN/shape-tcp.json"
hs_check "components are not empty" [ "$(jq length "$HS_RUN/shape-http.json")" -ge 9 ]
hs_check "filters: web_auth has no stats proxies" \
    [ "$(field web_auth '[.components[].id | select(startswith("backend/stats"))] | length')" = 0 ]
hs_check "filters: web_maint has no frontends" \
    [ "$(field web_maint '[.components[] | select(.kind == "frontend")] | length')" = 0 ]

# --- 2. MAINT through the admin socket ----------------------------------------
hap_sock_cmd "disable server be_web/web3" > /dev/null
hs_wait_until 10 "hap_status_is be_web web3 MAINT"
report
hs_check "MAINT: web_sock stays OK with maint_is_down false ($(reasons_of web_sock))" \
    [ "$(status_of web_sock)" = OK ]
hs_check "MAINT: web3 is DOWN with status MAINT, counted in 'maint'" \
    [ "$(field web_sock '[(.components[] | select(.id == "backend/be_web/web3") | .state, .labels.status),
        (.components[] | select(.id == "backend/be_web") | .metrics[] | select(.name == "maint") | .value)] | map(tostring) | join(" ")')" = "DOWN MAINT 1" ]
hs_check "MAINT: web_maint is WARNING naming web3 ($(reasons_of web_maint))" \
    [ "$(status_of web_maint)" = WARNING ]
hs_check "MAINT: the reason names web3 MAINT" grep -q "web3 MAINT" <<< "$(reasons_of web_maint)"
hap_sock_cmd "enable server be_web/web3" > /dev/null
hs_check "MAINT: web3 comes back UP" hs_wait_until 20 "hap_status_is be_web web3 UP"

# --- 3. one backend killed ------------------------------------------------------
t0=$(date +%s%N)
hap_web_kill web2
hs_check "kill web2: WARNING within HAProxy's detection time" \
    hs_wait_until 20 "status_is web_http WARNING"
hs_log "web2 killed → web_http WARNING after $(hs_elapsed_ms "$t0") ms"
hs_check "kill web2: the reason names web2 DOWN ($(reasons_of web_http))" \
    grep -q "web2 DOWN" <<< "$(reasons_of web_http)"
hs_check "kill web2: web2 is DOWN with a layer 4/7 check status" \
    grep -Eq '^DOWN L[47]' <<< "$(field web_http '.components[] | select(.id == "backend/be_web/web2") | "\(.state) \(.labels.check_status)"')"
hs_check "kill web2: be_web DEGRADED" \
    [ "$(field web_http '.components[] | select(.id == "backend/be_web") | .state')" = DEGRADED ]
hs_check "kill web2: health 2/3 of capacity" \
    [ "$(field web_http '.health * 10 | round')" = 667 ]
hs_wait_until 10 "status_is web_sock WARNING"
hs_check "kill web2: the socket agrees (WARNING)" [ "$(status_of web_sock)" = WARNING ]
hs_check "kill web2: report exit code 1 (got $RC)" [ "$RC" = 1 ]

# --- 4. all backends killed ------------------------------------------------------
hap_web_kill web1
hap_web_kill web3
hs_check "kill all: CRITICAL" hs_wait_until 20 "status_is web_http CRITICAL"
hs_check "kill all: the reason says no usable server ($(reasons_of web_http))" \
    grep -q "backend be_web: no usable server" <<< "$(reasons_of web_http)"
hs_check "kill all: be_web DOWN, health 0" \
    [ "$(field web_http '"\(.components[] | select(.id == "backend/be_web") | .state) \(.health)"')" = "DOWN 0" ]
hs_check "kill all: report exit code 2 (got $RC)" [ "$RC" = 2 ]

hs_done
