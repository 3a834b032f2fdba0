#!/bin/bash
# test-evidence-haproxy.sh — observed outages against injected ones (issue
# 20) on a real haproxy: a report every half second (cron, faster) while a
# backend server is killed and restarted twice at known times, held down
# about 4 s and 8 s as haproxy itself saw it. The history then holds two
# outages of that server, their mean and longest within a report period
# and a check interval of what haproxy saw, none for the others; the
# window is too short for an availability figure ("not enough data"), and
# its coverage says how little of 24 h was seen.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/haproxy/lab.sh"
hs_need_cmd jq awk
hap_lab_setup

cat >"$HS_RUN/h.conf" <<CFG
hascout = { plugin_dirs = [ "$HASCOUT_PLUGIN_PATH" ]; state_dir = "$HS_RUN/state"; lock = "wait"; };
targets = ( { name = "pool"; plugin = "haproxy"; deadline = 5.0; socket = "unix:$HAP_SOCK";
              proxies = "be_web"; types = [ "backend", "server" ]; } );
CFG
now_s() { date +%s.%N; }

# The reporter: a report every half second until told to stop (a file).
reporter() {
    while [ ! -e "$HS_RUN/stop" ]; do
        "$HASCOUT_BIN" -q -c "$HS_RUN/h.conf" report -f json -o "$HS_RUN/last.json" \
            >>"$HS_RUN/reporter.log" 2>&1
        sleep 0.5
    done
}
reporter &
REP=$!
hs_track_pid "$REP"
hs_check "the reporter writes a history" \
    hs_wait_until 20 "[ -s '$HS_RUN/state/history.jsonl' ] && [ \$(wc -l < '$HS_RUN/state/history.jsonl') -ge 4 ]"

# recorded STATE — the newest history record has web1 in STATE: the
# reporter saw it (a loaded machine stretches its half-second period, and an
# edge no record saw would merge two outages into one)
recorded() {
    [ "$(tail -n 1 "$HS_RUN/state/history.jsonl" |
        jq -r '.components["pool/backend/be_web/web1"] // empty' 2>/dev/null)" = "$1" ]
}

# outage SECONDS — kill web1, hold it down SECONDS from when haproxy marks it
# DOWN (and until a record saw it down), restart it, and wait until a record
# saw it up again; OUT = how long haproxy saw it DOWN. (Not in a $(...)
# subshell: the restarted server's PID must reach this shell.)
outage() {
    local t0 t1
    OUT=
    hap_web_kill web1
    hs_wait_until 20 "hap_status_is be_web web1 DOWN" || return 1
    t0=$(now_s)
    hs_wait_until 60 "awk -v a=$t0 -v b=\$(now_s) -v d=$1 'BEGIN { exit !(b - a >= d) }'"
    hs_wait_until 30 "recorded DOWN" || return 1
    hap_web_start web1
    hs_wait_until 20 "hap_status_is be_web web1 UP" || return 1
    t1=$(now_s)
    OUT=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }')
    hs_wait_until 30 "recorded UP"
}
outage 4 && d1=$OUT && outage 8 && d2=$OUT
hs_check "two outages injected (haproxy saw ${d1:-?} s and ${d2:-?} s)" test -n "$d1" -a -n "$d2"
# two more reports after the last repair, then stop
n=$(wc -l <"$HS_RUN/state/history.jsonl")
hs_wait_until 20 "[ \$(wc -l < '$HS_RUN/state/history.jsonl') -ge $((n + 3)) ]"
touch "$HS_RUN/stop"
hs_wait_until 20 "! hs_alive $REP"
"$HASCOUT_BIN" -q -c "$HS_RUN/h.conf" report -f json -o "$HS_RUN/r.json"

obs() { jq -r --arg n "$1" ".model_components[] | select(.name == \$n) | .observed[\"24h\"] | $2" "$HS_RUN/r.json"; }
# records come every ~0.5 s plus a report's own time; haproxy's checks
# (inter 300 ms, fall 2, rise 2) shift each edge by under a second
hs_log "web1 observed: $(obs pool/backend/be_web/web1 '[.outages, .outage_mean_s, .outage_max_s] | @csv'); injected $d1 s, $d2 s"
hs_check "web1: two outages observed" [ "$(obs pool/backend/be_web/web1 .outages)" = 2 ]
hs_check "web1: the longest matches the 8 s one ($d2 s, within 2 s)" \
    hs_within "$(obs pool/backend/be_web/web1 .outage_max_s)" "$d2" 2
hs_check "web1: the mean matches ((d1 + d2) / 2, within 2 s)" \
    hs_within "$(obs pool/backend/be_web/web1 .outage_mean_s)" "$(awk -v a="$d1" -v b="$d2" 'BEGIN { print (a + b) / 2 }')" 2
hs_check "web2 and web3: no outage" \
    [ "$(obs pool/backend/be_web/web2 .outages)$(obs pool/backend/be_web/web3 .outages)" = 00 ]
hs_check "a minute of history: no availability figure for 24 h" \
    [ "$(obs pool/backend/be_web/web1 .availability)" = null ]
hs_check "... and its coverage says how little was seen" \
    awk -v c="$(obs pool/backend/be_web/web1 .coverage)" 'BEGIN { exit !(c > 0 && c < 0.02) }'
hs_done
