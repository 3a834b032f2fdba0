#!/bin/bash
# tests/lab/test-ceph.sh — the ceph plugin, through the real hascout binary,
# against a real Ceph cluster (one mon, one mgr, two bluestore OSDs) that
# tests/lab/ceph/cluster.sh starts once; every fault is then made for real
# in sequence: wrong key, OSD killed, OSD_DOWN muted, mgr killed, mon killed.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/ceph/cluster.sh"

hs_need_lab
ceph_lab_need
[ -x "$HASCOUT_BIN" ] || { hs_log "no hascout binary at $HASCOUT_BIN"; exit 1; }
[ -e "$HASCOUT_PLUGIN_PATH/ceph.so" ] || { hs_log "no ceph.so in $HASCOUT_PLUGIN_PATH"; exit 1; }
hs_mkrun

started=$(date +%s%N)
ceph_lab_start || { hs_log "the lab cluster did not settle"; exit 1; }
hs_log "cluster settled in $(hs_elapsed_ms "$started") ms"

# target NAME DEADLINE [EXTRA-KEYS] — one ceph target block.
target() {
    printf '  { name = "%s"; plugin = "ceph"; deadline = %s;\n' "$1" "$2"
    printf '    conf = "%s"; client = "client.hascout"; keyring = "%s";\n' \
        "$CEPH_CONF" "$CEPH_CLIENT_KEYRING"
    printf '    client_mount_timeout = 3; rados_mon_op_timeout = 3; %s }' "${3:-}"
}

# config FILE TARGET-BLOCK... — a hascout config with these targets.
config() {
    local f=$1 first=1 t
    shift
    {
        printf 'hascout = { state_dir = "%s/state"; };\ntargets = (\n' "$HS_RUN"
        for t in "$@"; do
            [ $first = 1 ] || printf ',\n'
            printf '%s' "$t"
            first=0
        done
        printf '\n);\n'
    } >"$f"
}

# report CONF OUT — run `hascout report --format json`; its exit code in RC.
report() {
    RC=0
    hs_hascout -q --config "$1" report --format json -o "$2" 2>>"$HS_RUN/hascout.log" || RC=$?
    [ -s "$2" ] || { hs_log "no report written to $2"; return 1; }
}

rc_is() { [ "$RC" = "$1" ] || { hs_log "exit code $RC, expected $1"; return 1; }; }
has_reason() { jq -e --arg t "$2" --arg s "$3" \
    '.targets[] | select(.name == $t) | .reasons | any(.text | contains($s))' "$1" >/dev/null; }
no_reason() { ! has_reason "$@"; }
has_message() { jq -e --arg t "$2" --arg c "$3" --arg s "$4" \
    '.targets[] | select(.name == $t) | .components[] | select(.id == $c) | .messages
     | any(contains($s))' "$1" >/dev/null; }
t_() { printf '.targets[] | select(.name == "%s")' "$1"; }
comp() { printf '%s | .components[] | select(.id == "%s")' "$(t_ "$1")" "$2"; }

MAIN=$HS_RUN/main.conf
config "$MAIN" "$(target rados 15.0)" \
    "$(target rados-strict 15.0 'honour_mutes = false;')" \
    "$(target rados-override 15.0 'overrides = { OSD_DOWN = "CRITICAL"; MGR_DOWN = "OK"; };')"

# --- 1. settled cluster: what `ceph health` says, mapped --------------------
ceph_status=$(ceph_cli health -f json | jq -r .status)
R=$HS_RUN/settled.json
report "$MAIN" "$R"
hs_check "settled: exit code 0" rc_is 0
hs_check "settled: ceph health is HEALTH_OK" [ "$ceph_status" = HEALTH_OK ]
hs_check "settled: health label = ceph health" hs_json_eq "$R" "$(comp rados cluster).labels.health" "$ceph_status"
hs_check "settled: target OK" hs_json_eq "$R" "$(t_ rados).status" OK
hs_check "settled: health 100" hs_json_eq "$R" "$(t_ rados).health" 100
hs_check "settled: cluster is a service, UP" hs_json_eq "$R" \
    "$(comp rados cluster) | .kind + \" \" + .state" "service UP"
hs_check "settled: mon.a (under monitors) mgr osd.0 osd.1 (under data) UP" hs_json_eq "$R" \
    "[$(t_ rados).components[] | select(.kind | test(\"^(mon|mgr|osd)$\")) | .id + \"<\" + .parent + \"=\" + .state] | join(\",\")" \
    "mon.a<monitors=UP,mgr<cluster=UP,osd.0<data=UP,osd.1<data=UP"
hs_check "settled: cluster holds monitors, mgr and data" hs_json_eq "$R" \
    "[$(t_ rados).components[] | select(.parent == \"cluster\") | .id] | join(\",\")" "monitors,mgr,data"
hs_check "settled: 2 OSDs up, 1 mon in quorum, mgr available" hs_json_eq "$R" \
    "[$(comp rados cluster).metrics[] | select(.name | test(\"^(osds_up|mons_in_quorum|mgr_available)$\")) | .value] | join(\",\")" \
    "2,1,1"
hs_check "settled: all PGs active+clean" hs_json_eq "$R" \
    "$(comp rados cluster).metrics[] | select(.name == \"pgs_active_clean_pct\") | .value" 100
hs_check "settled: librados printed nothing (no warnings)" hs_json_eq "$R" \
    "[.targets[].warnings | length] | add" 0
check_out=$(hs_hascout -q --config "$MAIN" check 2>/dev/null); crc=$?
hs_check "settled: hascout check exits 0" [ "$crc" = 0 ]
hs_check "settled: hascout check prints perfdata" grep -q 'osds_up' <<<"$check_out"

# --- 1b. the shortest deadline the plugin accepts works on a healthy cluster,
# and one under it is refused at configure time (it could never succeed)
SHORT=$HS_RUN/short.conf
config "$SHORT" "$(target short 2.0)" "$(target tooshort 1.7)"
R=$HS_RUN/short.json
report "$SHORT" "$R"
hs_check "deadline 2.0: healthy cluster OK" hs_json_eq "$R" "$(t_ short).status" OK
hs_check "deadline 1.7: refused with the minimum" \
    jq -e "$(t_ tooshort).error | test(\"deadline.*at least 2\")" "$R"

# --- 2. configuration errors and a wrong key ---------------------------------
BADCONF=$HS_RUN/badkey.conf
ceph-authtool --create-keyring "$HS_RUN/wrong.keyring" --gen-key -n client.hascout >/dev/null 2>&1
# readable by the probe, so the mon refuses the key (not EACCES on the file)
chown "$(hs_probe_user)" "$HS_RUN/wrong.keyring" && chmod 600 "$HS_RUN/wrong.keyring"
config "$BADCONF" "$(target rados 15.0 | sed "s#$CEPH_CLIENT_KEYRING#$HS_RUN/wrong.keyring#")"
R=$HS_RUN/badkey.json
report "$BADCONF" "$R"
hs_check "wrong key: UNKNOWN (exit 3)" rc_is 3
hs_check "wrong key: target UNKNOWN" hs_json_eq "$R" "$(t_ rados).status" UNKNOWN
hs_check "wrong key: error names the refusal" jq -e \
    "$(t_ rados).error | test(\"connect as client.hascout: .*(Permission denied|Operation not permitted|\\\\(-13\\\\)|\\\\(-1\\\\))\")" "$R"
hs_check "wrong key: refused, not timed out" jq -e "$(t_ rados).error | contains(\"timed out\") | not" "$R"

UNK=$HS_RUN/unknown-key.conf
config "$UNK" "$(target rados 15.0 'warn_osds = "2";')"
report "$UNK" "$HS_RUN/unknown-key.json"
hs_check "unknown key: rejected with file:line" jq -e \
    "$(t_ rados).error | test(\"unknown-key.conf:[0-9]+: unknown key 'warn_osds'\")" "$HS_RUN/unknown-key.json"

# --- 3. kill an OSD: OSD_DOWN -> WARNING -------------------------------------
kill -KILL "${CEPH_OSD_PID[1]}"
t0=$(date +%s%N)
hs_wait_until 90 "ceph_has_check OSD_DOWN" || { hs_log "OSD_DOWN never showed"; }
hs_log "OSD_DOWN seen $(hs_elapsed_ms "$t0") ms after kill -9 osd.1"
R=$HS_RUN/osd-down.json
report "$MAIN" "$R"
hs_check "osd down: ceph says HEALTH_WARN" ceph_health_is HEALTH_WARN
hs_check "osd down: target WARNING" hs_json_eq "$R" "$(t_ rados).status" WARNING
hs_check "osd down: reason names OSD_DOWN" has_reason "$R" rados "OSD_DOWN (HEALTH_WARN): 1 osds down"
hs_check "osd down: osd.1 DOWN, osd.0 UP" hs_json_eq "$R" \
    "[$(t_ rados).components[] | select(.kind == \"osd\") | .id + \"=\" + .state] | join(\",\")" \
    "osd.0=UP,osd.1=DOWN"
hs_check "osd down: cluster DEGRADED" hs_json_eq "$R" "$(comp rados cluster).state" DEGRADED
hs_check "osd down: check labelled, not muted" hs_json_eq "$R" \
    "$(comp rados cluster).labels | .\"check.OSD_DOWN.severity\" + \" \" + .\"check.OSD_DOWN.muted\"" \
    "HEALTH_WARN false"
hs_check "osd down: detail line shown" has_message "$R" rados cluster "osd.1 (root=default"
hs_check "osd down: health 50 (1 of 2 OSDs up)" hs_json_eq "$R" "$(t_ rados).health" 50
hs_check "osd down: override OSD_DOWN=CRITICAL" hs_json_eq "$R" "$(t_ rados-override).status" CRITICAL
hs_check "osd down: override named in the reason" has_reason "$R" rados-override "OSD_DOWN (HEALTH_WARN, by override)"
hs_check "osd down: exit code 2 (worst of three)" rc_is 2

# --- 4. mute OSD_DOWN: shown as muted, not raised ----------------------------
ceph_cli health mute OSD_DOWN >/dev/null
hs_wait_until 30 "ceph_cli health -f json | jq -e '.checks.OSD_DOWN.muted' >/dev/null" ||
    hs_log "the mute did not show"
R=$HS_RUN/muted.json
report "$MAIN" "$R"
hs_check "muted: ceph says HEALTH_OK" ceph_health_is HEALTH_OK
hs_check "muted: target OK" hs_json_eq "$R" "$(t_ rados).status" OK
hs_check "muted: no OSD_DOWN reason" no_reason "$R" rados OSD_DOWN
hs_check "muted: shown as muted" hs_json_eq "$R" \
    "$(comp rados cluster).labels | .\"check.OSD_DOWN.muted\" + \" \" + .\"check.OSD_DOWN.status\"" \
    "true OK"
hs_check "muted: message says muted" has_message "$R" rados cluster "OSD_DOWN [HEALTH_WARN, muted]"
hs_check "muted: osd.1 still DOWN" hs_json_eq "$R" "$(comp rados osd.1).state" DOWN
hs_check "muted: honour_mutes=false still WARNING" hs_json_eq "$R" "$(t_ rados-strict).status" WARNING

# --- 5. kill the mgr: MGR_DOWN -----------------------------------------------
kill -KILL "$CEPH_MGR_PID"
t0=$(date +%s%N)
hs_wait_until 120 "ceph_has_check MGR_DOWN" || hs_log "MGR_DOWN never showed"
hs_log "MGR_DOWN seen $(hs_elapsed_ms "$t0") ms after kill -9 mgr.x"
R=$HS_RUN/mgr-down.json
report "$MAIN" "$R"
hs_check "mgr down: target WARNING" hs_json_eq "$R" "$(t_ rados).status" WARNING
hs_check "mgr down: reason names MGR_DOWN" has_reason "$R" rados "MGR_DOWN (HEALTH_WARN): no active mgr"
hs_check "mgr down: mgr component DOWN" hs_json_eq "$R" "$(comp rados mgr).state" DOWN
hs_check "mgr down: OSD_DOWN still muted" no_reason "$R" rados OSD_DOWN
hs_check "mgr down: override MGR_DOWN=OK, OSD_DOWN=CRITICAL" hs_json_eq "$R" \
    "[$(t_ rados-override).reasons[] | .status] | join(\",\")" "CRITICAL"

# --- 6. kill the mon: UNKNOWN within the deadline, the rest intact ----------
DEAD=$HS_RUN/mon-down.conf
config "$DEAD" "$(target rados 8.0)" "$(target rados-crit 8.0 'unreachable = "CRITICAL";')" \
    '  { name = "other"; plugin = "test"; components = ( { id = "svc"; kind = "service"; state = "UP"; } ); }'
hs_stop_pid "$CEPH_MON_PID" 10
R=$HS_RUN/mon-down.json
t0=$(date +%s%N)
report "$DEAD" "$R"
ms=$(hs_elapsed_ms "$t0")
hs_log "report with the mon down took $ms ms"
hs_check "mon down: target UNKNOWN" hs_json_eq "$R" "$(t_ rados).status" UNKNOWN
hs_check "mon down: librados error, not the core's kill" jq -e \
    "$(t_ rados).error | test(\"Connection timed out \\\\(-110\\\\) after client_mount_timeout = 3 s\")" "$R"
# The core measures the target's run; under 8 s means our librados timeout
# fired, not the core's kill at the deadline.
hs_check "mon down: reported within the 8 s deadline" jq -e "$(t_ rados).duration_s < 8" "$R"
hs_check "mon down: unreachable=CRITICAL gives CRITICAL" hs_json_eq "$R" "$(t_ rados-crit).status" CRITICAL
hs_check "mon down: ... with the reason" has_reason "$R" rados-crit "cluster unreachable: connect as client.hascout"
hs_check "mon down: the other target intact" hs_json_eq "$R" \
    "[($(t_ other).status), ($(comp other svc).state)] | join(\" \")" "OK UP"
hs_check "mon down: exit code 2" rc_is 2

hs_done
