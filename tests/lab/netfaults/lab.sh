# tests/lab/netfaults/lab.sh — HAProxy and Galera servers each in a network
# namespace of their own on one bridge, a monitor namespace for hascout, and
# the network faults of issue 19 (sourced after tests/lab/lib.sh and
# tests/lab/netns.sh, bash).
#
# Addresses (198.51.100.0/24, a documentation range, exists only here):
#   .1 the monitor (hascout runs there: nf_in mon ...)
#   .2 smon, a monitor behind a slow cable (nf_slow_host)
#   .11 .12 .13 Galera nodes g1..g3 (3306 client, 4567 gcomm, 4568 IST, 4444 SST)
#   .21 .22 HAProxy lb1, lb2 (stats page :8404, fe_web :80)
#   .30 the web backends (python http.server :8001, :8002)
#   .40 the Ceph host: mon, mgr, two OSDs (tests/lab/netfaults/ceph.sh)
# Namespace names carry NF_PFX (the test's name and PID): two labs never clash.
#
#   nf_lab_init PREFIX         the bridge and the monitor
#   nf_gal_start               three Galera nodes, Synced (20-60 s)
#   nf_hap_start               two haproxy instances and the web backends
#   nf_ns NAME                 the namespace of host NAME (mon, g1, lb1, ...)
#   nf_in NAME CONF FILE       hascout report -f json in host NAME into FILE;
#                              wall time (ms) in $HS_RUN/ms, exit code in $HS_RUN/rc
#   nf_blackhole NAME [SADDR]  drop (not reject) every packet from SADDR
#                              (default: the monitor) on NAME's input; nf_heal
#                              NAME undoes it (and nf_partition)
#   nf_partition NAME PEER...  NAME drops every packet from its PEERs
#   nf_loss NAME PCT           NAME drops PCT % of what it receives (nft numgen)
#   nf_slow_host MS            host "smon" (.2): a monitor behind a cable of MS
#                              ms each way (userspace: no netem needed)
# Drops are on input only: a drop on output fails the sender's own
# connect() with EPERM at once, which is not what a blackhole looks like.
# Galera's helpers from tests/lab/galera/lab.sh (gal_lab_status,
# gal_lab_settled) work here too: they talk over the nodes' unix sockets,
# which are files, not bound to a network namespace.

NF_NET=198.51.100
declare -A NF_ADDR=([mon]=$NF_NET.1 [g1]=$NF_NET.11 [g2]=$NF_NET.12 [g3]=$NF_NET.13
    [lb1]=$NF_NET.21 [lb2]=$NF_NET.22 [web]=$NF_NET.30)

nf_ns() { printf '%s%s' "$NF_PFX" "$1"; }

nf_lab_init() {
    NF_PFX=$1
    hs_ns_need
    hs_need_cmd nft jq timeout
    NF_PY=$(command -v /usr/bin/python3 python3 2>/dev/null | head -n1)
    [ -n "$NF_PY" ] || hs_skip "'python3' is not installed (the slow cable, tests/lab/netfaults/delay.py)"
    hs_ns_bridge "$(nf_ns br)" || { hs_log "no bridge"; exit 1; }
    nf_host mon
}

nf_host() {
    hs_ns_host "$(nf_ns br)" "$(nf_ns "$1")" "${NF_ADDR[$1]}/24" ||
        { hs_log "cannot make host $1"; exit 1; }
}

# nf_in HOST CONF OUT — one JSON report from inside HOST's namespace.
nf_in() {
    local t0 rc=0
    t0=$(date +%s%N)
    timeout 120 ip netns exec "$(nf_ns "$1")" "$HASCOUT_BIN" -q --config "$2" \
        report -f json -o "$3" >"$3.stdout" 2>"$3.stderr" || rc=$?
    echo "$rc" >"$HS_RUN/rc"
    hs_elapsed_ms "$t0" >"$HS_RUN/ms"
    jq -e . "$3" >/dev/null 2>&1 || { hs_log "no JSON (exit $rc): $(head -c 2000 "$3.stderr")"; return 1; }
}

nf_blackhole() {
    local from=${2:-${NF_ADDR[mon]}}
    hs_ns_exec "$(nf_ns "$1")" nft -f - <<NFT
table inet nf_fault {
    chain in { type filter hook input priority 0; policy accept; ip saddr $from drop; }
}
NFT
}

# nf_partition NAME PEER... — NAME drops everything from its PEERs (its
# answers to them are lost with it: no TCP connection survives).
nf_partition() {
    local h=$1 set="" p
    shift
    for p in "$@"; do set="$set${set:+, }${NF_ADDR[$p]}"; done
    hs_ns_exec "$(nf_ns "$h")" nft -f - <<NFT
table inet nf_fault {
    chain in { type filter hook input priority 0; policy accept; ip saddr { $set } drop; }
}
NFT
}

# nf_loss NAME PCT — NAME loses PCT % of the packets it receives (nft
# numgen: works where the kernel has no netem).
nf_loss() {
    hs_ns_exec "$(nf_ns "$1")" nft -f - <<NFT
table inet nf_loss {
    chain in { type filter hook input priority 0; policy accept; iifname "eth0" numgen random mod 100 < $2 drop; }
}
NFT
}

nf_loss_off() { hs_ns_exec "$(nf_ns "$1")" nft delete table inet nf_loss 2>/dev/null || true; }

# nf_slow_host MS — host "smon" (.2), a second monitor behind a cable with
# MS ms of delay each way: a namespace holding tests/lab/netfaults/delay.py
# between smon's eth0 and the bridge. (A userspace wire rather than tc netem,
# which kernels built without sch_netem do not have; python3 is needed.)
nf_slow_host() {
    local br d s
    br=$(nf_ns br) d=$(nf_ns dly) s=$(nf_ns smon)
    ip netns add "$d" && HS_NS_MADE+=("$d") && ip netns add "$s" && HS_NS_MADE+=("$s") ||
        return 1
    ip link add "nfd$$a" type veth peer name "nfd$$b" && ip link set "nfd$$a" netns "$d" &&
        ip link set "nfd$$b" netns "$br" && ip -n "$br" link set "nfd$$b" master br0 up &&
        ip link add "nfd$$c" type veth peer name "nfd$$d" && ip link set "nfd$$c" netns "$d" &&
        ip link set "nfd$$d" netns "$s" && ip -n "$d" link set "nfd$$a" up &&
        ip -n "$d" link set "nfd$$c" up && ip -n "$s" link set "nfd$$d" name eth0 &&
        ip -n "$s" addr add "$NF_NET.2/24" dev eth0 && ip -n "$s" link set eth0 up &&
        ip -n "$s" link set lo up || return 1
    hs_ns_spawn "$d" "$HS_RUN/delay.log" "$NF_PY" -u \
        "$HS_TOP_SRCDIR/tests/lab/netfaults/delay.py" "nfd$$a" "nfd$$c" "$1"
    hs_wait_until 10 "grep -q '^ready' '$HS_RUN/delay.log'"
}

nf_heal() { hs_ns_exec "$(nf_ns "$1")" nft delete table inet nf_fault 2>/dev/null || true; }

# ---- Galera ----------------------------------------------------------------

nf_gal_cnf() {
    local i=$1 a=${NF_ADDR[g$1]}
    gal_cnf "$HS_RUN/node$1" "$i" "g$i" "$a" 3306 hascout-netfaults \
        "${NF_ADDR[g1]}:4567,${NF_ADDR[g2]}:4567,${NF_ADDR[g3]}:4567" "$a:4444" \
        "base_port=4567;gmcast.listen_addr=tcp://$a:4567;ist.recv_addr=$a:4568;gcache.size=16M" \
        >"$HS_RUN/node$1/my.cnf"
}

nf_gal_node() {
    local i=$1 extra=${2:-}
    hs_ns_spawn "$(nf_ns "g$i")" "$HS_RUN/node$i/node$i.stdout.log" \
        setsid mariadbd --defaults-file="$HS_RUN/node$i/my.cnf" $extra
    GAL_PID[$i]=$HS_NS_PID
    if ! hs_wait_until "$GAL_START_DEADLINE" "gal_lab_synced $i || ! hs_alive ${GAL_PID[$i]}" ||
        ! hs_alive "${GAL_PID[$i]}"; then
        hs_log "node g$i did not reach Synced"
        return 1
    fi
}

# nf_gal_start — g1 bootstraps, g2 and g3 join; the monitor login is
# allowed from the whole lab network (the monitor and the nodes themselves).
nf_gal_start() {
    local i t0
    t0=$(date +%s%N)
    GAL_N=3
    # temporary tables in a directory of the run's own, not the shared /tmp
    # (an install once failed deleting its own temp table there)
    mkdir -p "$HS_RUN/install-tmp" && chown mysql: "$HS_RUN/install-tmp"
    mariadb-install-db --no-defaults --datadir="$HS_RUN/template" --user=mysql \
        --tmpdir="$HS_RUN/install-tmp" \
        --auth-root-authentication-method=socket --skip-test-db \
        >"$HS_RUN/install-db.log" 2>&1 || { hs_log "mariadb-install-db failed"; return 1; }
    for i in 1 2 3; do
        nf_host "g$i"
        GAL_DIR[$i]=$HS_RUN/node$i
        GAL_SOCK[$i]=${GAL_DIR[$i]}/mysqld.sock
        mkdir -p "${GAL_DIR[$i]}/tmp"
        cp -a "$HS_RUN/template" "${GAL_DIR[$i]}/data"
        nf_gal_cnf "$i"
    done
    chown -R mysql: "$HS_RUN"/node*
    nf_gal_node 1 --wsrep-new-cluster || return 1
    GAL_PWFILE=$HS_RUN/monitor.pw
    (umask 077 && printf 'hs-%s-%s\n' "$RANDOM" "$$" >"$GAL_PWFILE")
    gal_lab_sql 1 "CREATE USER '$GAL_USER'@'$NF_NET.%' IDENTIFIED BY '$(head -n1 "$GAL_PWFILE")';
                   GRANT USAGE ON *.* TO '$GAL_USER'@'$NF_NET.%';" || return 1
    for i in 2 3; do nf_gal_node "$i" || return 1; done
    hs_wait_until 60 gal_lab_settled || return 1
    hs_log "3 Galera nodes in namespaces Synced in $(hs_elapsed_ms "$t0") ms"
}

# nf_gal_config FILE DEADLINE [LINE...] — one galera target "db" over g1..g3.
nf_gal_config() {
    local f=$1 dl=$2 line
    shift 2
    {
        printf 'hascout = { plugin_dirs = [ "%s" ]; state_dir = "%s/state"; lock = "skip"; };\n' \
            "$HASCOUT_PLUGIN_PATH" "$HS_RUN"
        printf 'targets = (\n  { name = "db"; plugin = "galera"; deadline = %s;\n' "$dl"
        printf '    nodes = [ "%s:3306", "%s:3306", "%s:3306" ];\n' \
            "${NF_ADDR[g1]}" "${NF_ADDR[g2]}" "${NF_ADDR[g3]}"
        printf '    user = "%s"; password_file = "%s";\n' "$GAL_USER" "$GAL_PWFILE"
        for line in "$@"; do printf '    %s\n' "$line"; done
        printf '  }\n);\n'
    } >"$f"
}

# ---- HAProxy ---------------------------------------------------------------

nf_hap_cfg() {
    cat <<CFG
global
    stats timeout 10s

defaults
    mode http
    timeout connect 1s
    timeout client 10s
    timeout server 10s

frontend fe_web
    bind ${NF_ADDR[$1]}:80
    default_backend be_web

backend be_web
    balance roundrobin
    option httpchk HEAD /
    default-server inter 300ms fastinter 200ms downinter 300ms fall 2 rise 2
    server web1 ${NF_ADDR[web]}:8001 check
    server web2 ${NF_ADDR[web]}:8002 check

listen stats
    bind ${NF_ADDR[$1]}:8404
    stats enable
    stats uri /stats
CFG
}

nf_hap_url() { printf 'http://%s:8404/stats' "${NF_ADDR[$1]}"; }

# nf_hap_all_up HOST — HOST's stats page answers and shows web1, web2 UP.
nf_hap_all_up() {
    [ "$(hs_ns_exec "$(nf_ns "$1")" curl -s -m 2 "$(nf_hap_url "$1");csv" |
        awk -F, '$1 == "be_web" && $2 ~ /^web/ && $18 == "UP"' | wc -l)" = 2 ]
}

nf_hap_start() {
    local h p
    hap_lab_need
    hs_need_cmd curl
    nf_host web
    mkdir -p "$HS_RUN/www"
    echo ok >"$HS_RUN/www/index.html"
    for p in 8001 8002; do
        hs_ns_spawn "$(nf_ns web)" "$HS_RUN/web$p.log" \
            "$HAP_PY" -m http.server --bind "${NF_ADDR[web]}" --directory "$HS_RUN/www" "$p"
    done
    for h in lb1 lb2; do
        nf_host "$h"
        nf_hap_cfg "$h" >"$HS_RUN/$h.cfg"
        haproxy -c -f "$HS_RUN/$h.cfg" >"$HS_RUN/$h-check.log" 2>&1 ||
            { cat "$HS_RUN/$h-check.log" >&2; return 1; }
        hs_ns_spawn "$(nf_ns "$h")" "$HS_RUN/$h.log" haproxy -db -f "$HS_RUN/$h.cfg"
    done
    for h in lb1 lb2; do
        hs_wait_until 20 "nf_hap_all_up $h" || { hs_log "$h: backends not UP"; return 1; }
    done
}

# nf_hap_config FILE DEADLINE [LINE...] — targets "lb1" and "lb2" by URL.
nf_hap_config() {
    local f=$1 dl=$2 h
    shift 2
    {
        printf 'hascout = { plugin_dirs = [ "%s" ]; state_dir = "%s/state"; lock = "skip"; };\n' \
            "$HASCOUT_PLUGIN_PATH" "$HS_RUN"
        printf 'targets = (\n'
        for h in lb1 lb2; do
            printf '  { name = "%s"; plugin = "haproxy"; deadline = %s; url = "%s"; %s }%s\n' \
                "$h" "$dl" "$(nf_hap_url "$h")" "$*" "$([ $h = lb1 ] && echo ,)"
        done
        printf ');\n'
    } >"$f"
}

source "$HS_TOP_SRCDIR/tests/lab/netfaults/ceph.sh"
source "$HS_TOP_SRCDIR/tests/lab/netfaults/keepalived.sh"
