# tests/lab/galera/lab.sh — a real MariaDB Galera cluster on 127.0.0.1 (sourced, bash).
#
# Source tests/lab/lib.sh first (it gives hs_mkrun, hs_track_pid, hs_wait_until).
# Every node has its own datadir, socket, pid file, error log and ports below
# 32768; no systemd. Node 1 bootstraps the cluster, the others join one at a
# time (a donor serves one joiner at a time anyway). Teardown is by PID, through
# lib.sh's exit trap.
#
#   gal_lab_need               skip unless mariadbd, galera-4 and rsync are here
#   gal_lab_start N            start N nodes (1 = the fast single-node mode)
#   gal_lab_sql I SQL          run SQL as root over node I's unix socket
#   gal_lab_status I VAR       one wsrep status value of node I
#   gal_lab_kill I [SIG]       signal node I (default KILL); waits for death on KILL
#   gal_lab_config FILE [K=V]  write a hascout config with one galera target
#
# After gal_lab_start: GAL_N, GAL_PORT[i], GAL_PID[i], GAL_SOCK[i], GAL_DIR[i]
# (1-based), GAL_USER / GAL_PWFILE (the least-privilege monitor login).

GAL_PROVIDER=${GAL_PROVIDER:-/usr/lib/galera/libgalera_smm.so}
GAL_USER=hsmon
GAL_N=0
GAL_PORT=() GAL_GPORT=() GAL_IPORT=() GAL_SPORT=() GAL_PID=() GAL_SOCK=() GAL_DIR=()
GAL_TAKEN=" "
# 3 nodes start in 16-18 s on a quiet machine, up to 29 s under load; CI runs
# on 2 shared cores twice, so every wait is generous.
GAL_START_DEADLINE=${GAL_START_DEADLINE:-180}

gal_lab_need() {
    hs_need_lab
    hs_need_cmd mariadbd mariadb-install-db mariadb rsync jq ss
    [ -r "$GAL_PROVIDER" ] || hs_skip "galera-4 is not installed ($GAL_PROVIDER missing)"
    id mysql >/dev/null 2>&1 || hs_skip "no 'mysql' system user (mariadb-server not installed?)"
    [ "$(id -u)" = 0 ] || hs_skip "mariadbd must be started as root with user=mysql (rsync SST)"
}

# A free port not handed out before by this script (hs_free_port alone could
# return the same port twice since nothing is bound yet).
gal_port() {
    local p i
    for i in $(seq 1 50); do
        p=$(hs_free_port) || return 1
        case "$GAL_TAKEN" in *" $p "*) continue ;; esac
        GAL_TAKEN="$GAL_TAKEN$p "
        echo "$p"; return 0
    done
    return 1
}

gal_client() { mariadb --no-defaults --protocol=socket -S "$1" -u root -N -B "${@:2}"; }

gal_lab_sql() { gal_client "${GAL_SOCK[$1]}" -e "$2"; }

gal_lab_status() {
    gal_client "${GAL_SOCK[$1]}" -e "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | cut -f2
}

# gal_cnf DIR I NAME ADDR PORT CLUSTER PEERS SST_ADDR PROVIDER_OPTS: node I's
# my.cnf on stdout, its files under DIR, listening on ADDR:PORT, in cluster
# CLUSTER whose gcomm peers are PEERS ("a:p,b:p"). The one-host lab and the
# multi-host one (tests/lab/netfaults/lab.sh) differ only in these.
gal_cnf() {
    cat <<EOF
[mysqld]
user=mysql
datadir=$1/data
socket=$1/mysqld.sock
tmpdir=$1/tmp
pid-file=$1/mysqld.pid
log-error=$1/node$2.log
port=$5
bind-address=$4
skip-name-resolve
innodb_buffer_pool_size=32M
innodb_log_file_size=16M
performance_schema=OFF
binlog_format=ROW
innodb_autoinc_lock_mode=2
default_storage_engine=InnoDB
wsrep_on=ON
wsrep_provider=$GAL_PROVIDER
wsrep_cluster_name=$6
wsrep_cluster_address=gcomm://$7
wsrep_node_name=$3
wsrep_node_address=$4
wsrep_node_incoming_address=$4:$5
wsrep_sst_method=rsync
wsrep_sst_receive_address=$8
wsrep_provider_options="$9"
EOF
}

gal_write_cnf() {
    local i=$1 d=${GAL_DIR[$1]} addr="" j opts
    for ((j = 1; j <= GAL_N; j++)); do addr="$addr${addr:+,}127.0.0.1:${GAL_GPORT[$j]}"; done
    opts="base_port=${GAL_GPORT[$i]};gmcast.listen_addr=tcp://127.0.0.1:${GAL_GPORT[$i]}"
    opts="$opts;ist.recv_addr=127.0.0.1:${GAL_IPORT[$i]};gcache.size=16M"
    # Galera's default failure detection (suspect after 5 s) on purpose: the
    # faster timeouts of the lab notes (2 s) made the survivors of a kill -9
    # go non-Primary now and then on 2 loaded cores, and a frozen node for a
    # 2 s client timeout sat right on the suspect limit.
    gal_cnf "$d" "$i" "node$i" 127.0.0.1 "${GAL_PORT[$i]}" hascout-lab "$addr" \
        "127.0.0.1:${GAL_SPORT[$i]}" "$opts" >"$d/my.cnf"
}

# gal_lab_synced I — node I answers and is Synced in a Primary component.
gal_lab_synced() {
    [ "$(gal_lab_status "$1" wsrep_local_state_comment)" = Synced ] &&
        [ "$(gal_lab_status "$1" wsrep_cluster_status)" = Primary ]
}

gal_start_node() {
    local i=$1 extra=${2:-}
    # setsid: a node is its own process group, so a Ctrl-C on the test does
    # not reach it before the exit trap stops it by PID.
    setsid mariadbd --defaults-file="${GAL_DIR[$i]}/my.cnf" $extra </dev/null \
        >>"${GAL_DIR[$i]}/node$i.stdout.log" 2>&1 &
    GAL_PID[$i]=$!
    hs_track_pid "${GAL_PID[$i]}"
    if ! hs_wait_until "$GAL_START_DEADLINE" "gal_lab_synced $i || ! hs_alive ${GAL_PID[$i]}" ||
        ! hs_alive "${GAL_PID[$i]}"; then
        hs_log "node $i did not reach Synced"
        return 1
    fi
}

gal_lab_start() {
    local n=$1 i t0
    t0=$(date +%s%N)
    [ -n "${HS_RUN:-}" ] || hs_mkrun
    GAL_N=$n
    # temporary tables in a directory of the run's own, not the shared /tmp
    # (an install once failed deleting its own temp table there)
    mkdir -p "$HS_RUN/install-tmp" && chown mysql: "$HS_RUN/install-tmp"
    mariadb-install-db --no-defaults --datadir="$HS_RUN/template" --user=mysql \
        --tmpdir="$HS_RUN/install-tmp" \
        --auth-root-authentication-method=socket --skip-test-db \
        >"$HS_RUN/install-db.log" 2>&1 || { hs_log "mariadb-install-db failed"; return 1; }
    for ((i = 1; i <= n; i++)); do
        GAL_DIR[$i]=$HS_RUN/node$i
        GAL_SOCK[$i]=${GAL_DIR[$i]}/mysqld.sock
        GAL_PORT[$i]=$(gal_port) && GAL_GPORT[$i]=$(gal_port) &&
            GAL_IPORT[$i]=$(gal_port) && GAL_SPORT[$i]=$(gal_port) ||
            { hs_log "no free ports"; return 1; }
        mkdir -p "${GAL_DIR[$i]}/tmp"
        cp -a "$HS_RUN/template" "${GAL_DIR[$i]}/data"
    done
    for ((i = 1; i <= n; i++)); do gal_write_cnf "$i"; done
    chown -R mysql: "$HS_RUN"/node*
    gal_start_node 1 --wsrep-new-cluster || return 1
    # Created before the joiners start, so SST hands it to them.
    GAL_PWFILE=$HS_RUN/monitor.pw
    (umask 077 && printf 'hs-%s-%s\n' "$RANDOM" "$$" >"$GAL_PWFILE")
    gal_lab_sql 1 "CREATE USER '$GAL_USER'@'127.0.0.1' IDENTIFIED BY '$(head -n1 "$GAL_PWFILE")';
                   CREATE USER '$GAL_USER'@'localhost' IDENTIFIED BY '$(head -n1 "$GAL_PWFILE")';
                   GRANT USAGE ON *.* TO '$GAL_USER'@'127.0.0.1';
                   GRANT USAGE ON *.* TO '$GAL_USER'@'localhost';" || return 1
    for ((i = 2; i <= n; i++)); do gal_start_node "$i" || return 1; done
    hs_wait_until 60 gal_lab_settled || return 1
    hs_log "$n-node Galera cluster Synced in $(hs_elapsed_ms "$t0") ms (ports ${GAL_PORT[*]})"
}

# gal_lab_settled — every node Synced, Primary, OPERATIONAL, of size GAL_N and
# on the same configuration id: no view change is under way.
gal_lab_settled() {
    local i conf first=""
    for ((i = 1; i <= GAL_N; i++)); do
        gal_lab_synced "$i" || return 1
        [ "$(gal_lab_status "$i" wsrep_evs_state)" = OPERATIONAL ] || return 1
        [ "$(gal_lab_status "$i" wsrep_cluster_size)" = "$GAL_N" ] || return 1
        conf=$(gal_lab_status "$i" wsrep_cluster_conf_id)
        [ -n "$first" ] || first=$conf
        [ "$conf" = "$first" ] || return 1
    done
}

# gal_lab_kill I [SIG] — send SIG (default KILL) to node I, by its PID.
gal_lab_kill() {
    local i=$1 sig=${2:-KILL}
    kill "-$sig" "${GAL_PID[$i]}"
    if [ "$sig" = KILL ]; then hs_wait_until 20 "! hs_alive ${GAL_PID[$i]}"; fi
}

# gal_lab_config FILE [KEY=VALUE-LINE...] — a hascout config with one galera
# target "db" over all nodes (TCP); extra lines go into the target group.
gal_lab_config() {
    local f=$1 nodes="" i line
    shift
    for ((i = 1; i <= GAL_N; i++)); do nodes="$nodes${nodes:+, }\"127.0.0.1:${GAL_PORT[$i]}\""; done
    {
        printf 'hascout = { plugin_dirs = [ "%s" ]; state_dir = "%s/state"; };\n' \
            "${HASCOUT_PLUGIN_PATH:-}" "$HS_RUN"
        printf 'targets = (\n  { name = "db"; plugin = "galera"; deadline = 15.0;\n'
        printf '    nodes = [ %s ];\n    user = "%s"; password_file = "%s";\n' \
            "$nodes" "$GAL_USER" "$GAL_PWFILE"
        for line in "$@"; do printf '    %s\n' "$line"; done
        printf '  }\n);\n'
    } >"$f"
}

# gal_report CONFIG OUT — run `hascout report --format json` into OUT. The
# exit code is the worst status, so it is not a failure by itself; a missing
# or unparsable OUT is.
gal_report() {
    local rc=0
    "$HASCOUT_BIN" --config "$1" report --format json -o "$2" >"$2.stdout" 2>"$2.stderr" || rc=$?
    if ! jq -e . "$2" >/dev/null 2>&1; then
        hs_log "hascout report gave no JSON (exit $rc): $(head -c 2000 "$2.stderr")"
        return 1
    fi
}

# gal_report_until SECONDS CONFIG OUT JQ-CONDITION — report again and again
# until the JSON satisfies the condition (Galera needs a few seconds to notice
# a failure); on timeout the last report is logged.
gal_report_until() {
    local limit=$1 cfg=$2 out=$3 cond=$4
    if hs_wait_until "$limit" "gal_report '$cfg' '$out' && jq -e '$cond' '$out' >/dev/null"; then
        return 0
    fi
    hs_log "last report: $(jq -c '.targets[0] | {status, error, reasons}' "$out" 2>/dev/null)"
    return 1
}
