#!/bin/bash
# The plugin SDK from the installed files alone, as a stranger meets it:
# `make install DESTDIR`, then the installed example plugin is built by its
# own Makefile with `pkg-config hascout-plugin` only (no -I into the source
# tree), passes the installed undefined-symbol check (which fails for a
# plugin calling a core internal or missing a library), and is probed by the
# built hascout: config readers, timeouts, debug lines under -v only.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd pkg-config cc make nm ldd jq python3
hs_mkrun
dest=$HS_RUN/dest
make -s -C "$HS_TOP_BUILDDIR" install DESTDIR="$dest" >"$HS_RUN/install.log" 2>&1 ||
    { cat "$HS_RUN/install.log"; hs_check "make install DESTDIR" false; hs_done; }
pc=$(find "$dest" -name hascout-plugin.pc | head -n 1)
hs_check "hascout-plugin.pc installed" test -n "$pc"
export PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR=$dest
# pkgconf prefixes variables with the sysroot, pkg-config does not
inroot() { case $1 in "$dest"/*) echo "$1" ;; *) echo "$dest$1" ;; esac; }
examples=$(inroot "$(pkg-config --variable=examplesdir hascout-plugin)")
abicheck=$(inroot "$(pkg-config --variable=abicheck hascout-plugin)")
abisym=$(inroot "$(pkg-config --variable=abisymbols hascout-plugin)")
hs_check "the example plugin is installed under examplesdir" test -f "$examples/plugin/tcpcheck.c"
hs_check "its Makefile and config are installed" \
    test -f "$examples/plugin/Makefile" -a -f "$examples/plugin/tcpcheck.conf"
hs_check "example configs are installed" test -f "$examples/conf/haproxy.conf"
hs_check "hascout-abi-check is installed" test -x "$abicheck"
hs_check "plugin.sym is installed" test -f "$abisym"
# (libconfig's -lconfig still comes through Requires: plugins call it)
hs_check "the .pc's own Libs are empty on purpose" grep -q '^Libs:[[:space:]]*$' "$pc"
hs_check "hascout-plugin(7) is installed" test -n "$(find "$dest" -name hascout-plugin.7)"
hs_check "the plugins' READMEs are installed" test -n "$(find "$dest" -path '*/plugins/haproxy.md')"

# build the example where a stranger would: a copy, its own Makefile
cp -r "$examples/plugin" "$HS_RUN/ex"
make -C "$HS_RUN/ex" CFLAGS="-O2 -Werror" >"$HS_RUN/make.log" 2>&1
rc=$?
cat "$HS_RUN/make.log" >&2
hs_check "example builds with pkg-config only, -Werror, and passes the symbol check" test "$rc" -eq 0
hs_check "tcpcheck.so built" test -f "$HS_RUN/ex/tcpcheck.so"

# the check fails for a plugin that calls a core internal, or lacks a library
cat > "$HS_RUN/bad.c" <<'C'
#include <hascout/plugin.h>
void *hs_probe_new(const char *target, double deadline); /* not ABI */
double cbrt(double);
double bad(double x) { hs_warn("x"); hs_probe_new("t", x); return cbrt(x); }
C
cc -std=c11 -shared -fPIC $(pkg-config --cflags hascout-plugin) -o "$HS_RUN/bad.so" "$HS_RUN/bad.c" \
    2>"$HS_RUN/cc.log"
hs_check "bad.so built (shared objects may have undefined symbols)" test -f "$HS_RUN/bad.so"
sh "$abicheck" -s "$abisym" "$HS_RUN/bad.so" 2>"$HS_RUN/bad.err"
rc=$?
cat "$HS_RUN/bad.err" >&2
hs_check "the symbol check fails for it (exit 1)" test "$rc" -eq 1
hs_check "it names the non-ABI core call" grep -q "^  hs_probe_new$" "$HS_RUN/bad.err"
hs_check "it names the symbol of the missing library (-lm)" grep -q "^  cbrt$" "$HS_RUN/bad.err"
hs_check "it does not name the ABI call" sh -c "! grep -q '^  hs_warn$' '$HS_RUN/bad.err'"
cc -std=c11 -shared -fPIC $(pkg-config --cflags hascout-plugin) -o "$HS_RUN/bad.so" "$HS_RUN/bad.c" -lm
sh "$abicheck" -s "$abisym" "$HS_RUN/bad.so" 2>"$HS_RUN/bad2.err"
hs_check "linked with -lm, only the core call is left" \
    sh -c "grep -q '^  hs_probe_new$' '$HS_RUN/bad2.err' && ! grep -q '^  cbrt$' '$HS_RUN/bad2.err'"

# probe it: one endpoint listening, one not. The plugin dir is ours (root
# when make check runs as root) and not writable by others: trusted.
mkdir -p "$HS_RUN/plugins"
cp "$HS_RUN/ex/tcpcheck.so" "$HS_RUN/plugins/"
chmod 755 "$HS_RUN/plugins"; chmod 644 "$HS_RUN/plugins/tcpcheck.so"
up=$(hs_free_port); down=$(hs_free_port)
[ "$up" != "$down" ] || down=$((up + 1))
python3 -c 'import socket,sys,time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(16); time.sleep(120)' "$up" &
hs_track_pid $!
hs_wait_until 10 "(exec 3<>/dev/tcp/127.0.0.1/$up) 2>/dev/null"
cat > "$HS_RUN/h.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state"; };
targets = (
  { name = "pair"; plugin = "tcpcheck"; deadline = 3.0;
    endpoints = [ "127.0.0.1:$up", "127.0.0.1:$down" ]; mode = "any"; },
  { name = "one"; plugin = "tcpcheck"; endpoints = [ "127.0.0.1:$up" ]; },
  { name = "rel"; plugin = "tcpcheck"; endpoints = [ "127.0.0.1:$up" ];
    maintenance_file = "run/maint"; }
);
CONF
export HASCOUT_PLUGIN_PATH=$HS_RUN/plugins
"$HASCOUT_BIN" -v --config "$HS_RUN/h.conf" report --format json -o "$HS_RUN/r.json" \
    2>"$HS_RUN/v.err"
rc=$?
cat "$HS_RUN/v.err" >&2
hs_check "report exits UNKNOWN (the misconfigured target)" test "$rc" -eq 3
hs_check "one endpoint of two: WARNING, redundancy lost" \
    hs_json_eq "$HS_RUN/r.json" '.targets[] | select(.name=="pair") | .reasons[0].text' \
    "1/2 endpoints answer: redundancy lost"
hs_check "all endpoints: OK with a reason" \
    hs_json_eq "$HS_RUN/r.json" '.targets[] | select(.name=="one") | [.status, .reasons[0].text] | join(" ")' \
    "OK 1/1 endpoints answer"
hs_check "a relative path is refused with file:line" \
    jq -e '.targets[] | select(.name=="rel") | .error | test("h.conf:[0-9]+: .maintenance_file. must be an absolute path")' \
    "$HS_RUN/r.json"
hs_check "connect time metric" \
    jq -e '.targets[] | select(.name=="one") | .components[] | select(.id=="127.0.0.1:'"$up"'") | .metrics[0].name == "connect_ms"' \
    "$HS_RUN/r.json"
hs_check "-v: the plugin's debug lines on stderr, with the target" \
    grep -q "^hascout: debug: pair: connecting to 127.0.0.1:$down, timeout [0-9]* ms$" "$HS_RUN/v.err"
hs_check "debug lines are not in the JSON report" sh -c "! grep -q 'connecting to' '$HS_RUN/r.json'"
"$HASCOUT_BIN" --config "$HS_RUN/h.conf" report >"$HS_RUN/text.out" 2>"$HS_RUN/q.err"
hs_check "without -v: no debug lines" sh -c "! grep -q 'debug' '$HS_RUN/q.err' '$HS_RUN/text.out'"
"$HASCOUT_BIN" --config "$HS_RUN/h.conf" plugins >"$HS_RUN/plugins.txt"
rc=$?
cat "$HS_RUN/plugins.txt" >&2
hs_check "plugins lists the example, with its scores, without -v" \
    grep -q "^tcpcheck .* TCP service .* other .* 1.0/1.0/5.0 " "$HS_RUN/plugins.txt"
hs_check "plugins exits 0 when nothing is refused" test "$rc" -eq 0
hs_done
