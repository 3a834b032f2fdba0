#!/bin/bash
# bench/keepalived-snmp-bench.sh — the cost of reading keepalived nodes over
# SNMP (v2c and v3 authPriv, from a monitor namespace) against reading them
# from the notify helper's state files: the median of 10 `hascout report`
# runs of a target of one node (lb1) and of two (lb1, lb2, read at once),
# and the ratio to the state file (issue 19's goal: at most 2x). Root; uses
# the lab of tests/lab/test-keepalived-snmp.sh.
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

# one_node NAME NODE-GROUPS — a config with one target over these nodes.
one_node() {
    hs_probe_dir "$HS_RUN/flap-$1" || return 1
    cat > "$HS_RUN/$1.conf" <<CONF
hascout = { plugin_dirs = [ "$HASCOUT_PLUGIN_PATH" ]; state_dir = "$HS_RUN/hascout"; };
targets = ( { name = "vip"; plugin = "keepalived"; deadline = 6.0;
    state_dir = "$HS_RUN/flap-$1"; nodes = ( $2 ); } );
CONF
}
node() { ka_snmp_node "lb$1" "$2" "$(snmp_dir "$1")" "$(snmp_addr "$1")"; }
for k in file v2 v3; do
    one_node "$k" "$(node 1 "$k")"
    one_node "${k}x2" "$(node 1 "$k"), $(node 2 "$k")"
done

# median_ms NAME — median of 10 reports, in ms (checked OK): with WHAT=wall
# the whole `hascout report` run, with WHAT=probe the target's duration_s
# (the probe alone, without starting hascout and its probe host)
median_ms() {
    local i t0 out=$HS_RUN/$1.json ms=()
    for ((i = 0; i < 10; i++)); do
        t0=$(date +%s%N)
        ip netns exec "$SNMP_MON" "$HASCOUT_BIN" --config "$HS_RUN/$1.conf" report \
            --format json -o "$out" >/dev/null 2>&1
        ms+=($(( ($(date +%s%N) - t0) / 100000 )))
        [ "$WHAT" = wall ] || ms[-1]=$(jq '.targets[0].duration_s * 10000 | floor' "$out")
        [ "$(jq -r '.targets[0].status' "$out")" = OK ] || { hs_log "$1: not OK"; return 1; }
    done
    printf '%s\n' "${ms[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (a[5] + a[6]) / 2; printf "%.1f\n", m / 10 }'
}
# row NAME LABEL — one node and both nodes, against the state files
row() {
    local one two
    one=$(median_ms "$1") && two=$(median_ms "$1x2") || exit 1
    printf '  %-11s %6.1f  %6.1f  (%.2fx, %.2fx the state file)\n' "$2" "$one" "$two" \
        "$(echo "$one / $file1" | bc -l)" "$(echo "$two / $file2" | bc -l)"
}
for WHAT in wall probe; do
    file1=$(median_ms file) && file2=$(median_ms filex2) || exit 1
    printf 'keepalived, %s (median of 10, ms):   one node  two nodes\n' \
        "$([ $WHAT = wall ] && echo "hascout report" || echo "the probe (duration_s)")"
    printf '  %-11s %6.1f  %6.1f\n' state_file "$file1" "$file2"
    row v2 "snmp v2c"
    row v3 "snmp v3"
done
