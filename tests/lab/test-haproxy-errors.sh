#!/bin/bash
# test-haproxy-errors.sh — the haproxy plugin when things go wrong, against a
# real haproxy: wrong or missing password, stats port closed, a peer that
# never answers (UNKNOWN within the deadline), HTTPS certificate checking,
# bad configuration — while the healthy targets of the same report stay OK.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/haproxy/lab.sh"

hap_lab_setup

# A peer that accepts connections (kernel backlog) and never says a word.
hap_pick_port SILENT_PORT
"$HAP_PY" -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64); time.sleep(600)' \
    "$SILENT_PORT" > "$HS_RUN/silent.log" 2>&1 &
hs_track_pid $!
hs_wait_until 15 "ss -Hltn 'sport = :$SILENT_PORT' | grep -q ." || exit 1
hap_pick_port CLOSED_PORT
(umask 077; echo wrong-password > "$HS_RUN/wrong")

CONF=$HS_RUN/hascout.conf
REPORT=$HS_RUN/report.json
T='plugin = "haproxy"; deadline = 8.0;'
hap_hascout_conf "$CONF" "
  { name = \"good\";         $T url = \"$HAP_STATS_URL\"; },
  { name = \"auth_ok\";      $T url = \"$HAP_AUTH_URL\"; username = \"hascout\"; password_file = \"$HAP_PASSWORD_FILE\"; },
  { name = \"auth_wrong\";   $T url = \"$HAP_AUTH_URL\"; username = \"hascout\"; password_file = \"$HS_RUN/wrong\"; },
  { name = \"auth_none\";    $T url = \"$HAP_AUTH_URL\"; },
  { name = \"closed_http\";  $T url = \"http://127.0.0.1:$CLOSED_PORT/stats\"; },
  { name = \"closed_sock\";  $T socket = \"unix:$HS_RUN/no-such.sock\"; },
  { name = \"silent_http\";  plugin = \"haproxy\"; deadline = 2.0; url = \"http://127.0.0.1:$SILENT_PORT/stats\"; },
  { name = \"silent_tcp\";   plugin = \"haproxy\"; deadline = 2.0; socket = \"tcp:127.0.0.1:$SILENT_PORT\"; },
  { name = \"tls_no_ca\";    $T url = \"$HAP_TLS_URL\"; },
  { name = \"tls_ca\";       $T url = \"$HAP_TLS_URL\"; ca_file = \"$HAP_CA_FILE\"; },
  { name = \"tls_insecure\"; $T url = \"$HAP_TLS_URL\"; insecure = true; }"

field() { jq -r --arg n "$1" ".targets[] | select(.name == \$n) | $2" "$REPORT"; }
status_of() { field "$1" .status; }
reasons_of() { field "$1" '[.error // empty, (.reasons[]?.text), (.messages[]?)] | join(" | ")'; }
says() { grep -qi -- "$2" <<< "$(reasons_of "$1")"; }

RC=0
t0=$(date +%s%N)
hs_hascout --config "$CONF" report --format json -o "$REPORT" > "$HS_RUN/hascout.log" 2>&1 || RC=$?
wall=$(hs_elapsed_ms "$t0")
hs_log "report of 11 targets took $wall ms"
hs_check "a report was written" [ -s "$REPORT" ]
hs_check "report exit code is 3, the worst being UNKNOWN (got $RC)" [ "$RC" = 3 ]
for t in good auth_ok tls_ca tls_insecure; do
    hs_check "$t is OK next to the failing targets ($(reasons_of $t))" [ "$(status_of $t)" = OK ]
done
hs_check "good has its components" [ "$(field good '.components | length')" -ge 9 ]
for t in auth_wrong auth_none closed_http closed_sock silent_http silent_tcp tls_no_ca; do
    hs_check "$t is UNKNOWN: $(reasons_of $t)" [ "$(status_of $t)" = UNKNOWN ]
done
hs_check "wrong password: clear reason" says auth_wrong "authentication refused (HTTP 401)"
hs_check "wrong password: the password is not in the report" \
    bash -c "! grep -q wrong-password '$REPORT' && ! grep -qF '$(cat "$HAP_PASSWORD_FILE")' '$REPORT'"
hs_check "no credentials: clear reason" says auth_none "HTTP 401"
hs_check "closed port: connection refused" says closed_http "refused"
hs_check "missing socket: no such file" says closed_sock "No such file"
hs_check "silent peer over HTTP: timeout" says silent_http "time"
hs_check "silent peer over TCP socket: timeout" says silent_tcp "time"
for t in silent_http silent_tcp; do
    hs_check "$t: UNKNOWN within its 2 s deadline ($(field $t .duration_s) s)" \
        jq -e --arg n "$t" '.targets[] | select(.name == $n) | .duration_s < 2.75' "$REPORT"
done
hs_check "self-signed certificate refused without ca_file" says tls_no_ca "certificate"
hs_check "the HTTPS page gives the same components as HTTP" \
    [ "$(field tls_ca '[.components[].id] | sort | join(",")')" = "$(field good '[.components[].id] | sort | join(",")')" ]

# --- configuration errors name file:line -------------------------------------
bad() {
    local name=$1 body=$2 want=$3 out
    hap_hascout_conf "$HS_RUN/$name.conf" "
  { name = \"t\"; plugin = \"haproxy\";
    $body }"
    out=$(hs_hascout --config "$HS_RUN/$name.conf" report --format json 2>&1)
    printf '%s\n' "$out" >> "$HS_RUN/hascout.log"
    hs_check "config $name: '$want' at $name.conf:N" \
        bash -c 'grep -q -- "$1" <<< "$2" && grep -Eq -- "$3\.conf:[0-9]+" <<< "$2"' _ "$want" "$out" "$name"
}
bad unknown_key "url = \"$HAP_STATS_URL\"; bogus = 1;" "unknown key 'bogus'"
bad both_sources "url = \"$HAP_STATS_URL\"; socket = \"unix:/x\";" "exactly one of 'url'"
bad bad_socket "socket = \"udp:1.2.3.4\";" "expected unix:/PATH or tcp:HOST:PORT"
bad bad_range "url = \"$HAP_STATS_URL\"; warn_sessions = \"abc\";" "warn_sessions"
bad creds_in_url "url = \"http://u:p@127.0.0.1:1/stats\";" "must not carry credentials"

hs_done
