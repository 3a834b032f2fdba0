# tests/lab/keepalived/lab.sh — a real VRRP group for the keepalived tests
# and benchmarks (sourced after tests/lab/lib.sh, bash).
#
# Topology: one namespace with a bridge (multicast snooping off) and one
# namespace per node, each with a veth into the bridge; 192.0.2.0/24 exists
# only inside these namespaces. Names carry this shell's PID so two runs
# never clash; ka_lab_down (registered with hs_on_exit) stops our
# keepalived processes by PID and deletes the namespaces.
#
# Node i: priority 150 for node 1, 100 for the others; its files in
# $HS_RUN/n$i (TMPDIR = dump dir, pid files, state file, log). Node 1
# reports through a notify script, the others through vrrp_notify_fifo
# drained by the helper, so both helper modes run.

KA_NS_BR=hsk$$b
KA_NODES=0
KA_PID=()
KA_ADVERT=${KA_ADVERT:-1}
KA_VERSION=${KA_VERSION:-2}
: "${KA_NOTIFY_BIN:=${HS_TOP_BUILDDIR:-.}/hascout-keepalived-notify}"

ka_ns() { echo "hsk$$n$1"; }
ka_dir() { echo "$HS_RUN/n$1"; }
ka_state_file() { echo "$HS_RUN/n$1/vrrp.state"; }

# ka_lab_need — skip visibly unless the lab can really run here.
ka_lab_need() {
    hs_need_lab
    hs_need_root
    hs_need_cmd keepalived ip nft jq
    [ -x "$KA_NOTIFY_BIN" ] || hs_skip "helper $KA_NOTIFY_BIN not built"
    ip netns add "$KA_NS_BR" 2>/dev/null || hs_skip "cannot create network namespaces"
    hs_on_exit ka_lab_down
}

# ka_lab_up N — the bridge and N node namespaces, addresses 192.0.2.i.
ka_lab_up() {
    local i ns
    KA_NODES=$1
    ip -n "$KA_NS_BR" link add br0 type bridge mcast_snooping 0 || return 1
    ip -n "$KA_NS_BR" link set br0 up || return 1
    for ((i = 1; i <= KA_NODES; i++)); do
        ns=$(ka_ns "$i")
        ip netns add "$ns" || return 1
        ip link add "hk$$a$i" type veth peer name "hk$$b$i" || return 1
        ip link set "hk$$a$i" netns "$ns" || return 1
        ip link set "hk$$b$i" netns "$KA_NS_BR" || return 1
        ip -n "$KA_NS_BR" link set "hk$$b$i" master br0 up || return 1
        ip -n "$ns" link set "hk$$a$i" name eth0 || return 1
        ip -n "$ns" addr add "192.0.2.$i/24" dev eth0 || return 1
        ip -n "$ns" link set eth0 up || return 1
        ip -n "$ns" link set lo up || return 1
        # readable by the probe user: state_file probes read the helper's
        # state file (0644) and the pid files here
        mkdir -p "$(ka_dir "$i")" && chmod 755 "$(ka_dir "$i")"
        ka_write_conf "$i"
    done
}

ka_write_conf() {
    local i=$1 d prio=100 report fifo
    d=$(ka_dir "$i")
    [ "$i" = 1 ] && prio=150
    if [ "$i" = 1 ]; then
        report="    notify \"$KA_NOTIFY_BIN $d/vrrp.state\""
        fifo=""
    else
        report=""
        fifo="    vrrp_notify_fifo $d/vrrp.fifo
    vrrp_notify_fifo_script \"$KA_NOTIFY_BIN --fifo $d/vrrp.state\""
    fi
    cat > "$d/keepalived.conf" <<CONF
global_defs {
    router_id hs_n$i
    vrrp_version $KA_VERSION
$fifo
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $prio
    advert_int $KA_ADVERT
    virtual_ipaddress {
        192.0.2.100/24
    }
$report
}
CONF
}

# ka_start I — start keepalived on node I (in the foreground of its
# namespace: `ip netns exec` execs it, so $! is keepalived's own PID).
ka_start() {
    local i=$1 d
    d=$(ka_dir "$i")
    # After a crash the pid files remain and the dead VRRP child may still
    # be an unreaped zombie, which keepalived takes for "already running":
    # clear them as an init system would.
    rm -f "$d/keepalived.pid" "$d/vrrp.pid"
    TMPDIR=$d ip netns exec "$(ka_ns "$i")" keepalived -n -l -D -P -u 022 \
        -f "$d/keepalived.conf" -p "$d/keepalived.pid" -r "$d/vrrp.pid" \
        >> "$d/keepalived.log" 2>&1 &
    KA_PID[$i]=$!
    # Stopped by PID in ka_stop/ka_lab_down; no job-control chatter.
    disown "${KA_PID[$i]}"
    hs_wait_until 15 "[ -s $d/vrrp.pid ] && [ -s $d/keepalived.pid ]" || return 1
    ka_running "$i"
}

# ka_running I — keepalived of node I still runs.
ka_running() { [ -n "${KA_PID[$1]:-}" ] && hs_alive "${KA_PID[$1]}"; }

# ka_stop I [TERM|KILL] — stop node I and wait until it and its VRRP child
# are gone. TERM is a clean stop (keepalived says STOP, hands over at
# once). KILL is a crash: the VRRP child is frozen first so keepalived's
# parent-death signal cannot make it hand over cleanly, then both die.
ka_stop() {
    local i=$1 sig=${2:-TERM} vrrp
    vrrp=$(cat "$(ka_dir "$i")/vrrp.pid" 2>/dev/null || true)
    [ -n "${KA_PID[$i]:-}" ] || return 0
    if [ "$sig" = KILL ] && [ -n "$vrrp" ]; then
        kill -STOP "$vrrp" 2>/dev/null || true
        kill -KILL "${KA_PID[$i]}" "$vrrp" 2>/dev/null || true
    else
        kill "-$sig" "${KA_PID[$i]}" 2>/dev/null || true
    fi
    hs_wait_until 15 "! hs_alive ${KA_PID[$i]}" || return 1
    if [ -n "$vrrp" ]; then
        hs_wait_until 15 "! hs_alive $vrrp" || return 1
    fi
}

# ka_state I — node I's VRRP_1 state from the helper's state file.
ka_state() {
    awk '$1 == "VI_1" { print $2 }' "$(ka_state_file "$1")" 2>/dev/null
}

# ka_wait_states TIMEOUT STATE1 STATE2... — wait until node i's state
# file says STATEi (with the node's process alive).
ka_wait_states() {
    local t=$1 cond="" i=1 s
    shift
    for s in "$@"; do
        cond="$cond [ \"\$(ka_state $i)\" = $s ] &&"
        i=$((i + 1))
    done
    hs_wait_until "$t" "$cond :"
}

# ka_split I on|off — drop VRRP adverts (IP protocol 112) arriving at node
# I, without touching the link.
ka_split() {
    local ns
    ns=$(ka_ns "$1")
    if [ "$2" = on ]; then
        ip netns exec "$ns" nft add table inet hs_split &&
        ip netns exec "$ns" nft add chain inet hs_split in \
            '{ type filter hook input priority 0; }' &&
        ip netns exec "$ns" nft add rule inet hs_split in ip protocol vrrp drop
    else
        ip netns exec "$ns" nft delete table inet hs_split
    fi
}

# ka_lab_down — stop our keepalived processes (by PID), anything left in
# our namespaces (by PID, from `ip netns pids`), delete the namespaces.
ka_lab_down() {
    local i ns p
    for ((i = 1; i <= KA_NODES; i++)); do
        [ -n "${KA_PID[$i]:-}" ] && hs_stop_pid "${KA_PID[$i]}" 5
    done
    for ((i = 1; i <= KA_NODES; i++)); do
        ns=$(ka_ns "$i")
        for p in $(ip netns pids "$ns" 2>/dev/null); do hs_stop_pid "$p" 3; done
        ip netns del "$ns" 2>/dev/null
    done
    ip netns del "$KA_NS_BR" 2>/dev/null
    return 0
}

# ka_conf FILE METHOD [FORMAT] [EXTRA] — a hascout config with one target
# "vip" reading every node with METHOD (state_file | dump). Its flap
# state_dir is created owned by the probe user; dump configs run their
# probe as root (probe_user = "root"), state_file ones as the probe user.
ka_conf() {
    local file=$1 method=$2 format=${3:-json} extra=${4:-} i d nodes="" user=""
    for ((i = 1; i <= KA_NODES; i++)); do
        d=$(ka_dir "$i")
        [ "$i" -gt 1 ] && nodes="$nodes,
"
        if [ "$method" = dump ]; then
            nodes="$nodes    { name = \"n$i\"; method = \"dump\"; dump_dir = \"$d\";
      pid_file = \"$d/keepalived.pid\"; dump_format = \"$format\"; }"
        else
            nodes="$nodes    { name = \"n$i\"; method = \"state_file\";
      state_file = \"$d/vrrp.state\"; pid_file = \"$d/keepalived.pid\"; }"
        fi
    done
    # The dump method signals the root keepalived daemon: only root may, so
    # that target's probe asks for root (and only that target's). The flap
    # history dir belongs to the probe user, as the package's
    # /var/lib/hascout subdirectories do.
    [ "$method" = dump ] && user='probe_user = "root";'
    hs_probe_dir "$HS_RUN/flap-$method-$format" || return 1
    cat > "$file" <<CONF
hascout = { plugin_dirs = [ "$HASCOUT_PLUGIN_PATH" ]; state_dir = "$HS_RUN/hascout"; };
targets = (
  { name = "vip"; plugin = "keepalived"; deadline = 10.0; $user
    state_dir = "$HS_RUN/flap-$method-$format";
    instances = [ "VI_1" ];
    transitions_warn = "100";
    $extra
    nodes = (
$nodes
    );
  }
);
CONF
}
