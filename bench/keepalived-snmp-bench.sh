#!/bin/bash
# bench/keepalived-snmp-bench.sh — the cost of reading one keepalived node
# over SNMP (v2c and v3 authPriv, from a monitor namespace) against reading
# it from the notify helper's state file: the median of 10 `hascout report`
# runs of a one-node target each, and the difference, which is the SNMP
# read itself. Root; uses the lab of tests/lab/test-keepalived-snmp.sh.
#   HS_TOP_SRCDIR=. HS_TOP_BUILDDIR=BUILD bench/keepalived-snmp-bench.sh
: "${HS_TOP_SRCDIR:=.}"
: "${HS_TOP_BUILDDIR:=.}"
: "${HASCOUT_BIN:=$HS_TOP_BUILDDIR/hascout}"
: "${HASCOUT_PLUGIN_PATH:=$HS_TOP_BUILDDIR/plugins/.libs}"
export HS_TOP_SRCDIR HS_TOP_BUILDDIR HASCOUT_BIN HASCOUT_PLUGIN_PATH
HS_LAB_NAME=keepalived-snmp-bench
SNMP_LAB_LIB=1 source "$HS_TOP_SRCDIR/tests/lab/test-keepalived-snmp.sh"

hs_mkrun
snmp_need
snmp_up || { hs_log "could not build the namespaces"; exit 1; }
for i in 1 2; do
    snmp_start "$i" || { hs_log "lab $i did not start"; exit 1; }
done
hs_wait_until 20 '[ "$(snmp_state 1)" = 2 ] && [ "$(snmp_state 2)" = 1 ]' || exit 1
hs_wait_until 10 "grep -q MASTER $(snmp_dir 1)/vrrp.state 2>/dev/null" || exit 1

# one_node NAME NODE-GROUP — a config with one target over lb1 only.
one_node() {
    hs_probe_dir "$HS_RUN/flap-$1" || return 1
    cat > "$HS_RUN/$1.conf" <<CONF
hascout = { plugin_dirs = [ "$HASCOUT_PLUGIN_PATH" ]; state_dir = "$HS_RUN/hascout"; };
targets = ( { name = "vip"; plugin = "keepalived"; deadline = 6.0;
    state_dir = "$HS_RUN/flap-$1"; nodes = ( $2 ); } );
CONF
}
d=$(snmp_dir 1)
one_node file "{ name = \"lb1\"; state_file = \"$d/vrrp.state\"; pid_file = \"$d/keepalived.pid\"; }"
one_node v2 "{ name = \"lb1\"; method = \"snmp\"; host = \"$(snmp_addr 1)\"; community_file = \"$d/community\"; }"
one_node v3 "{ name = \"lb1\"; method = \"snmp\"; host = \"$(snmp_addr 1)\"; user = \"hsmon\";
    auth_passphrase_file = \"$d/authpass\"; priv_passphrase_file = \"$d/privpass\"; }"

# median_ms NAME — median wall time of 10 reports, in ms (checked OK).
median_ms() {
    local i t0 out=$HS_RUN/$1.json ms=()
    for ((i = 0; i < 10; i++)); do
        t0=$(date +%s%N)
        ip netns exec "$SNMP_MON" "$HASCOUT_BIN" --config "$HS_RUN/$1.conf" report \
            --format json -o "$out" >/dev/null 2>&1
        ms+=($(( ($(date +%s%N) - t0) / 100000 )))
        [ "$(jq -r '.targets[0].status' "$out")" = OK ] || { hs_log "$1: not OK"; return 1; }
    done
    printf '%s\n' "${ms[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (a[5] + a[6]) / 2; printf "%.1f\n", m / 10 }'
}
file=$(median_ms file) && v2=$(median_ms v2) && v3=$(median_ms v3) || exit 1
printf 'keepalived, one node, hascout report (median of 10, ms):\n'
printf '  state_file  %6.1f\n' "$file"
printf '  snmp v2c    %6.1f  (read over SNMP: +%.1f)\n' "$v2" "$(echo "$v2 - $file" | bc)"
printf '  snmp v3     %6.1f  (read over SNMP: +%.1f)\n' "$v3" "$(echo "$v3 - $file" | bc)"
