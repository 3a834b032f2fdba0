#!/bin/bash
# The monitoring host cut off from everything (issue 19): hascout runs in a
# network namespace of its own, and its targets (an HAProxy stats page and a
# two-node Galera cluster, by address) are
#   A. unreachable: the namespace has no route to them (no interface but lo);
#   B. blackholed: a veth leads to a peer namespace that holds their
#      addresses and drops every packet (no RST, no ICMP: connects hang).
# Each time every target is UNKNOWN, finishes inside its deadline, and the
# report in every format says the monitoring host itself may be isolated,
# instead of a storm of unrelated alarms. A target that still answers (the
# synthetic `test` plugin) takes the note away: one working target means
# the host can probe.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_lab
hs_need_root
hs_need_cmd ip nft jq timeout
for p in haproxy galera; do
    [ -e "$HASCOUT_PLUGIN_PATH/$p.so" ] || hs_skip "the $p plugin is not built"
done
hs_mkrun
mon=hsiso-mon-$$ peer=hsiso-peer-$$
ip netns add "$mon" || hs_skip "cannot create network namespaces"
hs_on_exit "ip netns del $mon 2>/dev/null"
ip -n "$mon" link set lo up

DEADLINE=4
cat > "$HS_RUN/iso.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state"; lock = "skip"; };
targets = (
  { name = "lb"; plugin = "haproxy"; deadline = $DEADLINE.0; url = "http://198.51.100.10:8404/stats"; },
  { name = "db"; plugin = "galera"; deadline = $DEADLINE.0;
    nodes = [ "198.51.100.11:3306", "198.51.100.12:3306" ]; }
);
CONF
sed 's|^);$|, { name = "local"; plugin = "test"; components = ( { id = "n1"; state = "UP"; } ); }\n);|' \
    "$HS_RUN/iso.conf" > "$HS_RUN/one-ok.conf"

# in_mon CONF FORMAT — run hascout in the monitor's namespace; prints the
# report (nagios: the `check` command's), keeps the exit code in $HS_RUN/rc
# and the wall time in ms in $HS_RUN/ms
in_mon() {
    local t0 rc cmd=(report -f "$2")
    [ "$2" = nagios ] && cmd=(check)
    t0=$(date +%s%N)
    timeout 60 ip netns exec "$mon" "$HASCOUT_BIN" -q --config "$1" "${cmd[@]}"
    rc=$?
    echo "$rc" > "$HS_RUN/rc"
    echo $((($(date +%s%N) - t0) / 1000000)) > "$HS_RUN/ms"
}

# check_isolated LABEL — every format says so, every target UNKNOWN in time
check_isolated() {
    local l=$1 j=$HS_RUN/$1.json ms
    in_mon "$HS_RUN/iso.conf" json > "$j"
    ms=$(cat "$HS_RUN/ms")
    hs_check "$l: exit 3 (UNKNOWN)" test "$(cat "$HS_RUN/rc")" -eq 3
    hs_check "$l: every target UNKNOWN" \
        jq -e '[.targets[].status] == ["UNKNOWN", "UNKNOWN"]' "$j"
    hs_check "$l: the report says the monitoring host may be isolated" \
        jq -e '.monitor_suspect | test("monitoring host itself may be isolated")' "$j"
    hs_check "$l: done inside the deadline plus the core's margin (${ms} ms)" \
        test "$ms" -lt $(((DEADLINE + 2) * 1000))
    in_mon "$HS_RUN/iso.conf" nagios > "$HS_RUN/$l.nagios"
    in_mon "$HS_RUN/iso.conf" prometheus > "$HS_RUN/$l.prom"
    in_mon "$HS_RUN/iso.conf" text > "$HS_RUN/$l.txt"
    hs_check "$l: the Nagios status line says it" \
        grep -q 'monitoring host may be isolated' <(head -n 1 "$HS_RUN/$l.nagios")
    hs_check "$l: Prometheus has hascout_monitor_suspect 1" \
        grep -qx 'hascout_monitor_suspect 1' "$HS_RUN/$l.prom"
    hs_check "$l: the text report notes it" \
        grep -q '^note: every target is UNKNOWN' "$HS_RUN/$l.txt"
    in_mon "$HS_RUN/one-ok.conf" json > "$HS_RUN/$l-one-ok.json"
    hs_check "$l: with one target answering, no such note" \
        jq -e '.monitor_suspect == null and ([.targets[] | select(.status == "OK")] | length) == 1' \
        "$HS_RUN/$l-one-ok.json"
}

# A. no route at all
check_isolated unreachable
hs_check "unreachable: the reasons name the network" \
    jq -e '[.targets[] | .error // "" , (.reasons[]?.text // "")] | join(" ") |
           test("unreachable|[Nn]o route|[Cc]ould not connect|[Ff]ailed to connect|Can.t connect")' \
    "$HS_RUN/unreachable.json"

# B. blackholed: a peer holds the addresses and drops everything
ip netns add "$peer"
hs_on_exit "ip netns del $peer 2>/dev/null"
ip link add hsiso0-$$ type veth peer name hsiso1-$$
ip link set hsiso0-$$ netns "$mon"
ip link set hsiso1-$$ netns "$peer"
ip -n "$mon" addr add 198.51.100.1/24 dev hsiso0-$$
ip -n "$mon" link set hsiso0-$$ up
for a in 198.51.100.10 198.51.100.11 198.51.100.12; do
    ip -n "$peer" addr add "$a/24" dev hsiso1-$$
done
ip -n "$peer" link set hsiso1-$$ up
ip -n "$peer" link set lo up
# the link works before the drop goes in: a connect to a closed port of the
# peer is refused at once (RST), which needs ARP and the veth up
refused() {
    ip netns exec "$mon" timeout 2 bash -c 'exec 3<>/dev/tcp/198.51.100.10/9' 2>&1 |
        grep -q 'refused'
}
hs_wait_until 10 refused ||
    hs_check "the veth link came up" false
ip netns exec "$peer" nft -f - <<'NFT'
table inet hsiso {
    chain in { type filter hook input priority 0; policy accept; ip saddr 198.51.100.1 ip protocol tcp drop; }
}
NFT
check_isolated blackholed
hs_check "blackholed: no answer, said as a timeout" \
    jq -e '[.targets[] | .error // "", (.reasons[]?.text // ""), (.components[]?.messages[]? // "")] |
           join(" ") | test("[Tt]imed? ?out|no answer|within")' "$HS_RUN/blackholed.json"
hs_done
