#!/bin/bash
# tests/lab/test-netfaults-haproxy.sh — network faults against two HAProxy
# instances (lb1, lb2), each in a network namespace of their own with the web
# backends in a third, probed by hascout from a monitor namespace over a
# bridge (issue 19, point 4). One target per instance (the stats page URL):
#   - lb1 blackholed from the monitor (nft drop, no RST): lb1 UNKNOWN with "no
#     answer within N s", lb2 still judged OK, both inside the deadline;
#   - a slow link (a monitor behind a cable of 300 ms each way) and a lossy
#     one (20 % of the monitor's incoming packets dropped): still OK, inside
#     the deadline, the time taken in each target's duration_s (the plugin
#     has no latency metric of its own; duration_s is the fetch).
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/netns.sh"
source "$HS_TOP_SRCDIR/tests/lab/haproxy/lab.sh"
source "$HS_TOP_SRCDIR/tests/lab/netfaults/lab.sh"

hs_need_lab
[ -e "$HASCOUT_PLUGIN_PATH/haproxy.so" ] || hs_skip "the haproxy plugin is not built"
hs_mkrun
nf_lab_init "nfh$$"
nf_hap_start || exit 1

DL=6
CFG=$HS_RUN/lb.conf
nf_hap_config "$CFG" "$DL.0" 'connect_timeout = 2;'
st() { printf '[.targets[] | "\\(.name) \\(.status)"] | join(",")'; }
in_time() { test "$(cat "$HS_RUN/ms")" -lt $(((DL + 2) * 1000)); }
durations() { jq -c '[.targets[] | .duration_s * 1000 | floor]' "$1"; }

# --- healthy, from the monitor ------------------------------------------------
nf_in mon "$CFG" "$HS_RUN/ok.json"
hs_check "healthy: both instances OK from the monitor namespace" \
    hs_json_eq "$HS_RUN/ok.json" "$(st)" "lb1 OK,lb2 OK"
hs_check "healthy: both see web1 and web2 UP" hs_json_eq "$HS_RUN/ok.json" \
    "[.targets[].components[] | select(.kind == \"server\" or (.id | test(\"web[12]\"))) | select(.state == \"UP\")] | length >= 4" true
hs_log "healthy: $(cat "$HS_RUN/ms") ms, duration_s (ms) $(durations "$HS_RUN/ok.json")"

# --- a slow link: a second monitor behind a 300 ms cable ---------------------
# connect and one request: two round trips of 0.6 s (and ARP before them)
nf_slow_host 300 || { hs_log "no slow cable"; exit 1; }
nf_hap_config "$HS_RUN/slow.conf" 10.0 'connect_timeout = 5;'
nf_in smon "$HS_RUN/slow.conf" "$HS_RUN/slow.json"
hs_check "slow link: still OK" hs_json_eq "$HS_RUN/slow.json" "$(st)" "lb1 OK,lb2 OK"
hs_check "slow link: inside the deadline ($(cat "$HS_RUN/ms") ms of 10 s)" \
    test "$(cat "$HS_RUN/ms")" -lt 12000
hs_check "slow link: duration_s shows the delay (>= 1.2 s: two round trips)" \
    hs_json_eq "$HS_RUN/slow.json" '[.targets[].duration_s >= 1.2] | all' true
hs_log "slow: duration_s (ms) $(durations "$HS_RUN/slow.json")"

# --- a lossy link: 20 % of what the monitor receives is lost ------------------
# TCP resends what is lost (SYN after 1, 3, 7 s): connect_timeout 8 makes a
# false UNKNOWN need four lost SYN-ACKs in a row (0.2 %)
nf_hap_config "$HS_RUN/lossy.conf" 15.0 'connect_timeout = 8; timeout = 12;'
nf_loss mon 20
nf_in mon "$HS_RUN/lossy.conf" "$HS_RUN/lossy.json"
hs_check "lossy link: still OK" hs_json_eq "$HS_RUN/lossy.json" "$(st)" "lb1 OK,lb2 OK"
hs_check "lossy link: inside the deadline ($(cat "$HS_RUN/ms") ms of 15 s)" \
    test "$(cat "$HS_RUN/ms")" -lt 17000
hs_check "lossy link: each target's duration_s is there" hs_json_eq "$HS_RUN/lossy.json" \
    '[.targets[].duration_s | numbers] | length' 2
hs_log "lossy: duration_s (ms) $(durations "$HS_RUN/lossy.json")"
nf_loss_off mon

# --- lb1 blackholed from the monitor -------------------------------------------
nf_blackhole lb1
nf_in mon "$CFG" "$HS_RUN/bh.json"
hs_log "blackholed: $(jq -c '[.targets[] | {name, status, error, r: [.reasons[]?.text]}]' "$HS_RUN/bh.json")"
hs_check "blackholed: lb1 UNKNOWN, lb2 still OK" hs_json_eq "$HS_RUN/bh.json" "$(st)" "lb1 UNKNOWN,lb2 OK"
hs_check "blackholed: lb1's reason says no answer within 2 s" hs_json_eq "$HS_RUN/bh.json" \
    '[.targets[0] | .error // "", (.reasons[]?.text // "")] | join(" ") | test("no answer within 2 s")' true
hs_check "blackholed: inside the deadline ($(cat "$HS_RUN/ms") ms of $DL s)" in_time
nf_heal lb1
nf_in mon "$CFG" "$HS_RUN/healed.json"
hs_check "healed: both OK again" hs_json_eq "$HS_RUN/healed.json" "$(st)" "lb1 OK,lb2 OK"
hs_done
