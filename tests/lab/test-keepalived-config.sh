#!/bin/bash
# tests/lab/test-keepalived-config.sh — the keepalived plugin's handling of
# bad configuration and of nodes it cannot read, through the real hascout
# binary, with real files and processes but no keepalived (so it also runs
# where the lab is off): every case must give a clear reason naming the
# place, never a crash.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
[ -x "$HASCOUT_BIN" ] || hs_skip "hascout not built"
[ -e "$HASCOUT_PLUGIN_PATH/keepalived.so" ] || hs_skip "keepalived plugin not built"
hs_need_cmd jq
hs_mkrun
# The plugin's flap history dir must be writable by the probe user (HS_RUN
# is root's): made as the package makes /var/lib/hascout subdirectories.
hs_probe_dir "$HS_RUN/flap"

# conf FILE NODES [EXTRA] — one target "vip" with the given node groups.
conf() {
    cat > "$1" <<CONF
hascout = { plugin_dirs = [ "$HASCOUT_PLUGIN_PATH" ]; state_dir = "$HS_RUN/hascout"; };
targets = (
  { name = "vip"; plugin = "keepalived";
    state_dir = "$HS_RUN/flap";
    ${3:-}
    nodes = ( $2 );
  }
);
CONF
}

# refused 'WHY' NODES [EXTRA] NEEDLE — the config is refused, the message
# names the file and line and contains NEEDLE.
refused() {
    local f=$HS_RUN/c$HS_CHECKS.conf
    conf "$f" "$2" "$3"
    hs_hascout --config "$f" report --format json -o "$f.json" >"$f.out" 2>&1
    cat "$f.json" >> "$f.out" 2>/dev/null
    hs_check "$1" grep -q "$(basename "$f"):[0-9].*$4" "$f.out"
}

SF='method = "state_file"; state_file = "/nonexistent"'
refused "unknown target key" "{ name = \"n1\"; $SF; }" 'colour = "red";' "unknown key 'colour'"
refused "unknown node key" "{ name = \"n1\"; $SF; color = 1; }" "" "unknown key 'color'"
refused "node without name" "{ $SF; }" "" "node without a name"
refused "bad method" "{ name = \"n1\"; method = \"pigeon\"; }" "" "'method' must be"
if grep -q '^#define HAVE_NETSNMP 1' "$HS_TOP_BUILDDIR/hs-build.h" 2>/dev/null; then
    refused "snmp without host" "{ name = \"n1\"; method = \"snmp\"; }" "" "needs host"
    refused "snmp without credentials" "{ name = \"n1\"; method = \"snmp\"; host = \"h\"; }" "" \
        "needs community_file (v2c) or user (v3)"
    refused "snmp v3 without passphrase" \
        "{ name = \"n1\"; method = \"snmp\"; host = \"h\"; user = \"u\"; }" "" \
        "auth_passphrase_file: a passphrase of at least 8 characters"
    refused "snmp bad port" "{ name = \"n1\"; method = \"snmp\"; host = \"h\"; port = 0; }" "" \
        "port 1..65535"
else
    refused "snmp without net-snmp" "{ name = \"n1\"; method = \"snmp\"; }" "" \
        "built without net-snmp"
fi
refused "state_file method without file" "{ name = \"n1\"; }" "" "needs state_file"
refused "dump without dump_dir" "{ name = \"n1\"; method = \"dump\"; pid_file = \"/x\"; }" "" "needs dump_dir"
refused "dump without pid_file" "{ name = \"n1\"; method = \"dump\"; dump_dir = \"/tmp\"; }" "" "needs pid_file"
refused "bad dump_format" "{ name = \"n1\"; method = \"dump\"; dump_dir = \"/tmp\"; pid_file = \"/x\"; dump_format = \"xml\"; }" "" "'dump_format' must be"
refused "json_signal not real-time" "{ name = \"n1\"; method = \"dump\"; dump_dir = \"/tmp\"; pid_file = \"/x\"; json_signal = 9; }" "" "json_signal must be"
refused "duplicate node" "{ name = \"n1\"; $SF; }, { name = \"n1\"; $SF; }" "" "used twice"
refused "node name with @" "{ name = \"a@b\"; $SF; }" "" "node name 'a@b'"
refused "preferred_master not a node" "{ name = \"n1\"; $SF; }" 'preferred_master = "n9";' "not one of the nodes"
refused "bad transitions_warn range" "{ name = \"n1\"; $SF; }" 'transitions_warn = "x:y";' "transitions_warn"
refused "empty nodes" "" "" "nodes must be a list"
refused "instances not names" "{ name = \"n1\"; $SF; }" 'instances = [ 1 ];' "instances"

# wire_refused 'WHY' KEYS NEEDLE — a method "wire" target (no nodes) with
# KEYS is refused with file:line and NEEDLE.
wire_refused() {
    local f=$HS_RUN/c$HS_CHECKS.conf
    cat >"$f" <<CONF
hascout = { plugin_dirs = [ "$HASCOUT_PLUGIN_PATH" ]; state_dir = "$HS_RUN/hascout"; };
targets = ( { name = "vip"; plugin = "keepalived"; method = "wire"; interface = "lo";
              vrids = [ 61 ]; $2 } );
CONF
    hs_hascout --config "$f" report --format json -o "$f.json" >"$f.out" 2>&1
    cat "$f.json" >>"$f.out" 2>/dev/null
    hs_check "$1" grep -q "$(basename "$f"):[0-9].*$3" "$f.out"
}
wire_refused "wire: bad family" 'family = "ipv5";' "family"
wire_refused "wire: router not an address" 'routers = [ "lb1" ];' \
    "'lb1' is not an IPv4 or IPv6 address"
wire_refused "wire: IPv6 router with family ipv4" \
    'family = "ipv4"; routers = [ "198.51.100.1", "fe80::2" ];' \
    "'fe80::2' is not an address of family .*ipv4"
wire_refused "wire: IPv4 router with family ipv6" 'family = "ipv6"; routers = [ "192.0.2.1" ];' \
    "'192.0.2.1' is not an address of family .*ipv6"

# Nodes that cannot be read: real files, no keepalived anywhere.
printf '# hascout-keepalived-notify state v1\nVI_1 MASTER 150 1 1795443797.2\n' > "$HS_RUN/good.state"
printf '# hascout-keepalived-notify state v1\nVI_1 SLEEPY 150 1 1\n' > "$HS_RUN/bad.state"
echo 1 > "$HS_RUN/init.pid"   # PID 1 is not keepalived
echo "garbage" > "$HS_RUN/garbage.pid"
conf "$HS_RUN/read.conf" "
  { name = \"good\"; state_file = \"$HS_RUN/good.state\"; },
  { name = \"missing\"; state_file = \"$HS_RUN/none.state\"; },
  { name = \"corrupt\"; state_file = \"$HS_RUN/bad.state\"; },
  { name = \"reused\"; state_file = \"$HS_RUN/good.state\"; pid_file = \"$HS_RUN/init.pid\"; },
  { name = \"badpid\"; method = \"dump\"; dump_dir = \"$HS_RUN\"; pid_file = \"$HS_RUN/garbage.pid\"; },
  { name = \"nopid\"; method = \"dump\"; dump_dir = \"$HS_RUN\"; pid_file = \"$HS_RUN/none.pid\"; }" \
  'instances = [ "VI_1" ];'
hs_hascout --config "$HS_RUN/read.conf" report --format json -o "$HS_RUN/read.json" >/dev/null 2>"$HS_RUN/read.err"
R=$HS_RUN/read.json
node() { jq -r --arg id "node:$1" '.targets[0].components[] | select(.id == $id) | "\(.state) \(.messages | join(" "))"' "$R"; }
reason() { jq -e --arg t "$1" '[.targets[0].reasons[].text | contains($t)] | any' "$R" >/dev/null; }
hs_check "unreadable nodes: WARNING, the readable MASTER still counts" \
    eval '[ "$(jq -r ".targets[0].status" $R)" = WARNING ]'
hs_check "missing state file: node UNKNOWN naming the file" \
    eval 'node missing | grep -q "^UNKNOWN .*none.state: No such file"'
hs_check "corrupt state file: node UNKNOWN naming the line" \
    eval 'node corrupt | grep -q "^UNKNOWN .*bad.state: line 2: unknown state"'
hs_check "PID not keepalived's: node DOWN (keepalived not running)" \
    eval 'node reused | grep -q "^DOWN .*pid 1 from .* is not a running keepalived"'
hs_check "garbage pid file: node UNKNOWN" eval 'node badpid | grep -q "^UNKNOWN .*not a pid file"'
hs_check "no pid file: node DOWN" eval 'node nopid | grep -q "^DOWN .*no pid file"'
hs_check "reason names instance and node" reason "VRRP VI_1: node corrupt unreadable"
hs_check "flap history written" test -s "$HS_RUN/flap/vip.flap"
echo "not a flap file" > "$HS_RUN/flap/vip.flap"
hs_hascout --config "$HS_RUN/read.conf" report --format json -o "$R" >/dev/null 2>>"$HS_RUN/read.err"
hs_check "corrupt flap history: WARNING naming it" reason "flapping not tracked: $HS_RUN/flap/vip.flap: line 1"
hs_done
