#!/bin/bash
# The hascout command line: demo without config, formats, exit codes,
# atomic output, lock (wait/skip), config errors, secrets never echoed.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd jq flock
hs_mkrun
H() { "$HASCOUT_BIN" "$@"; }

H --version > "$HS_RUN/v"; hs_check "--version exits 0" test $? -eq 0
hs_check "--version names the ABI" grep -q "plugin ABI 1" "$HS_RUN/v"
H --help > /dev/null; hs_check "--help exits 0" test $? -eq 0
H frobnicate 2>/dev/null; hs_check "unknown command exits 3" test $? -eq 3

# the bundled demo, when no config is given and none is installed
if [ ! -e /etc/hascout/hascout.conf ]; then
    H --state-dir "$HS_RUN/st" report --format json -o "$HS_RUN/demo.json" 2>"$HS_RUN/demo.err"
    rc=$?
    hs_check "demo report runs (exit = its worst status)" test "$rc" -eq "$(jq .exit_code "$HS_RUN/demo.json")"
    hs_check "demo is flagged as demo" hs_json_eq "$HS_RUN/demo.json" .demo true
    hs_check "demo has targets" test "$(jq '.targets | length' "$HS_RUN/demo.json")" -ge 3
    hs_check "demo note on stderr" grep -q "bundled demo" "$HS_RUN/demo.err"
fi

cat > "$HS_RUN/a.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state"; lock = "skip"; };
targets = (
  { name = "good"; plugin = "test"; components = ( { id = "n1"; state = "UP"; } ); },
  { name = "warn"; plugin = "test"; components = ( { id = "n1"; state = "DEGRADED"; } ); },
  { name = "slow"; plugin = "test"; delay = 0.3; components = ( { id = "n1"; } ); }
);
CONF
H -q --config "$HS_RUN/a.conf" check > "$HS_RUN/check.out"
hs_check "check exits WARNING" test $? -eq 1
# no model in a.conf: check speaks of the services derived from the probes
hs_check "check line" grep -q "^HASCOUT WARNING: all 3 services up .*; 1 of 3 targets not OK |" "$HS_RUN/check.out"
hs_check "check names the target not OK" grep -q "^warn: WARNING - node n1 DEGRADED" "$HS_RUN/check.out"
# check --service: one business service's status is the exit code, its
# figures the perfdata; the other services and the targets' health stay out
H -q --config "$HS_RUN/a.conf" check --service good > "$HS_RUN/svc.out"
hs_check "check --service good exits OK (another target is WARNING)" test $? -eq 0
hs_check "check --service: the line speaks of that service" \
    grep -q "^HASCOUT OK: good up at its design margin 1 " "$HS_RUN/svc.out"
hs_check "check --service: its perfdata only" \
    sh -c "head -n 1 '$HS_RUN/svc.out' | grep -q \"'good up'=1\" && ! head -n 1 '$HS_RUN/svc.out' | grep -q 'warn\\|health'"
cat > "$HS_RUN/b.conf" <<CONF
hascout = { state_dir = "$HS_RUN/bstate"; lock = "skip"; };
targets = (
  { name = "good"; plugin = "test"; components = ( { id = "n1"; state = "UP"; } ); },
  { name = "bad"; plugin = "test"; components = ( { id = "n1"; state = "DOWN"; } ); }
);
CONF
H -q --config "$HS_RUN/b.conf" check --service bad > "$HS_RUN/svc.out"
hs_check "check --service bad exits CRITICAL" test $? -eq 2
hs_check "check --service bad: says DOWN" grep -q "^HASCOUT CRITICAL: 1 of 1 services not OK: bad DOWN" "$HS_RUN/svc.out"
H -q --config "$HS_RUN/b.conf" check --service good > /dev/null
hs_check "check --service good exits OK beside a CRITICAL one" test $? -eq 0
H -q --config "$HS_RUN/b.conf" check --service good --service bad > /dev/null
hs_check "two --service: the worst" test $? -eq 2
H -q --config "$HS_RUN/b.conf" check --service nosuch 2> "$HS_RUN/err"; rc=$?
hs_check "check --service nosuch exits 3" test "$rc" -eq 3
hs_check "... naming it and the services there are" grep -q "no service 'nosuch' in the model (it has: good, bad)" "$HS_RUN/err"
H -q --config "$HS_RUN/b.conf" report --service good > /dev/null 2> "$HS_RUN/err"; rc=$?
hs_check "--service is check's only" test "$rc" -eq 3
# a run of named targets writes no history (it would record the others as
# unknown until the next full run); a full one does
n0=$(wc -l < "$HS_RUN/bstate/history.jsonl")
H -q --config "$HS_RUN/b.conf" check good > /dev/null
hs_check "check TARGET writes no history" test "$(wc -l < "$HS_RUN/bstate/history.jsonl")" -eq "$n0"
H -q --config "$HS_RUN/b.conf" check > /dev/null
hs_check "a full check does" test "$(wc -l < "$HS_RUN/bstate/history.jsonl")" -eq $((n0 + 1))
H -q --config "$HS_RUN/a.conf" probe good > "$HS_RUN/probe.out"
hs_check "probe of one target exits OK" test $? -eq 0
hs_check "probe table shows only that target" test "$(grep -c '^\(good\|warn\|slow\) *test ' "$HS_RUN/probe.out")" -eq 1
H -q --config "$HS_RUN/a.conf" probe nosuch 2>"$HS_RUN/err"; rc=$?
hs_check "unknown target exits 3" test "$rc" -eq 3
hs_check "unknown target named" grep -q "no target 'nosuch'" "$HS_RUN/err"

# -o replaces atomically: a reader never sees a partial file
echo '{"old": true}' > "$HS_RUN/out.json"
H -q --config "$HS_RUN/a.conf" report --format json -o "$HS_RUN/out.json"
hs_check "json report valid" jq -e '.status == "WARNING" and (.targets | length) == 3' "$HS_RUN/out.json"
hs_check "no temp files left" test "$(ls "$HS_RUN" | grep -c 'out.json.')" -eq 0
H -q --config "$HS_RUN/a.conf" report --format yaml 2>/dev/null
hs_check "unknown format exits 3" test $? -eq 3

# lock: a run holding the state dir's lock makes another skip or give up
mkdir -p "$HS_RUN/state"
# the holder execs into sleep, so its PID is the one process holding the lock
( exec 9>"$HS_RUN/state/hascout.lock"; flock 9; exec sleep 30 ) & holder=$!
hs_track_pid "$holder"
hs_wait_until 10 "! flock -n '$HS_RUN/state/hascout.lock' true"
H --config "$HS_RUN/a.conf" report -o "$HS_RUN/skip.txt" 2>"$HS_RUN/skip.err"; rc=$?
hs_check "lock=skip: exits 3" test "$rc" -eq 3
hs_check "lock=skip: says skipped" grep -q "skipped" "$HS_RUN/skip.err"
hs_check "lock=skip: wrote nothing" test ! -e "$HS_RUN/skip.txt"
sed 's/lock = "skip";/lock = "wait"; lock_timeout = 0.5;/' "$HS_RUN/a.conf" > "$HS_RUN/w.conf"
H --config "$HS_RUN/w.conf" report 2>"$HS_RUN/wait.err" >/dev/null; rc=$?
hs_check "lock=wait: gives up after lock_timeout" grep -q "gave up waiting" "$HS_RUN/wait.err"
hs_stop_pid "$holder"
H -q --config "$HS_RUN/w.conf" report >/dev/null; rc=$?
hs_check "lock released: run proceeds" test "$rc" -eq 1

# config errors name file:line and exit 3
printf 'targets = (\n  { name = "x"; plugin = "test"; deadline = -2; }\n);\n' > "$HS_RUN/bad.conf"
H --config "$HS_RUN/bad.conf" report 2>"$HS_RUN/bad.err"; rc=$?
hs_check "bad config exits 3" test "$rc" -eq 3
hs_check "bad config names file:line" grep -q "bad.conf:2: .*deadline" "$HS_RUN/bad.err"

# -j takes a whole number, nothing after it (atoi read "5x" as 5)
H -j 5x --config "$HS_RUN/a.conf" report 2>"$HS_RUN/j.err" >/dev/null; rc=$?
hs_check "-j 5x exits 3" test "$rc" -eq 3
hs_check "-j 5x names the option" grep -q -- "--parallel" "$HS_RUN/j.err"
H -j '' --config "$HS_RUN/a.conf" report 2>/dev/null >/dev/null; rc=$?
hs_check "-j '' exits 3" test "$rc" -eq 3
H -q -j 2 --config "$HS_RUN/a.conf" report >/dev/null; rc=$?
hs_check "-j 2 still runs" test "$rc" -eq 1

# history.enabled must be a boolean: "no" was silently ignored (history stayed on)
printf 'hascout = {\n  history = {\n    enabled = "no";\n  };\n};\ntargets = ( );\n' > "$HS_RUN/hist.conf"
H --config "$HS_RUN/hist.conf" report 2>"$HS_RUN/hist.err" >/dev/null; rc=$?
hs_check "history.enabled = \"no\" exits 3" test "$rc" -eq 3
hs_check "history.enabled error names file:line" grep -q "hist.conf:3: .*enabled" "$HS_RUN/hist.err"

# a directory as config: a clear reason, never "cannot read: Success"
mkdir -p "$HS_RUN/confdir"
H --config "$HS_RUN/confdir" report 2>"$HS_RUN/dir.err" >/dev/null; rc=$?
hs_check "-c DIR exits 3" test "$rc" -eq 3
hs_check "-c DIR says it is a directory" grep -qi "is a directory" "$HS_RUN/dir.err"
hs_check "-c DIR never says Success" sh -c "! grep -q Success '$HS_RUN/dir.err'"
# a FIFO: libconfig would block reading it (timeout: the old code hung)
mkfifo "$HS_RUN/conf.fifo"
timeout 10 "$HASCOUT_BIN" --config "$HS_RUN/conf.fifo" report 2>"$HS_RUN/dev.err" >/dev/null; rc=$?
hs_check "-c FIFO (not a regular file) exits 3" test "$rc" -eq 3
hs_check "-c FIFO says not a regular file" grep -q "not a regular file" "$HS_RUN/dev.err"

# server-provided names with '|', '=', quotes and newlines: the target stays
# observable (not UNKNOWN "malformed") and the Nagios output keeps its shape
cat > "$HS_RUN/names.conf" <<'CONF'
targets = ( { name = "hostile"; plugin = "test"; components = (
  { id = "a|b\nc"; kind = "proxy"; state = "UP"; metrics = ( { name = "m=|x'y"; value = 1.0; } ); },
  { id = "s1"; parent = "a|b\nc"; state = "UP"; } ); } );
CONF
H -q --config "$HS_RUN/names.conf" check > "$HS_RUN/names.out"; rc=$?
hs_check "hostile names: target OK, not UNKNOWN" test "$rc" -eq 0
hs_check "hostile names: three lines (status, long text, perfdata)" test "$(wc -l < "$HS_RUN/names.out")" -eq 3
hs_check "hostile names: one '|' per line at most" sh -c "! grep -q '|.*|' '$HS_RUN/names.out'"
hs_check "hostile names: perfdata label without '|' or '=', quote doubled" \
    grep -qF "| 'hostile/a_b c/m__x''y'=1;;;;" "$HS_RUN/names.out"
H -q --config "$HS_RUN/names.conf" report --format json -o "$HS_RUN/names.json"
hs_check "hostile names: JSON keeps '|' in the id" \
    jq -e '[.targets[0].components[].id] | index("a|b c") != null' "$HS_RUN/names.json"

# a secret never appears in any output or error
printf 'hunter2-secret\n' > "$HS_RUN/pw"; chmod 644 "$HS_RUN/pw"
cat > "$HS_RUN/s.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state"; };
targets = ( { name = "s"; plugin = "test"; password = "inline-hunter3"; } );
CONF
chmod 644 "$HS_RUN/s.conf"
H --config "$HS_RUN/s.conf" report --format json >"$HS_RUN/s.out" 2>"$HS_RUN/s.err"
H -v --config "$HS_RUN/s.conf" check >>"$HS_RUN/s.out" 2>>"$HS_RUN/s.err"
hs_check "inline secret warned about" grep -q "holds a password inline" "$HS_RUN/s.err"
hs_check "no secret in any output" sh -c "! grep -q hunter "$HS_RUN/s.out" "$HS_RUN/s.err""

# haproxy: a password in the URL (';' did not end the authority) is refused
# without ever being shown; basic auth over plain http to a remote host warns
if [ -e "$HASCOUT_PLUGIN_PATH/haproxy.so" ]; then
    printf 'pw-hunter4\n' > "$HS_RUN/hpw"; chmod 600 "$HS_RUN/hpw"
    cat > "$HS_RUN/hap.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state"; };
targets = (
  { name = "lb1"; plugin = "haproxy"; url = "http://mon;x:hunter5@127.0.0.1:1/stats"; },
  { name = "lb2"; plugin = "haproxy"; url = "http://192.0.2.1:1/stats"; deadline = 1.0;
    username = "mon"; password_file = "$HS_RUN/hpw"; }
);
CONF
    : > "$HS_RUN/hap.out"
    for f in text json html; do
        H --config "$HS_RUN/hap.conf" report --format $f >>"$HS_RUN/hap.out" 2>&1
    done
    H -v --config "$HS_RUN/hap.conf" check >>"$HS_RUN/hap.out" 2>&1
    H -v --config "$HS_RUN/hap.conf" probe >>"$HS_RUN/hap.out" 2>&1
    hs_check "haproxy: credentials after ';' refused" grep -q "lb1.*must not carry credentials" "$HS_RUN/hap.out"
    hs_check "haproxy: no password in any output" sh -c "! grep -q hunter '$HS_RUN/hap.out'"
    H --config "$HS_RUN/hap.conf" report --format json -o "$HS_RUN/hap.json" 2>/dev/null
    hs_check "haproxy: plain http with basic auth warns in the report" \
        jq -e '.targets[] | select(.name == "lb2") | .warnings | any(test("plain http"))' "$HS_RUN/hap.json"
fi

# ceph: librados timeouts are whole seconds (>= 1 s) and 0.7 s is kept back, so
# a deadline under 2 s was UNKNOWN on every run, healthy cluster or not;
# refused at configure time, naming file:line and the minimum
if [ -e "$HASCOUT_PLUGIN_PATH/ceph.so" ]; then
    cat > "$HS_RUN/ceph.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state"; };
targets = (
  { name = "c1"; plugin = "ceph"; conf = "$HS_RUN/none.ceph.conf";
    deadline = 1.7; },
  { name = "c2"; plugin = "ceph"; conf = "$HS_RUN/none.ceph.conf"; deadline = 2.0; }
);
CONF
    H --config "$HS_RUN/ceph.conf" report --format json -o "$HS_RUN/ceph.json" 2>/dev/null
    hs_check "ceph: deadline 1.7 refused at file:line with the minimum" \
        jq -e '.targets[] | select(.name == "c1") | .error | test("ceph.conf:4: .*deadline.*at least 2")' "$HS_RUN/ceph.json"
    hs_check "ceph: deadline 2.0 accepted" \
        jq -e '.targets[] | select(.name == "c2") | .error | test("configuration") | not' "$HS_RUN/ceph.json"
    cat > "$HS_RUN/ceph2.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state"; deadline = 1.0; };
targets = ( { name = "c3"; plugin = "ceph"; conf = "$HS_RUN/none.ceph.conf"; } );
CONF
    H --config "$HS_RUN/ceph2.conf" report --format json -o "$HS_RUN/ceph2.json" 2>/dev/null
    hs_check "ceph: a global deadline of 1 s refused too" \
        jq -e '.targets[0].error | test("deadline.*at least 2")' "$HS_RUN/ceph2.json"
fi

H -q plugins > "$HS_RUN/plugins.out"
hs_check "plugins lists test" grep -q "^test .*synthetic" "$HS_RUN/plugins.out"
hs_done
