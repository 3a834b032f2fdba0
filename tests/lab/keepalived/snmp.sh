# tests/lab/keepalived/snmp.sh — one keepalived load balancer read over SNMP:
# its files, its two daemons and the reads a test waits on. Shared by
# tests/lab/test-keepalived-snmp.sh (its own small lab) and
# tests/lab/netfaults/keepalived.sh (the multi-host lab); sourced after
# tests/lab/lib.sh and tests/lab/netns.sh (bash).
#
#   ka_vi1_conf PRIO VIP/LEN [LINE] keepalived.conf's VI_1 (VRID 61)
#   ka_snmp_files DIR I ADDR NET    node I's files in DIR (below)
#   ka_snmp_spawn NS DIR            snmpd (AgentX master) then keepalived -x in
#                                   namespace NS; PIDs in KA_SNMPD_PID and
#                                   KA_SNMP_KA_PID (tracked: stopped at exit)
#   ka_snmp_keepalived NS DIR       keepalived alone (a restart)
#   ka_ns_keepalived NS DIR         keepalived without SNMP (the wire labs);
#                                   its PID in KA_NS_PID
#   ka_ns_kill DIR PID              a crash: keepalived PID and its VRRP child
#                                   killed, no priority 0 goodbye sent
#   ka_snmp_walk NS ADDR I OID [ARGS]  snmpwalk -On of OID on node I, from NS (v2c)
#   ka_snmp_state NS ADDR I         node I's VI_1 state by KEEPALIVED-MIB
#                                   (2 master, 1 backup; empty: no table)
#   ka_snmp_node NAME KIND DIR ADDR [KEY...]  a node group of hascout's config:
#                                   KIND v2, v3, v3bad (a wrong auth passphrase)
#                                   or file (the notify helper's state file)
#
# Node I: priority 150 on node 1, else 100; VRID 61, VIP NET.100, advert_int
# 1; v2c community hs-public-I from NET.0/24, v3 user hsmon (SHA/AES,
# authPriv); keepalived registers both its own MIB and RFC 6527's VRRPv3-MIB
# with snmpd; the notify helper ($KA_NOTIFY_BIN) keeps DIR/vrrp.state.

KA_SNMP_OID=1.3.6.1.4.1.9586.100.5.2.3.1
KA_SNMP_RFC_OID=1.3.6.1.2.1.207.1.1.1.1
: "${KA_NOTIFY_BIN:=${HS_TOP_BUILDDIR:-.}/hascout-keepalived-notify}"

# ka_vi1_conf PRIO VIP/LEN [LINE] — instance VI_1 (VRID 61, advert_int 1,
# starting as BACKUP on eth0) with LINE added (a notify script).
ka_vi1_conf() {
    cat <<CONF
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 61
    priority $1
    advert_int 1
    virtual_ipaddress {
        $2
    }
    ${3:-}
}
CONF
}

# ka_snmp_files DIR I ADDR NET — snmpd.conf (UDP on ADDR:161, AgentX on
# DIR/agentx.sock), keepalived.conf, and the secret files community,
# authpass, privpass and badpass (0600) hascout's root parent reads.
ka_snmp_files() {
    local d=$1 i=$2 addr=$3 net=$4 prio=100
    [ "$i" = 1 ] && prio=150
    mkdir -p "$d/persist" && chmod 755 "$d" || return 1
    cat >"$d/snmpd.conf" <<CONF
agentaddress udp:$addr:161
master agentx
agentXSocket unix:$d/agentx.sock
rocommunity hs-public-$i $net.0/24
createUser hsmon SHA "hs-auth-pass-$i" AES "hs-priv-pass-$i"
rouser hsmon priv
CONF
    cat >"$d/keepalived.conf" <<CONF
global_defs {
    router_id hs_lb$i
    snmp_socket unix:$d/agentx.sock
    enable_snmp_vrrp
    enable_snmp_rfcv3
}
$(ka_vi1_conf "$prio" "$net.100/24" "notify \"$KA_NOTIFY_BIN $d/vrrp.state\"")
CONF
    printf 'hs-public-%s\n' "$i" >"$d/community"
    printf 'hs-auth-pass-%s\n' "$i" >"$d/authpass"
    printf 'hs-priv-pass-%s\n' "$i" >"$d/privpass"
    printf 'not-the-pass\n' >"$d/badpass"
    chmod 600 "$d/community" "$d/authpass" "$d/privpass" "$d/badpass"
}

# ka_snmp_spawn NS DIR — snmpd in the foreground (its v3 engine id and users
# in DIR/persist), and once its AgentX socket is there, keepalived
# (ka_snmp_keepalived). Returns 1 when either is not up within 15 s.
ka_snmp_spawn() {
    local ns=$1 d=$2
    hs_ns_spawn "$ns" "$d/snmpd.out.log" env SNMP_PERSISTENT_DIR="$d/persist" \
        snmpd -f -C -c "$d/snmpd.conf" -Lf "$d/snmpd.log" -p "$d/snmpd.pid"
    KA_SNMPD_PID=$HS_NS_PID
    hs_wait_until 15 "[ -S $d/agentx.sock ]" || return 1
    ka_snmp_keepalived "$ns" "$d"
}

# ka_snmp_keepalived NS DIR — keepalived -x alone (a restart after a kill),
# TMPDIR=DIR; its PID in KA_SNMP_KA_PID once its VRRP child is there.
ka_snmp_keepalived() {
    local ns=$1 d=$2
    rm -f "$d/keepalived.pid" "$d/vrrp.pid"
    hs_ns_spawn "$ns" "$d/keepalived.log" env TMPDIR="$d" keepalived -n -l -D -x \
        -f "$d/keepalived.conf" -p "$d/keepalived.pid" -r "$d/vrrp.pid"
    KA_SNMP_KA_PID=$HS_NS_PID
    hs_wait_until 15 "[ -s $d/vrrp.pid ]"
}

# ka_ns_keepalived NS DIR — keepalived (no SNMP) in namespace NS with
# DIR/keepalived.conf; its PID in KA_NS_PID once its VRRP child is there.
ka_ns_keepalived() {
    local ns=$1 d=$2
    rm -f "$d/keepalived.pid" "$d/vrrp.pid"
    hs_ns_spawn "$ns" "$d/keepalived.log" keepalived -n -l -D \
        -f "$d/keepalived.conf" -p "$d/keepalived.pid" -r "$d/vrrp.pid"
    KA_NS_PID=$HS_NS_PID
    hs_wait_until 15 "[ -s $d/vrrp.pid ]"
}

# ka_ns_kill DIR PID — a crash: keepalived (PID) and its VRRP child (from
# DIR/vrrp.pid) killed, the child stopped first so no goodbye is sent.
ka_ns_kill() {
    local vrrp
    vrrp=$(cat "$1/vrrp.pid")
    kill -STOP "$vrrp"
    kill -KILL "$2" "$vrrp"
    hs_wait_until 10 "! hs_alive $2 && ! hs_alive $vrrp"
}

ka_snmp_walk() {
    local ns=$1 addr=$2 i=$3 oid=$4
    shift 4
    ip netns exec "$ns" snmpwalk -On -v2c -c "hs-public-$i" -t 1 -r 1 "$@" "$addr" "$oid" 2>/dev/null
}

ka_snmp_state() {
    ka_snmp_walk "$1" "$2" "$3" "$KA_SNMP_OID" -Oe |
        awk -v o=".$KA_SNMP_OID.4.1" '$1 == o { print $4 }'
}

ka_snmp_node() {
    local name=$1 kind=$2 d=$3 addr=$4 auth
    shift 4
    case $kind in
    v2) printf '{ name = "%s"; method = "snmp"; host = "%s";
        community_file = "%s/community"; %s }' "$name" "$addr" "$d" "$*" ;;
    v3 | v3bad)
        auth=$d/authpass
        [ "$kind" = v3bad ] && auth=$d/badpass
        printf '{ name = "%s"; method = "snmp"; host = "%s"; port = 161;
        user = "hsmon"; security_level = "authPriv"; auth_protocol = "SHA";
        auth_passphrase_file = "%s"; priv_protocol = "AES";
        priv_passphrase_file = "%s/privpass"; %s }' "$name" "$addr" "$auth" "$d" "$*" ;;
    file) printf '{ name = "%s"; method = "state_file"; state_file = "%s/vrrp.state";
        pid_file = "%s/keepalived.pid"; %s }' "$name" "$d" "$d" "$*" ;;
    esac
}
