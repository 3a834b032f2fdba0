# tests/lab/ceph/cluster.sh — a real minimal Ceph cluster for the lab tests
# and the benchmark (sourced after tests/lab/lib.sh, bash).
#
# One mon (a), one mgr (x), two bluestore OSDs on sparse files,
# one pool of size 1 with one PG, and a read-only client (client.hascout:
# mon 'allow r', mgr 'allow r'; its keyring owned by the probe user, see
# hs_probe_user). Everything lives in $CEPH_DIR, nothing
# touches /etc/ceph, /var/lib/ceph or systemd; daemons run in the foreground
# and are stopped by the PID we recorded.
#
# By default everything binds to 127.0.0.1 in the test's own namespace;
# `ceph_lab_start ADDR NS DIR` runs the daemons (and ceph_cli) inside network
# namespace NS, bound to ADDR, for the multi-host lab
# (tests/lab/netfaults/ceph.sh). A client on another host uses
# $CEPH_CLIENT_CONF (fsid, mon_host, cephx: what a monitoring host's
# ceph.conf holds) with $CEPH_CLIENT_KEYRING.
#
# Two OSDs, because a lone OSD has no heartbeat peer: its kill -9 is noticed
# only through the beacon timeout, while a peer reports it within a second.
# osd.1 has CRUSH weight 0, so every PG sits on osd.0: the tests kill osd.1
# and the only health check that appears is OSD_DOWN (no PG_AVAILABILITY).
#
# After ceph_lab_start: CEPH_CONF, CEPH_DIR, CEPH_CLIENT_KEYRING,
# CEPH_MON_PID, CEPH_MGR_PID, CEPH_OSD_PID[0..1], CEPH_MON_ADDR,
# CEPH_CLIENT_CONF.

CEPH_DIR=
CEPH_CONF=
CEPH_CLIENT_CONF=
CEPH_ADDR=127.0.0.1
CEPH_IN=() # the command prefix that enters the cluster's namespace, if any
CEPH_CLIENT_KEYRING=
CEPH_MON_PID=
CEPH_MGR_PID=
CEPH_OSD_PID=()
CEPH_MON_ADDR=

# ceph_lab_need — skip unless the Ceph daemons and tools are installed.
ceph_lab_need() {
    hs_need_cmd ceph ceph-mon ceph-mgr ceph-osd ceph-authtool monmaptool jq
}

# ceph_cli ARGS... — the ceph CLI as client.admin against the lab cluster,
# with a connect timeout so a dead mon never hangs a test.
ceph_cli() {
    timeout 60 "${CEPH_IN[@]}" ceph -c "$CEPH_CONF" --connect-timeout 15 "$@" 2>>"$CEPH_DIR/log/cli.log"
}

# new_uuid — a random UUID from the kernel (no uuid-runtime package needed).
new_uuid() { cat /proc/sys/kernel/random/uuid; }

# free_port_range N — first port of N consecutive free TCP ports below 32768
# (in the cluster's namespace).
free_port_range() {
    local n=$1 base tries=0 p ok
    base=$(( 20000 + (RANDOM * 13 + $$) % 11000 ))
    while [ $tries -lt 100 ]; do
        ok=1
        for ((p = base; p < base + n; p++)); do
            if "${CEPH_IN[@]}" ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then ok=0; break; fi
        done
        [ $ok = 1 ] && { echo "$base"; return 0; }
        base=$(( base + n )); [ $((base + n)) -ge 32000 ] && base=20000
        tries=$((tries + 1))
    done
    return 1
}

write_conf() {
    local fsid=$1 base=$2 d=$CEPH_DIR
    CEPH_MON_ADDR="[v2:$CEPH_ADDR:$base,v1:$CEPH_ADDR:$((base + 1))]"
    # Timings are shortened so faults show within seconds (see the lab notes):
    # the mgr beacon grace, the OSD beacon timeout as a backstop for the
    # heartbeat path, and the mkfs grace after which MGR_DOWN is reported.
    cat >"$CEPH_CONF" <<CONF
[global]
fsid = $fsid
mon_host = $CEPH_MON_ADDR
public_addr = $CEPH_ADDR
cluster_addr = $CEPH_ADDR
ms_bind_ipv4 = true
ms_bind_ipv6 = false
ms_bind_port_min = $((base + 2))
ms_bind_port_max = $((base + 47))
run_dir = $d/run
pid_file = $d/run/\$name.pid
log_file = $d/log/\$name.log
crash_dir = $d/crash
log_to_stderr = false
err_to_stderr = false
mon_cluster_log_to_file = false
auth_cluster_required = cephx
auth_service_required = cephx
auth_client_required = cephx
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 1
osd_pool_default_pgp_num = 1
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
mon_data_avail_warn = 1
mon_data_avail_crit = 0
auth_allow_insecure_global_id_reclaim = false
mon_warn_on_insecure_global_id_reclaim = false
mon_warn_on_insecure_global_id_reclaim_allowed = false
mon_mgr_mkfs_grace = 5
mon_mgr_beacon_grace = 8
mon_tick_interval = 1
mgr_tick_period = 1
osd_beacon_report_interval = 2
mon_osd_report_timeout = 10
mon_osd_min_down_reporters = 1

[mon]
admin_socket = $d/run/\$name.asok
mon_data = $d/mon/\$cluster-\$id
keyring = $d/keyring
[mgr]
admin_socket = $d/run/\$name.asok
mgr_data = $d/mgr/\$cluster-\$id
keyring = $d/keyring
mgr_initial_modules = iostat
# The mgr imports every module it finds, enabled or not: 30 s of Python on
# a busy machine. Load only the always-on ones (and iostat).
mgr_disabled_modules = alerts,influx,insights,localpool,mirroring,nfs,osd_perf_query,osd_support,prometheus,restful,selftest,snap_schedule,stats,telegraf,test_orchestrator,zabbix,diskprediction_local
[osd]
admin_socket = $d/run/\$name.asok
osd_data = $d/osd/\$cluster-\$id
keyring = $d/keyring
osd_objectstore = bluestore
bluestore_block_create = true
bluestore_block_size = 1073741824
bluestore_fsck_on_mount = false
osd_memory_target = 536870912
# osd.1 carries no data (CRUSH weight 0): killing it shows OSD_DOWN alone.
[osd.1]
osd_crush_initial_weight = 0
[client.admin]
keyring = $d/keyring
CONF
    # A monitoring host knows the cluster by these alone.
    cat >"$CEPH_CLIENT_CONF" <<CONF
[global]
fsid = $fsid
mon_host = $CEPH_MON_ADDR
auth_client_required = cephx
ms_bind_ipv4 = true
ms_bind_ipv6 = false
CONF
}

ceph_authtool() { ceph-authtool "$@" >>"$CEPH_DIR/log/setup.log" 2>&1; }

make_keys() {
    local d=$CEPH_DIR n
    ceph_authtool --create-keyring "$d/keyring" --gen-key -n mon. --cap mon 'allow *' &&
    ceph_authtool "$d/keyring" --gen-key -n client.admin --cap mon 'allow *' \
        --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' &&
    ceph_authtool "$d/keyring" --gen-key -n mgr.x --cap mon 'allow profile mgr' \
        --cap osd 'allow *' --cap mds 'allow *' || return 1
    for n in 0 1; do
        ceph_authtool "$d/keyring" --gen-key -n "osd.$n" --cap mon 'allow profile osd' \
            --cap mgr 'allow profile osd' --cap osd 'allow *' || return 1
    done
    # The monitoring client is read-only and has a keyring of its own.
    # librados opens it inside the probe, which runs as the probe user:
    # the operator gives that user the keyring (owner, mode 600 — the
    # plugin warns about a keyring readable by group or others).
    CEPH_CLIENT_KEYRING=$d/hascout.keyring
    ceph_authtool --create-keyring "$CEPH_CLIENT_KEYRING" --gen-key -n client.hascout \
        --cap mon 'allow r' --cap mgr 'allow r' &&
    ceph_authtool "$d/keyring" --import-keyring "$CEPH_CLIENT_KEYRING" &&
    chown "$(hs_probe_user)" "$CEPH_CLIENT_KEYRING" &&
    chmod 600 "$CEPH_CLIENT_KEYRING"
}

# ceph_lab_start_osd N — start OSD N (made by ceph_lab_start) again.
ceph_lab_start_osd() {
    "${CEPH_IN[@]}" ceph-osd -c "$CEPH_CONF" -f -i "$1" >>"$CEPH_DIR/log/osd.$1.out" 2>&1 &
    CEPH_OSD_PID[$1]=$!
    disown "${CEPH_OSD_PID[$1]}" # no job-control chatter when it is killed
    hs_track_pid "${CEPH_OSD_PID[$1]}"
}

# ceph_lab_start_mgr — start the mgr (again).
ceph_lab_start_mgr() {
    "${CEPH_IN[@]}" ceph-mgr -c "$CEPH_CONF" -f -i x >>"$CEPH_DIR/log/mgr.x.out" 2>&1 &
    CEPH_MGR_PID=$!
    disown "$CEPH_MGR_PID"
    hs_track_pid "$CEPH_MGR_PID"
}

mkfs_osd() {
    local n=$1 uuid
    uuid=$(new_uuid)
    mkdir -p "$CEPH_DIR/osd/ceph-$n"
    ceph_cli osd new "$uuid" "$n" >/dev/null &&
    "${CEPH_IN[@]}" ceph-osd -c "$CEPH_CONF" -i "$n" --mkfs --osd-uuid "$uuid" \
        >>"$CEPH_DIR/log/osd.$n.mkfs.log" 2>&1
}

# ceph_health_is STATUS — `ceph health` reports STATUS (HEALTH_OK, ...).
ceph_health_is() {
    [ "$(ceph_cli health -f json | jq -r .status 2>/dev/null)" = "$1" ]
}

# ceph_has_check CODE — CODE is among the current health checks.
ceph_has_check() {
    ceph_cli health -f json | jq -e --arg c "$1" '.checks | has($c)' >/dev/null 2>&1
}

# ceph_settled — HEALTH_OK, mgr available, all OSDs up and all PGs active+clean.
ceph_settled() {
    local s
    s=$(ceph_cli status -f json) || return 1
    jq -e '.health.status == "HEALTH_OK" and .mgrmap.available
           and .osdmap.num_up_osds == 2 and .pgmap.num_pgs > 0
           and ([.pgmap.pgs_by_state[] | select(.state_name == "active+clean") | .count]
                | add) == .pgmap.num_pgs' <<<"$s" >/dev/null 2>&1
}

# ceph_lab_start [ADDR NS DIR] — make and start the cluster in DIR (default
# $HS_RUN/ceph), bound to ADDR (127.0.0.1) inside namespace NS (none: ours);
# returns when it is settled (HEALTH_OK, PGs active+clean), 1 on failure.
ceph_lab_start() {
    local fsid base
    CEPH_ADDR=${1:-127.0.0.1}
    CEPH_IN=()
    [ -z "${2:-}" ] || CEPH_IN=(ip netns exec "$2")
    CEPH_DIR=${3:-$HS_RUN/ceph}
    CEPH_CONF=$CEPH_DIR/ceph.conf
    CEPH_CLIENT_CONF=$CEPH_DIR/client.conf
    mkdir -p "$CEPH_DIR"/{run,log,crash,mon/ceph-a,mgr/ceph-x,osd} || return 1
    # The probe user must reach ceph.conf and the keyring: a searchable dir.
    chmod 755 "$CEPH_DIR" || return 1
    fsid=$(new_uuid)
    base=$(free_port_range 48) || { hs_log "no free port range"; return 1; }
    write_conf "$fsid" "$base" && chmod 644 "$CEPH_CONF" "$CEPH_CLIENT_CONF" || return 1
    make_keys || { hs_log "ceph-authtool failed"; return 1; }
    monmaptool --create --fsid "$fsid" --addv a "$CEPH_MON_ADDR" \
        --set-min-mon-release pacific --enable-all-features "$CEPH_DIR/monmap" \
        >>"$CEPH_DIR/log/setup.log" 2>&1 || { hs_log "monmaptool failed"; return 1; }
    ceph-mon -c "$CEPH_CONF" --mkfs -i a --monmap "$CEPH_DIR/monmap" \
        --keyring "$CEPH_DIR/keyring" >>"$CEPH_DIR/log/setup.log" 2>&1 ||
        { hs_log "ceph-mon --mkfs failed"; return 1; }
    "${CEPH_IN[@]}" ceph-mon -c "$CEPH_CONF" -f -i a >>"$CEPH_DIR/log/mon.a.out" 2>&1 &
    CEPH_MON_PID=$!
    disown "$CEPH_MON_PID"
    hs_track_pid "$CEPH_MON_PID"
    hs_wait_until 60 "ceph_cli mon stat >/dev/null" || return 1
    ceph_lab_start_mgr
    # Both OSDs are made at once: bluestore mkfs is most of the start time.
    mkfs_osd 0 & local m0=$!
    mkfs_osd 1 & local m1=$!
    wait $m0 || { hs_log "osd.0 mkfs failed"; return 1; }
    wait $m1 || { hs_log "osd.1 mkfs failed"; return 1; }
    ceph_lab_start_osd 0
    ceph_lab_start_osd 1
    hs_wait_until 120 "[ \"\$(ceph_cli osd stat -f json | jq -r .num_up_osds)\" = 2 ]" || return 1
    ceph_cli osd pool create lab 1 1 >/dev/null &&
    ceph_cli osd pool set lab size 1 --yes-i-really-mean-it >/dev/null &&
    ceph_cli osd pool application enable lab rbd >/dev/null || { hs_log "pool setup failed"; return 1; }
    hs_wait_until 240 ceph_settled || { ceph_cli status >&2; return 1; }
}

