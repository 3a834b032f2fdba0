# tests/lab/netfaults/ceph.sh — a Ceph host in the multi-host lab: namespace
# "ceph" (198.51.100.40) runs one mon, one mgr and two bluestore OSDs bound
# to its address (tests/lab/ceph/cluster.sh, parameterised by address and
# namespace); hascout reaches it from the monitor through librados. Sourced
# by tests/lab/netfaults/lab.sh.
#
#   nf_ceph_start               the Ceph host, settled (HEALTH_OK, PGs
#                               active+clean; 20-60 s)
#   nf_ceph_target NAME DL [KEYS]  one ceph target block (client.hascout,
#                               the monitoring host's ceph.conf)
#   nf_ceph_config FILE BLOCK...   a hascout config with these target blocks
#   nf_ceph_blackhole_probe HOST   inside HOST, drop every packet of the
#                               probe user's connections (nf_heal HOST
#                               undoes it): a blackhole for a hascout that
#                               runs on HOST itself
# After nf_ceph_start, cluster.sh's helpers (ceph_cli, ceph_has_check,
# CEPH_OSD_PID, ...) work on the Ceph host.

source "$HS_TOP_SRCDIR/tests/lab/ceph/cluster.sh"

NF_ADDR[ceph]=$NF_NET.40

nf_ceph_start() {
    local t0
    ceph_lab_need
    t0=$(date +%s%N)
    nf_host ceph
    ceph_lab_start "${NF_ADDR[ceph]}" "$(nf_ns ceph)" "$HS_RUN/ceph" ||
        { hs_log "the Ceph host did not settle"; return 1; }
    hs_log "Ceph host (mon, mgr, 2 OSDs) on ${NF_ADDR[ceph]} settled in $(hs_elapsed_ms "$t0") ms"
}

nf_ceph_target() {
    printf '  { name = "%s"; plugin = "ceph"; deadline = %s;\n' "$1" "$2"
    printf '    conf = "%s"; client = "client.hascout"; keyring = "%s";\n' \
        "$CEPH_CLIENT_CONF" "$CEPH_CLIENT_KEYRING"
    printf '    %s }' "${3:-}"
}

nf_ceph_config() {
    local f=$1 sep="" t
    shift
    {
        printf 'hascout = { plugin_dirs = [ "%s" ]; state_dir = "%s/state"; lock = "skip"; };\n' \
            "$HASCOUT_PLUGIN_PATH" "$HS_RUN"
        printf 'targets = (\n'
        for t in "$@"; do
            printf '%s%s' "$sep" "$t"
            sep=$',\n'
        done
        printf '\n);\n'
    } >"$f"
}

# All of the Ceph host's daemons share its one address: dropping what comes
# from that address (nf_blackhole HOST ITS-ADDR) would cut the mon off from
# its own mgr and OSDs too. The probe's connections are told apart by their
# user instead: marked on output (conntrack keeps the mark for both
# directions) and dropped on input, so the probe's connect() just waits —
# no RST, no EPERM — while root's daemons talk on.
nf_ceph_blackhole_probe() {
    local uid
    uid=$(id -u "$(hs_probe_user)")
    hs_ns_exec "$(nf_ns "$1")" nft -f - <<NFT
table inet nf_fault {
    chain out { type filter hook output priority 0; policy accept; meta skuid $uid ct mark set 0x4e46; }
    chain in { type filter hook input priority 0; policy accept; ct mark 0x4e46 drop; }
}
NFT
}
