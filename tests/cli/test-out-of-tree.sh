#!/bin/bash
# A plugin built out of tree against the INSTALLED header and pkg-config
# file, dropped into a plugin directory, is found and probed.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd pkg-config cc make
hs_mkrun
dest=$HS_RUN/dest
make -s -C "$HS_TOP_BUILDDIR" install DESTDIR="$dest" >"$HS_RUN/install.log" 2>&1 ||
    { cat "$HS_RUN/install.log"; hs_check "make install DESTDIR" false; hs_done; }
pc=$(find "$dest" -name hascout-plugin.pc | head -n 1)
hdr=$(find "$dest" -path '*/hascout/plugin.h' | head -n 1)
bin=$(find "$dest" -path '*/bin/hascout' -type f | head -n 1)
man=$(find "$dest" -name hascout.1 | head -n 1)
plugdir=$(find "$dest" -path '*/hascout/plugins/test.so' | head -n 1)
hs_check "hascout-plugin.pc installed" test -n "$pc"
hs_check "plugin.h installed" test -n "$hdr"
hs_check "hascout(1) installed" test -n "$man"
hs_check "test.so installed into pkglibdir/plugins" test -n "$plugdir"
export PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR=$dest
cflags=$(pkg-config --cflags hascout-plugin)
hs_check "pkg-config resolves hascout-plugin (and libconfig)" test $? -eq 0
mkdir -p "$HS_RUN/plugins"
# only the installed header: no -I into the source tree
cc -std=c11 -Wall -Wextra -Werror -shared -fPIC $cflags -o "$HS_RUN/plugins/example.so" \
    "$HS_TOP_SRCDIR/tests/cli/example.c" $(pkg-config --libs hascout-plugin) 2>"$HS_RUN/cc.log"
hs_check "example plugin compiles out of tree" test -f "$HS_RUN/plugins/example.so"
cat > "$HS_RUN/h.conf" <<CONF
hascout = { plugin_dirs = [ "plugins" ]; state_dir = "$HS_RUN/state"; };
targets = ( { name = "low"; plugin = "example"; level = 5.0; },
            { name = "full"; plugin = "example"; } );
CONF
"$bin" -q --config "$HS_RUN/h.conf" report --format json -o "$HS_RUN/r.json"
rc=$?
hs_check "installed hascout exits CRITICAL for the low tank" test "$rc" -eq 2
hs_check "full tank probed OK" hs_json_eq "$HS_RUN/r.json" '.targets[] | select(.name=="full") | .status' OK
hs_check "low tank probed CRITICAL" hs_json_eq "$HS_RUN/r.json" '.targets[] | select(.name=="low") | .reasons[0].text' "tank level 5%"
hs_check "metric from the drop-in plugin" hs_json_eq "$HS_RUN/r.json" '.targets[1].components[0].metrics[0].value' 42
"$bin" --config "$HS_RUN/h.conf" plugins > "$HS_RUN/plugins.txt"
hs_check "plugins lists the drop-in" grep -q "^example .*Example tank" "$HS_RUN/plugins.txt"
"$bin" -q --config "$HS_RUN/h.conf" model discover -o "$HS_RUN/m0.conf" 2>"$HS_RUN/m0.err"
hs_check "without rules: the target is one unit in the discovered model" \
    grep -q 'live = { target = "full"; }' "$HS_RUN/m0.conf"

# the same plugin declaring its rule: discover derives the gate
cc -std=c11 -Wall -Wextra -Werror -shared -fPIC -DEXAMPLE_RULES $cflags \
    -o "$HS_RUN/plugins/example.so" "$HS_TOP_SRCDIR/tests/cli/example.c" \
    $(pkg-config --libs hascout-plugin) 2>"$HS_RUN/cc2.log"
hs_check "example plugin with rules compiles out of tree" test $? -eq 0
"$bin" -q --config "$HS_RUN/h.conf" model discover -o "$HS_RUN/m1.conf" 2>"$HS_RUN/m1.err"
hs_check "with rules: one pump of two is enough (fails when both do)" \
    grep -q 'name = "full/tank"; type = "and";' "$HS_RUN/m1.conf"
hs_check "... with the plugin's reason" grep -q "either pump fills the tank" "$HS_RUN/m1.conf"
hs_done
