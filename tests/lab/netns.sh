# tests/lab/netns.sh — hosts as network namespaces on one bridge, for labs
# that need several machines (sourced after tests/lab/lib.sh, bash).
#
# One namespace holds the bridge (br0, multicast snooping off so VRRP and
# other multicast is flooded without IGMP); every "host" is a namespace with
# one veth into the bridge, called eth0 inside, and its own address. A
# process started with hs_ns_exec reaches the others only over the bridge.
# Use 198.51.100.0/24 or 192.0.2.0/24 (documentation ranges): they exist
# only inside these namespaces.
#
#   hs_ns_need                      skip (77) unless root, ip, and namespaces work
#   hs_ns_bridge NS                 namespace NS with bridge br0 (up)
#   hs_ns_host BRNS HOST ADDR/LEN   namespace HOST, eth0 on BRNS's bridge, ADDR
#   hs_ns_ipv6 HOST N               HOST's eth0 gets fe80::N and 2001:db8::N only
#                                   (77: no IPv6 in the namespace)
#   hs_ns_exec HOST CMD...          run CMD inside HOST (`ip netns exec`)
#   hs_ns_spawn HOST LOG CMD...     start CMD in HOST in the background, output
#                                   appended to LOG; its PID in HS_NS_PID, tracked
#   hs_ns_teardown                  delete every namespace made here
#
# Pick names with a prefix of your own and this shell's PID ($$), e.g.
# "wire$$lb1": two labs running at once never clash. Namespaces are deleted
# at exit (hs_ns_bridge registers hs_ns_teardown with hs_on_exit first, so a
# test's own clean-ups, registered later, stop its processes before). Stop
# the processes you start in a host by PID (hs_track_pid) as in every lab.

HS_NS_MADE=()
HS_NS_VETHS=0

# hs_ns_need — a visible SKIP unless namespaces can be made here.
hs_ns_need() {
    hs_need_root
    hs_need_cmd ip
    local probe="hsns$$probe"
    ip netns add "$probe" 2>/dev/null || hs_skip "cannot create network namespaces"
    ip netns del "$probe"
}

# hs_ns_bridge NS — a namespace holding bridge br0.
hs_ns_bridge() {
    local ns=$1
    [ ${#HS_NS_MADE[@]} -gt 0 ] || hs_on_exit hs_ns_teardown
    ip netns add "$ns" || return 1
    HS_NS_MADE+=("$ns")
    ip -n "$ns" link add br0 type bridge mcast_snooping 0 || return 1
    ip -n "$ns" link set br0 up || return 1
    ip -n "$ns" link set lo up
}

# hs_ns_host BRNS HOST ADDR/LEN — a host namespace on BRNS's bridge.
hs_ns_host() {
    local br=$1 ns=$2 addr=$3 a b
    HS_NS_VETHS=$((HS_NS_VETHS + 1))
    # veth names live in the root namespace for a moment: unique per shell,
    # at most 15 characters
    a="hn$$a$HS_NS_VETHS"
    b="hn$$b$HS_NS_VETHS"
    ip netns add "$ns" || return 1
    HS_NS_MADE+=("$ns")
    ip link add "$a" type veth peer name "$b" || return 1
    ip link set "$a" netns "$ns" || return 1
    ip link set "$b" netns "$br" || return 1
    ip -n "$br" link set "$b" master br0 up || return 1
    ip -n "$ns" link set "$a" name eth0 || return 1
    ip -n "$ns" addr add "$addr" dev eth0 || return 1
    ip -n "$ns" link set eth0 up || return 1
    ip -n "$ns" link set lo up
}

# hs_ns_ipv6 HOST N — fixed IPv6 addresses on HOST's eth0 (after
# hs_ns_host): link-local fe80::N and 2001:db8::N/64 (documentation range),
# no generated ones, DAD off so they are usable at once (the wait is the
# deadline for the kernel to say so). N in hex, 1..ffff. Returns 77 when
# the namespace has no IPv6 (the caller SKIPs), 1 on another failure.
hs_ns_ipv6() {
    local ns=$1 n=$2
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=0 2>/dev/null || return 77
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.accept_dad=0 || return 1
    ip -n "$ns" link set eth0 down || return 1
    ip -n "$ns" link set eth0 addrgenmode none || return 1
    ip -n "$ns" -6 addr flush dev eth0 scope link
    ip -n "$ns" addr add "fe80::$n/64" dev eth0 2>/dev/null || return 77
    ip -n "$ns" addr add "2001:db8::$n/64" dev eth0 || return 1
    ip -n "$ns" link set eth0 up || return 1
    hs_wait_until 10 "[ -z \"\$(ip -n $ns -6 addr show dev eth0 tentative)\" ] &&
        ip -n $ns -6 addr show dev eth0 | grep -q 'fe80::$n/64'"
}

# hs_ns_exec HOST CMD... — run CMD in HOST's namespace, in the foreground.
# (Backgrounding a shell function forks a subshell: `hs_ns_exec h d &` would
# give the subshell's PID, not the daemon's. Use hs_ns_spawn for that.)
hs_ns_exec() {
    local ns=$1
    shift
    ip netns exec "$ns" "$@"
}

# hs_ns_spawn HOST LOG CMD... — start CMD in HOST in the background (`ip
# netns exec` execs it: the PID is CMD's own), output appended to LOG. Sets
# HS_NS_PID and registers it with hs_track_pid (stopped at exit).
hs_ns_spawn() {
    local ns=$1 log=$2
    shift 2
    ip netns exec "$ns" "$@" >>"$log" 2>&1 &
    HS_NS_PID=$!
    disown "$HS_NS_PID" # no job-control chatter when it is stopped
    hs_track_pid "$HS_NS_PID"
}

# hs_ns_teardown — delete the namespaces made here, newest first (veths go
# with them). Processes still inside keep theirs alive until they exit.
hs_ns_teardown() {
    local i
    for ((i = ${#HS_NS_MADE[@]} - 1; i >= 0; i--)); do
        ip netns del "${HS_NS_MADE[$i]}" 2>/dev/null
    done
    HS_NS_MADE=()
}
