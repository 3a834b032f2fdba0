# tests/lab/netfaults/keepalived.sh — keepalived in the multi-host lab
# (sourced by tests/lab/netfaults/lab.sh, bash): on the load balancers lb1
# (.21, priority 150) and lb2 (.22, priority 100), the hosts HAProxy uses,
# keepalived -x with snmpd as its AgentX master (VRID 61, VIP .100; both
# KEEPALIVED-MIB and RFC 6527's VRRPv3-MIB registered; the notify helper's
# state file in the node's directory), written and started by
# tests/lab/keepalived/snmp.sh as the one-host SNMP lab does.
#
#   nf_ka_start                 keepalived + snmpd on lb1 and lb2, lb1 MASTER
#                               and lb2 BACKUP as the monitor reads them
#   nf_ka_dir HOST              the node's directory (files, secrets, logs)
#   nf_ka_state FROM HOST       HOST's VI_1 state over SNMP from host FROM
#                               (2 master, 1 backup, empty: no table)
#   nf_ka_kill HOST             a crash: keepalived and its VRRP child killed by
#                               PID (no priority 0 goodbye)
#   nf_ka_restart HOST          keepalived started again (snmpd still running)
#   nf_ka_settled               lb1 MASTER, lb2 BACKUP (SNMP and state files)
#   nf_ka_node HOST KIND [KEY...]  a node group for a keepalived target
#                               (KIND v2, v3, file: ka_snmp_node)
#   nf_ka_config FILE DEADLINE NODE-GROUPS [WIRE]  targets "vip" (the node
#                               groups) and, when WIRE is given (a window in
#                               s), "vip-wire" (method wire on VRID 61 heard
#                               from the host running hascout); the instance
#                               "vip" expects is $NF_KA_INSTANCE (VI_1)

source "$HS_TOP_SRCDIR/tests/lab/keepalived/snmp.sh"

NF_KA_PID=()
NF_KA_HOSTS=(lb1 lb2)

nf_ka_dir() { printf '%s/ka-%s' "$HS_RUN" "$1"; }

nf_ka_state() { ka_snmp_state "$(nf_ns "$1")" "${NF_ADDR[$2]}" "${2#lb}"; }

# nf_ka_start — the load balancers' hosts are made here unless HAProxy's
# nf_hap_start made them already.
nf_ka_start() {
    local h d t0
    t0=$(date +%s%N)
    hs_need_cmd keepalived snmpd snmpwalk
    keepalived -v 2>&1 | grep -q SNMP_VRRP || hs_skip "keepalived built without SNMP"
    [ -x "$KA_NOTIFY_BIN" ] || hs_skip "helper $KA_NOTIFY_BIN not built"
    for h in "${NF_KA_HOSTS[@]}"; do
        [ -e "/run/netns/$(nf_ns "$h")" ] || nf_host "$h"
        d=$(nf_ka_dir "$h")
        ka_snmp_files "$d" "${h#lb}" "${NF_ADDR[$h]}" "$NF_NET" || return 1
        ka_snmp_spawn "$(nf_ns "$h")" "$d" || { hs_log "$h: keepalived did not start"; return 1; }
        NF_KA_PID[${h#lb}]=$KA_SNMP_KA_PID
    done
    hs_wait_until 20 nf_ka_settled ||
        { hs_log "keepalived: lb1 not MASTER and lb2 not BACKUP (SNMP, state files)"; return 1; }
    hs_log "keepalived on lb1 and lb2 settled in $(hs_elapsed_ms "$t0") ms"
}

nf_ka_kill() { ka_ns_kill "$(nf_ka_dir "$1")" "${NF_KA_PID[${1#lb}]}"; }

# nf_ka_restart HOST — keepalived back on HOST (its snmpd kept running).
nf_ka_restart() {
    ka_snmp_keepalived "$(nf_ns "$1")" "$(nf_ka_dir "$1")" || return 1
    NF_KA_PID[${1#lb}]=$KA_SNMP_KA_PID
}

# nf_ka_settled — lb1 MASTER and lb2 BACKUP, by SNMP and by the state files.
nf_ka_settled() {
    [ "$(nf_ka_state mon lb1)" = 2 ] && [ "$(nf_ka_state mon lb2)" = 1 ] &&
        grep -q '^VI_1 MASTER' "$(nf_ka_dir lb1)/vrrp.state" &&
        grep -q '^VI_1 BACKUP' "$(nf_ka_dir lb2)/vrrp.state"
}

nf_ka_node() {
    local h=$1 kind=$2
    shift 2
    ka_snmp_node "$h" "$kind" "$(nf_ka_dir "$h")" "${NF_ADDR[$h]}" "$@"
}

nf_ka_config() {
    local f=$1 dl=$2 nodes=$3 window=${4:-}
    hs_probe_dir "$HS_RUN/ka-flap" || return 1
    {
        printf 'hascout = { plugin_dirs = [ "%s" ]; state_dir = "%s/state"; lock = "skip"; };\n' \
            "$HASCOUT_PLUGIN_PATH" "$HS_RUN"
        printf 'targets = (\n  { name = "vip"; plugin = "keepalived"; deadline = %s;\n' "$dl"
        printf '    state_dir = "%s/ka-flap"; instances = [ "%s" ]; transitions_warn = "100";\n' \
            "$HS_RUN" "${NF_KA_INSTANCE:-VI_1}"
        printf '    nodes = ( %s ); }' "$nodes"
        [ -z "$window" ] || printf ',\n  { name = "vip-wire"; plugin = "keepalived"; method = "wire";
    interface = "eth0"; vrids = [ 61 ]; routers = [ "%s", "%s" ];
    window = %s; deadline = %s; probe_caps = [ "net_raw" ]; }' \
            "${NF_ADDR[lb1]}" "${NF_ADDR[lb2]}" "$window" "$dl"
        printf '\n);\n'
    } >"$f"
}
