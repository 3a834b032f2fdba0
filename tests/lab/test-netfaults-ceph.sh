#!/bin/bash
# tests/lab/test-netfaults-ceph.sh — network faults against a Ceph host (one
# mon, one mgr, two OSDs, all in a namespace of their own at 198.51.100.40),
# probed by hascout through librados from a monitor namespace over a bridge
# (issue 19, point 4). Beside the Ceph target the report has an HAProxy
# target of the lab (lb1), which must be judged whatever befalls Ceph.
#   - healthy: OK, every mon/mgr/OSD UP, seen at the Ceph host's address;
#   - a slow link (a monitor behind a cable of 300 ms each way) and a lossy
#     one (20 % of the monitor's incoming packets lost): still OK, inside
#     the deadline, the connect time and mon command latency shown;
#   - the Ceph host blackholed from the monitor (nft drop, no RST): Ceph
#     UNKNOWN "no answer within 3 s from mon [v2:198.51.100.40:...]", lb1
#     still OK, the Ceph target finished inside its deadline (librados'
#     timeouts follow the probe's time left);
#   - an OSD killed on the Ceph host: OSD_DOWN seen from the monitor.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/netns.sh"
source "$HS_TOP_SRCDIR/tests/lab/haproxy/lab.sh"
source "$HS_TOP_SRCDIR/tests/lab/netfaults/lab.sh"

hs_need_lab
ceph_lab_need
hap_lab_need
[ -e "$HASCOUT_PLUGIN_PATH/ceph.so" ] || hs_skip "the ceph plugin is not built"
[ -e "$HASCOUT_PLUGIN_PATH/haproxy.so" ] || hs_skip "the haproxy plugin is not built"
hs_mkrun
nf_lab_init "cephmh$$"
nf_ceph_start || exit 1
nf_hap_start || exit 1

DL=8
LB1="  { name = \"lb1\"; plugin = \"haproxy\"; deadline = $DL.0; url = \"$(nf_hap_url lb1)\"; connect_timeout = 2; }"
CFG=$HS_RUN/ceph.conf
nf_ceph_config "$CFG" "$(nf_ceph_target rados "$DL.0" 'client_mount_timeout = 3; rados_mon_op_timeout = 3;')" "$LB1"
T='(.targets[] | select(.name == "rados"))'
st() { printf '[.targets[] | "\\(.name) \\(.status)"] | join(",")'; }
metric() { printf '(%s.components[] | select(.id == "cluster") | .metrics[] | select(.name == "%s") | .value)' "$T" "$1"; }
ms_of() { jq -r "[$(metric "$1") * 1000 | floor] | .[0]" "$2"; }
times() { printf 'connect %s ms, mon command %s ms, duration_s %s' "$(ms_of connect_s "$1")" \
    "$(ms_of latency "$1")" "$(jq -r "$T.duration_s" "$1")"; }

# --- healthy, from the monitor ------------------------------------------------
nf_in mon "$CFG" "$HS_RUN/ok.json"
hs_check "healthy: Ceph and lb1 OK from the monitor namespace" \
    hs_json_eq "$HS_RUN/ok.json" "$(st)" "rados OK,lb1 OK"
hs_check "healthy: mon.a (at the Ceph host's address), mgr, osd.0, osd.1 UP" hs_json_eq \
    "$HS_RUN/ok.json" "[$T.components[] | select(.kind | test(\"^(mon|mgr|osd)$\")) | .id + \"=\" + .state + (.labels.addr // \"\" | if test(\"${NF_ADDR[ceph]}:\") then \"@ceph\" else \"\" end)] | join(\",\")" \
    "mon.a=UP@ceph,mgr=UP,osd.0=UP,osd.1=UP"
hs_log "healthy: $(cat "$HS_RUN/ms") ms; $(times "$HS_RUN/ok.json")"

# --- a slow link: a second monitor behind a 300 ms cable ---------------------
# msgr2 banner, hello, cephx (two exchanges), the maps: several round trips
# of 0.6 s to connect, then one per mon command
nf_slow_host 300 || { hs_log "no slow cable"; exit 1; }
nf_ceph_config "$HS_RUN/slow.conf" \
    "$(nf_ceph_target rados 20.0 'client_mount_timeout = 10; rados_mon_op_timeout = 5;')"
nf_in smon "$HS_RUN/slow.conf" "$HS_RUN/slow.json"
hs_check "slow link: still OK" hs_json_eq "$HS_RUN/slow.json" "$T.status" OK
hs_check "slow link: inside the deadline ($(cat "$HS_RUN/ms") ms of 20 s)" \
    test "$(cat "$HS_RUN/ms")" -lt 22000
hs_check "slow link: a mon command takes a round trip (>= 0.6 s), connect several" \
    hs_json_eq "$HS_RUN/slow.json" "$(metric latency) >= 0.6 and $(metric connect_s) >= 1.2" true
hs_log "slow: $(times "$HS_RUN/slow.json")"

# --- a lossy link (20 % of the monitor's incoming packets lost) --------------
# TCP resends what is lost (SYN after 1, 3, 7 s): 8 s to connect makes a false
# UNKNOWN need four lost SYN-ACKs in a row (0.2 %)
nf_ceph_config "$HS_RUN/lossy.conf" \
    "$(nf_ceph_target rados 25.0 'client_mount_timeout = 8; rados_mon_op_timeout = 8;')"
nf_loss mon 20
nf_in mon "$HS_RUN/lossy.conf" "$HS_RUN/lossy.json"
hs_check "lossy link: still OK" hs_json_eq "$HS_RUN/lossy.json" "$T.status" OK
hs_check "lossy link: inside the deadline ($(cat "$HS_RUN/ms") ms of 25 s)" \
    test "$(cat "$HS_RUN/ms")" -lt 27000
hs_check "lossy link: connect time and latency shown" hs_json_eq "$HS_RUN/lossy.json" \
    "[$(metric connect_s), $(metric latency) | numbers] | length" 2
hs_log "lossy: $(times "$HS_RUN/lossy.json")"
nf_loss_off mon

# --- the Ceph host blackholed from the monitor -------------------------------
# "capped" asks for a minute to connect: the plugin gives librados no more
# than half the time left before its 6 s deadline, less 0.7 s for the report
# (a connect may wait twice: it opens two mon sessions in turn)
CAPPED=$(nf_ceph_target capped 6.0 'client_mount_timeout = 60; rados_mon_op_timeout = 60;')
nf_ceph_config "$HS_RUN/bh.conf" "$(nf_ceph_target rados "$DL.0" \
    'client_mount_timeout = 3; rados_mon_op_timeout = 3;')" "$CAPPED" "$LB1"
nf_blackhole ceph
nf_in mon "$HS_RUN/bh.conf" "$HS_RUN/bh.json"
hs_log "blackholed: $(jq -c '[.targets[] | {name, status, error, duration_s}]' "$HS_RUN/bh.json")"
hs_check "blackholed: Ceph UNKNOWN, lb1 still OK" hs_json_eq "$HS_RUN/bh.json" "$(st)" \
    "rados UNKNOWN,capped UNKNOWN,lb1 OK"
hs_check "blackholed: the error says no answer within 3 s and names the mon" hs_json_eq \
    "$HS_RUN/bh.json" "$T.error | test(\"no answer within 3 s from mon \\\\[v2:${NF_ADDR[ceph]}:[0-9]+,v1:${NF_ADDR[ceph]}:\")" true
hs_check "blackholed: librados' own timeout, not the core's kill (duration_s < $DL)" \
    hs_json_eq "$HS_RUN/bh.json" "$T.duration_s < $DL and ($T.error | test(\"deadline\") | not)" true
hs_check "blackholed: a 60 s client_mount_timeout cut to 2 s (half of the 5.3 s left), inside the 6 s deadline" \
    hs_json_eq "$HS_RUN/bh.json" "(.targets[] | select(.name == \"capped\")) |
        (.error | test(\"client_mount_timeout = 2 s .no answer within 2 s\")) and .duration_s < 6" true
hs_check "blackholed: the report inside the deadline ($(cat "$HS_RUN/ms") ms of $DL s)" \
    test "$(cat "$HS_RUN/ms")" -lt $(((DL + 2) * 1000))
nf_heal ceph
nf_in mon "$CFG" "$HS_RUN/healed.json"
hs_check "healed: both OK again" hs_json_eq "$HS_RUN/healed.json" "$(st)" "rados OK,lb1 OK"

# --- an OSD killed on the Ceph host, seen from the monitor --------------------
# osd.1 carries no data (cluster.sh): OSD_DOWN alone; its peer osd.0 reports
# it within a second
kill -KILL "${CEPH_OSD_PID[1]}"
t0=$(date +%s%N)
hs_check "osd down: the monitor sees OSD_DOWN (WARNING)" hs_wait_until 60 \
    "nf_in mon '$CFG' '$HS_RUN/osd.json' && jq -e '$T.status == \"WARNING\"' '$HS_RUN/osd.json' >/dev/null"
hs_log "osd.1 killed: WARNING seen from the monitor $(hs_elapsed_ms "$t0") ms later"
hs_check "osd down: reason names OSD_DOWN" hs_json_eq "$HS_RUN/osd.json" \
    "$T.reasons | map(.text) | any(contains(\"OSD_DOWN (HEALTH_WARN): 1 osds down\"))" true
hs_check "osd down: osd.1 DOWN, osd.0 UP, lb1 OK" hs_json_eq "$HS_RUN/osd.json" \
    "[($T.components[] | select(.kind == \"osd\") | .id + \"=\" + .state), (.targets[] | select(.name == \"lb1\") | .status)] | join(\",\")" \
    "osd.0=UP,osd.1=DOWN,OK"
hs_done
