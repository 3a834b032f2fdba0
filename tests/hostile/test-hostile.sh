#!/bin/bash
# Hostile plugins, run as root: what the user keeps (the report, the other
# targets, the lock, the exit code, the files) when a plugin misbehaves or
# attacks the root parent, the lock or the state directory.
#
#   A  the twelve misbehaviours the runner survives (crash, abort, hang,
#      exit, flood, garbage, malformed, print, SIGTERM ignored, all fds
#      closed, writes to all fds, grandchild in its group)
#   B  what a probe process may do: not root, no_new_privs, core size 0,
#      only stdin/stdout/stderr + the result pipe open; probe_user = "root"
#   C  hascout.probe_user, hascout.memory_limit (MiB) and the per-target
#      memory_limit override
#   D  constructor thread calling _exit(42)      (root parent loads plugins)
#   E  constructor ignoring SIGTERM              (root parent loads plugins)
#   F  constructor sleeping (deadline 1 s)       (root parent loads plugins)
#   G  a model in the config: unused slow plugins in the plugin dirs
#   H  untrusted plugin files: owned by nobody in a 1777 dir, not-a-plugin,
#      symlink to a nobody-owned file, relative HASCOUT_PLUGIN_PATH entry
#   I  -o onto a device node / a FIFO
#   J  a probe's setsid() grandchild must not outlive the run (nor hold the lock)
#   K  a probe calling flock(fd, LOCK_UN) on every fd must not release the lock
#   L  state dir: history.jsonl / hascout.lock symlinks, history.jsonl.1 FIFO
#   M  haproxy url "http://mon;x:SECRET@host/": the secret in no output
#   O  a probe stuck in the kernel (D state: frozen by the cgroup v1 freezer)
#      at its deadline: the run does not wait for it
#   N  secrets: a plugin and a secret readable only by root and the probe
#      user; a root-only secret reaches its own probe through the parent;
#      the probe user cannot read another target's secret
#
# Fixture plugins are built here from tests/hostile/hostile.c with ${CC:-cc}
# into private directories under $HS_RUN (trusted ones root-owned 0755).
# Needs root (else SKIP 77), jq, flock, timeout, mknod, mkfifo, pkg-config
# and libconfig's headers.
#
#   make -C BUILDDIR check TESTS=tests/hostile/test-hostile.sh
#   (by hand: HASCOUT_BIN=BUILDDIR/hascout HASCOUT_PLUGIN_PATH=BUILDDIR/plugins/.libs
#    HS_TOP_SRCDIR=SRCDIR HS_TOP_BUILDDIR=BUILDDIR SRCDIR/tests/hostile/test-hostile.sh)
#
# HS_HOSTILE_ONLY="A D K" runs some sections only; HS_LAB_KEEP=DIR keeps the
# run directory (configs, logs, reports) of a failed run.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
[ "$(id -u)" = 0 ] || hs_skip "needs root (probes as another user, chown, mknod)"
hs_need_cmd jq flock timeout mknod mkfifo sha256sum pkg-config "${CC:-cc}"
pkg-config --exists libconfig || hs_skip "libconfig development files are not installed"
id -u nobody >/dev/null 2>&1 || hs_skip "no user 'nobody'"
hs_mkrun

: "${HASCOUT_DATADIR:=$HS_TOP_SRCDIR/conf}"
export HASCOUT_DATADIR
NOBODY=$(id -u nobody)
NOGROUP=$(id -g nobody)
# the user probes run as by default (when hascout runs as root)
if id -u hascout >/dev/null 2>&1; then DEFAULT_PROBE_UID=$(id -u hascout); else DEFAULT_PROBE_UID=$NOBODY; fi
ONLY=" ${HS_HOSTILE_ONLY:-A B C D E F G H I J K L M N O} "
want() { case "$ONLY" in *" $1 "*) return 0 ;; esac; return 1; }

L=$HS_RUN/logs
MARKS=$HS_RUN/marks
T=$HS_RUN/trusted
mkdir -p "$L" "$MARKS" "$T"
chmod 1777 "$MARKS"
chmod 755 "$T"

# the built plugins: the first HASCOUT_PLUGIN_PATH entry with test.so
SRCPLUG=
IFS=: read -r -a _pp <<< "${HASCOUT_PLUGIN_PATH:-$HS_TOP_BUILDDIR/plugins/.libs}"
for d in "${_pp[@]}"; do [ -f "$d/test.so" ] && { SRCPLUG=$d; break; }; done
[ -n "$SRCPLUG" ] || hs_skip "test.so not found in HASCOUT_PLUGIN_PATH"
install -m 755 "$SRCPLUG/test.so" "$T/test.so"
[ -f "$SRCPLUG/haproxy.so" ] && install -m 755 "$SRCPLUG/haproxy.so" "$T/haproxy.so"

# build FIXTURE KIND NAME DIR [CFLAGS...] — hostile.c as DIR/NAME.so, root 0755
CFL="-shared -fPIC -pthread -O1 -I$HS_TOP_SRCDIR/core $(pkg-config --cflags libconfig)"
build() {
    local kind=$1 name=$2 dir=$3
    shift 3
    mkdir -p "$dir"
    # shellcheck disable=SC2086
    if ! "${CC:-cc}" $CFL -DHOSTILE="$kind" -DHNAME="\"$name\"" -DHMARKDIR="\"$MARKS\"" "$@" \
            -o "$dir/$name.so" "$HS_TOP_SRCDIR/tests/hostile/hostile.c" 2>"$L/cc-$name.log"; then
        cat "$L/cc-$name.log" >&2
        hs_log "cannot build fixture $name"
        exit 99
    fi
    rm -f "$L/cc-$name.log"
    chmod 755 "$dir/$name.so"
}
build 1 hprobe "$T"

# run NAME PLUGIN_PATH TIMEOUT HASCOUT-ARGS... — sets rc and wall (ms);
# stdout in $L/NAME.out.log, stderr in $L/NAME.err.log
run() {
    local name=$1 pp=$2 t=$3 s
    shift 3
    s=$(date +%s%N)
    HASCOUT_PLUGIN_PATH=$pp timeout -k 2 "$t" "$HASCOUT_BIN" "$@" \
        >"$L/$name.out.log" 2>"$L/$name.err.log"
    rc=$?
    wall=$(hs_elapsed_ms "$s")
    echo "[rc=$rc wall_ms=$wall: hascout $*]" >>"$L/$name.err.log"
    [ -s "$L/$name.out.log" ] || rm -f "$L/$name.out.log"
}

eqs() { [ "$1" = "$2" ] || { hs_log "got '$1', expected '$2'"; return 1; }; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a + 0 <= b + 0) }' ||
           { hs_log "got '$1', expected <= $2"; return 1; }; }
lt_ms() { [ "$1" -lt "$2" ] || { hs_log "took $1 ms, expected < $2 ms"; return 1; }; }
st() { jq -r --arg n "$2" '.targets[] | select(.name == $n) | .status' "$1" 2>/dev/null; }
terr() { jq -r --arg n "$2" '.targets[] | select(.name == $n) | .error // ""' "$1" 2>/dev/null; }
met() {
    jq -r --arg n "$2" --arg m "$3" '.targets[] | select(.name == $n) | .components[]
        | select(.id == "self") | .metrics[] | select(.name == $m) | .value' "$1" 2>/dev/null
}
json_ok() { jq -e '.targets | type == "array"' "$1" >/dev/null 2>&1 || { hs_log "$1: no valid report"; return 1; }; }
hist_lines() { if [ -f "$1/history.jsonl" ]; then wc -l <"$1/history.jsonl"; else echo 0; fi; }
hist_valid() { [ -f "$1/history.jsonl" ] && jq -e . "$1/history.jsonl" >/dev/null 2>&1; }
lock_free() { flock -n "$1/hascout.lock" true; }
no_file() { [ ! -e "$1" ] || { hs_log "$1 exists: $(head -c 200 "$1")"; return 1; }; }
# no_plugin_mapped PID — no fixture plugin (all live under $HS_RUN) is mapped
# into process PID (a running hascout parent)
no_plugin_mapped() {
    local m
    [ -r "/proc/$1/maps" ] || { hs_log "pid $1 is gone"; return 1; }
    m=$(grep -F "$HS_RUN/" "/proc/$1/maps" | awk '{print $NF}' | sort -u | tr '\n' ' ')
    [ -z "$m" ] || { hs_log "the parent (pid $1) maps: $m"; return 1; }
}
# dead_after PIDFILE — the process whose pid is in PIDFILE is gone (2 s grace
# for SIGKILL delivery and reaping)
dead_after() {
    local p
    p=$(cat "$1" 2>/dev/null)
    [ -n "$p" ] || { hs_log "$1: no pid written"; return 1; }
    hs_wait_until 2 "! hs_alive $p" || { hs_log "pid $p ($(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null)) still alive"; return 1; }
}
# the lingerers the fixtures start are ours: stop them at exit, by pid,
# only while they still are the hostile fixture's sleeping fork
reap_pidfile() {
    local p
    p=$(awk 'NR == 1 {print $1}' "$1" 2>/dev/null) || return 0
    [ -n "$p" ] && [ -r "/proc/$p/status" ] && grep -q "$(basename "$HASCOUT_BIN")" "/proc/$p/comm" 2>/dev/null &&
        kill -KILL "$p" 2>/dev/null
    return 0
}
hs_on_exit 'for f in "$MARKS"/*.pid "$MARKS"/*.probing; do reap_pidfile "$f"; done'

good_target='{ name = "good"; plugin = "test"; components = ( { id = "n1"; state = "UP"; } ); }'

# ---------------------------------------------------------------- A
if want A; then
    SA=$HS_RUN/state-a
    cat >"$HS_RUN/a.conf" <<CONF
hascout = { state_dir = "$SA"; lock = "skip"; deadline = 2.0; max_parallel = 16; };
targets = (
  $good_target,
  { name = "crash";     plugin = "test"; behaviour = "crash";     components = ( { id = "n1"; } ); },
  { name = "abort";     plugin = "test"; behaviour = "abort";     components = ( { id = "n1"; } ); },
  { name = "hang";      plugin = "test"; behaviour = "hang";      components = ( { id = "n1"; } ); },
  { name = "exit";      plugin = "test"; behaviour = "exit";      components = ( { id = "n1"; } ); },
  { name = "flood";     plugin = "test"; behaviour = "flood";     components = ( { id = "n1"; } ); },
  { name = "garbage";   plugin = "test"; behaviour = "garbage";   components = ( { id = "n1"; } ); },
  { name = "malformed"; plugin = "test"; behaviour = "malformed"; components = ( { id = "n1"; } ); },
  { name = "print";     plugin = "test"; behaviour = "print";     components = ( { id = "n1"; } ); },
  { name = "sigterm";   plugin = "hprobe"; behaviour = "sigterm"; },
  { name = "closefds";  plugin = "hprobe"; behaviour = "closefds"; },
  { name = "writefds";  plugin = "hprobe"; behaviour = "writefds"; },
  { name = "grandchild"; plugin = "hprobe"; behaviour = "grandchild"; pidfile = "$MARKS/a-grandchild.pid"; }
);
CONF
    run a "$T" 30 --config "$HS_RUN/a.conf" report -f json -o "$HS_RUN/a.json"
    hs_check "A: run with 12 misbehaving targets ends in < 10 s" lt_ms "$wall" 10000
    hs_check "A: exit code 3 (the worst status)" eqs "$rc" 3
    hs_check "A: report written" json_ok "$HS_RUN/a.json"
    hs_check "A: report's exit_code matches" eqs "$(jq .exit_code "$HS_RUN/a.json" 2>/dev/null)" "$rc"
    hs_check "A: all 13 targets reported" eqs "$(jq '.targets | length' "$HS_RUN/a.json" 2>/dev/null)" 13
    hs_check "A: the good target is OK" eqs "$(st "$HS_RUN/a.json" good)" OK
    for t in crash abort hang exit flood garbage malformed sigterm closefds writefds; do
        hs_check "A: $t target is UNKNOWN" eqs "$(st "$HS_RUN/a.json" $t)" UNKNOWN
    done
    hs_check "A: print target is OK" eqs "$(st "$HS_RUN/a.json" print)" OK
    hs_check "A: grandchild target reported" test -n "$(st "$HS_RUN/a.json" grandchild)"
    hs_check "A: the grandchild (same group) did not outlive the run" dead_after "$MARKS/a-grandchild.pid"
    hs_check "A: history got exactly one valid line" eqs "$(hist_lines "$SA")" 1
    hs_check "A: history is valid JSON lines" hist_valid "$SA"
    hs_check "A: lock free after the run" lock_free "$SA"
    hs_check "A: lock file not written by probes (writes to all fds)" eqs "$(stat -c %s "$SA/hascout.lock" 2>/dev/null)" 0
    hs_check "A: no temp files beside the report" eqs "$(ls "$HS_RUN" | grep -c '^a\.json\.')" 0
fi

# ---------------------------------------------------------------- B
if want B; then
    cat >"$HS_RUN/b.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state-b"; deadline = 5.0; };
targets = (
  { name = "obs"; plugin = "hprobe"; behaviour = "observe"; },
  { name = "obsroot"; plugin = "hprobe"; behaviour = "observe"; probe_user = "root"; },
  { name = "obscap"; plugin = "hprobe"; behaviour = "observe"; probe_caps = ["net_raw"]; }
);
CONF
    run b "$T" 30 --config "$HS_RUN/b.conf" report -f json -o "$HS_RUN/b.json"
    hs_check "B: report written" json_ok "$HS_RUN/b.json"
    hs_check "B: observer target OK" eqs "$(st "$HS_RUN/b.json" obs)" OK
    u=$(met "$HS_RUN/b.json" obs uid)
    hs_check "B: probe does not run as root (uid $u)" test -n "$u" -a "$u" != 0
    hs_check "B: probe's euid is not root" test "$(met "$HS_RUN/b.json" obs euid)" != 0
    hs_check "B: default probe user is 'hascout' if it exists, else 'nobody'" eqs "$u" "$DEFAULT_PROBE_UID"
    hs_check "B: probe has no_new_privs" eqs "$(met "$HS_RUN/b.json" obs no_new_privs)" 1
    hs_check "B: probe's core size limit is 0" eqs "$(met "$HS_RUN/b.json" obs core_soft)" 0
    fds=$(jq -r '.targets[] | select(.name == "obs") | .components[0].labels.fds' "$HS_RUN/b.json" 2>/dev/null)
    hs_check "B: probe has at most 4 fds open (has: $fds)" le "$(met "$HS_RUN/b.json" obs nfds)" 4
    hs_check "B: probe_user = \"root\" keeps root" eqs "$(met "$HS_RUN/b.json" obsroot uid)" 0
    hs_check "B: a probe without probe_caps has no CAP_NET_RAW" eqs "$(met "$HS_RUN/b.json" obs cap_net_raw)" 0
    hs_check "B: probe_caps = [\"net_raw\"]: CAP_NET_RAW in CapEff" eqs "$(met "$HS_RUN/b.json" obscap cap_net_raw)" 1
    hs_check "B: probe_caps: still the probe user" eqs "$(met "$HS_RUN/b.json" obscap uid)" "$DEFAULT_PROBE_UID"
    hs_check "B: probe_caps: nothing else of root's (no CAP_SETUID)" eqs "$(met "$HS_RUN/b.json" obscap cap_setuid)" 0
    hs_check "B: probe_caps: no_new_privs stays on" eqs "$(met "$HS_RUN/b.json" obscap no_new_privs)" 1
    cat >"$HS_RUN/b-badcap.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state-b"; };
targets = ( { name = "obs"; plugin = "hprobe"; behaviour = "observe"; probe_caps = ["sys_admin"]; } );
CONF
    "$HASCOUT_BIN" --config "$HS_RUN/b-badcap.conf" check >"$HS_RUN/b-badcap.out" 2>&1
    hs_check "B: probe_caps = [\"sys_admin\"] is refused with a clear error" \
        grep -q "probe_caps: 'sys_admin' is not allowed" "$HS_RUN/b-badcap.out"
fi

# ---------------------------------------------------------------- C
if want C; then
    cat >"$HS_RUN/c.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state-c"; deadline = 10.0; probe_user = "nobody"; memory_limit = 256; };
targets = (
  $good_target,
  { name = "obs"; plugin = "hprobe"; behaviour = "observe"; },
  { name = "obs128"; plugin = "hprobe"; behaviour = "observe"; memory_limit = 128; },
  { name = "hog"; plugin = "hprobe"; behaviour = "hog"; mib = 768; }
);
CONF
    run c "$T" 30 --config "$HS_RUN/c.conf" report -f json -o "$HS_RUN/c.json"
    hs_check "C: probe_user/memory_limit config accepted, report written" json_ok "$HS_RUN/c.json"
    hs_check "C: probe_user = \"nobody\": probe uid is nobody's" eqs "$(met "$HS_RUN/c.json" obs uid)" "$NOBODY"
    memlim() {  # what the probe may still map (bytes): the tighter of RLIMIT_AS and
                # RLIMIT_DATA less what it has mapped (VmData: a sanitizer's shadow
                # memory counts there), -1: no limit
        jq -r --arg n "$2" '[.targets[] | select(.name == $n) | .components[] | select(.id == "self")
            | (.metrics | map({(.name): .value}) | add) as $m
            | ($m.as_soft, $m.data_soft) | select(. >= 0) | . - ($m.data_vm // 0)] | min // -1' "$1" 2>/dev/null
    }
    lim_ok() { [ -n "$1" ] && [ "$1" != -1 ] && [ "$1" != null ] && le "$1" "$2"; }
    hs_check "C: memory_limit = 256: probe's memory limit <= 256 MiB" lim_ok "$(memlim "$HS_RUN/c.json" obs)" $((256 << 20))
    hs_check "C: per-target memory_limit = 128: limit <= 128 MiB" lim_ok "$(memlim "$HS_RUN/c.json" obs128)" $((128 << 20))
    hs_check "C: a probe touching 768 MiB under a 256 MiB limit is UNKNOWN" eqs "$(st "$HS_RUN/c.json" hog)" UNKNOWN
    hs_check "C: the good target is OK" eqs "$(st "$HS_RUN/c.json" good)" OK
fi

# ---------------------------------------------------------------- D
if want D; then
    build 2 hctorexit "$HS_RUN/ctor-exit"
    SD=$HS_RUN/state-d
    cat >"$HS_RUN/d.conf" <<CONF
hascout = { state_dir = "$SD"; deadline = 5.0; };
targets = ( $good_target, { name = "bad"; plugin = "hctorexit"; } );
CONF
    run d "$T:$HS_RUN/ctor-exit" 30 --config "$HS_RUN/d.conf" report -f json -o "$HS_RUN/d.json"
    hs_check "D: ctor thread _exit(42): run does not exit 42" test "$rc" != 42
    hs_check "D: ctor thread _exit(42): exit code 3 (worst status)" eqs "$rc" 3
    hs_check "D: ctor thread _exit(42): report written" json_ok "$HS_RUN/d.json"
    hs_check "D: ctor thread _exit(42): other target OK" eqs "$(st "$HS_RUN/d.json" good)" OK
    hs_check "D: ctor thread _exit(42): bad target UNKNOWN" eqs "$(st "$HS_RUN/d.json" bad)" UNKNOWN
    hs_check "D: ctor thread _exit(42): history got its line" eqs "$(hist_lines "$SD")" 1
fi

# ---------------------------------------------------------------- E
if want E; then
    build 3 hctorsig "$HS_RUN/ctor-sig"
    cat >"$HS_RUN/e.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state-e"; deadline = 15.0; };
targets = ( $good_target, { name = "sig"; plugin = "hctorsig"; delay = 8.0; } );
CONF
    HASCOUT_PLUGIN_PATH="$T:$HS_RUN/ctor-sig" "$HASCOUT_BIN" --config "$HS_RUN/e.conf" report \
        -f json -o "$HS_RUN/e.json" >"$L/e.out.log" 2>"$L/e.err.log" &
    epid=$!
    hs_track_pid "$epid"
    hs_check "E: the probe of the SIGTERM-ignoring plugin starts" \
        hs_wait_until 10 "[ -e '$MARKS/hctorsig.probing' ]"
    hs_check "E: the root parent maps no plugin while its probes run" no_plugin_mapped "$epid"
    sigign=$(awk '/^SigIgn:/ {print $2}' "/proc/$epid/status" 2>/dev/null)
    hs_log "E: parent SigIgn = $sigign"
    hs_check "E: ctor SIG_IGN: the parent does not ignore SIGTERM" \
        test -n "$sigign" -a $(( 0x${sigign:-0} & (1 << 14) )) -eq 0
    kill -TERM "$epid" 2>/dev/null
    hs_check "E: ctor SIG_IGN: SIGTERM ends the run within 3 s" hs_wait_until 3 "! hs_alive $epid"
    hs_stop_pid "$epid" 3
fi

# ---------------------------------------------------------------- F
if want F; then
    build 4 hctorsleep "$HS_RUN/ctor-sleep" -DHSLEEP=4
    cat >"$HS_RUN/f.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state-f"; deadline = 1.0; };
targets = ( $good_target, { name = "slow"; plugin = "hctorsleep"; } );
CONF
    run f "$T:$HS_RUN/ctor-sleep" 30 --config "$HS_RUN/f.conf" report -f json -o "$HS_RUN/f.json"
    hs_check "F: ctor sleeping 4 s, deadline 1 s: run ends in < 3.5 s" lt_ms "$wall" 3500
    hs_check "F: ctor sleep: exit code 3" eqs "$rc" 3
    hs_check "F: ctor sleep: report written" json_ok "$HS_RUN/f.json"
    hs_check "F: ctor sleep: other target OK" eqs "$(st "$HS_RUN/f.json" good)" OK
    hs_check "F: ctor sleep: slow target UNKNOWN" eqs "$(st "$HS_RUN/f.json" slow)" UNKNOWN
fi

# ---------------------------------------------------------------- G
if want G; then
    build 4 hslowa "$HS_RUN/model-dir" -DHSLEEP=6
    build 4 hslowb "$HS_RUN/model-dir" -DHSLEEP=6
    cat >"$HS_RUN/g.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state-g"; deadline = 1.0; };
targets = ( { name = "db"; plugin = "test"; components = ( { id = "db1"; }, { id = "db2"; } ); } );
model = {
  components = (
    { name = "db1"; technology = "galera"; mttf = 4380.0; mttr = 8.0; live = { target = "db"; component = "db1"; }; },
    { name = "db2"; technology = "galera"; mttf = 4380.0; mttr = 8.0; live = { target = "db"; component = "db2"; }; }
  );
  gates = ( { name = "db_down"; type = "and"; inputs = [ "db1", "db2" ]; } );
  services = ( { name = "Database"; top = "db_down"; importance = 3.0; target = 0.999; } );
};
CONF
    run g "$T:$HS_RUN/model-dir" 40 --config "$HS_RUN/g.conf" report -f json -o "$HS_RUN/g.json"
    hs_check "G: model + 2 unused slow-ctor plugins: report in < 4 s" lt_ms "$wall" 4000
    hs_check "G: model: report written" json_ok "$HS_RUN/g.json"
    hs_check "G: model: exit code is the report's" eqs "$rc" "$(jq .exit_code "$HS_RUN/g.json" 2>/dev/null)"
fi

# ---------------------------------------------------------------- H
if want H; then
    WW=$HS_RUN/world-writable NB=$HS_RUN/nobodys LK=$HS_RUN/links
    build 5 huntrust "$WW"
    build 6 hnotplug "$WW"
    build 5 hlinked "$NB"
    chmod 1777 "$WW"
    chown nobody:"$NOGROUP" "$WW/huntrust.so" "$WW/hnotplug.so" "$NB" "$NB/hlinked.so"
    mkdir -p "$LK" && chmod 755 "$LK"
    ln -s "$NB/hlinked.so" "$LK/hlinked.so"
    cat >"$HS_RUN/h.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state-h"; deadline = 5.0; };
targets = ( $good_target,
  { name = "u1"; plugin = "huntrust"; },
  { name = "u2"; plugin = "hlinked"; } );
CONF
    run h "$T:$WW:$LK" 30 --config "$HS_RUN/h.conf" report -f json -o "$HS_RUN/h.json"
    hs_check "H: report written" json_ok "$HS_RUN/h.json"
    hs_check "H: the good target is OK" eqs "$(st "$HS_RUN/h.json" good)" OK
    hs_check "H: nobody's .so in a 1777 dir: target UNKNOWN" eqs "$(st "$HS_RUN/h.json" u1)" UNKNOWN
    hs_check "H: nobody's .so in a 1777 dir: refused, with the reason" \
        grep -Eqi 'refus|trust|owner|writable' <<<"$(terr "$HS_RUN/h.json" u1)"
    hs_check "H: symlink to nobody's .so: target UNKNOWN" eqs "$(st "$HS_RUN/h.json" u2)" UNKNOWN
    hs_check "H: symlink to nobody's .so: refused, with the reason" \
        grep -Eqi 'refus|trust|owner|link' <<<"$(terr "$HS_RUN/h.json" u2)"
    run hp "$WW:$LK" 30 plugins
    hs_check "H: plugins: exits 1 (it lists refused plugins)" eqs "$rc" 1
    for p in huntrust hnotplug hlinked; do
        hs_check "H: plugins: $p listed as refused" \
            sh -c "grep -A1 '^$p ' '$L/hp.out.log' | grep -q 'refused:'"
    done
    hs_check "H: untrusted plugin's constructor never ran" no_file "$MARKS/huntrust.ctor"
    hs_check "H: untrusted not-a-plugin's constructor never ran" no_file "$MARKS/hnotplug.ctor"
    hs_check "H: symlinked plugin's constructor never ran" no_file "$MARKS/hlinked.ctor"

    # a relative HASCOUT_PLUGIN_PATH entry must not resolve against the cwd
    CWD=$HS_RUN/cwd
    build 5 hrel "$CWD/rel"
    chmod 755 "$CWD" "$CWD/rel"
    cat >"$HS_RUN/hr.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state-hr"; deadline = 5.0; };
targets = ( $good_target, { name = "r"; plugin = "hrel"; } );
CONF
    (cd "$CWD" && run hr "rel:$T" 30 --config "$HS_RUN/hr.conf" report -f json -o "$HS_RUN/hr.json")
    hs_check "H: relative plugin path: report written" json_ok "$HS_RUN/hr.json"
    hs_check "H: relative plugin path: good target OK" eqs "$(st "$HS_RUN/hr.json" good)" OK
    hs_check "H: relative plugin path entry ignored: target UNKNOWN" eqs "$(st "$HS_RUN/hr.json" r)" UNKNOWN
    hs_check "H: relative plugin path: constructor never ran" no_file "$MARKS/hrel.ctor"
fi

# ---------------------------------------------------------------- I
if want I; then
    DEV=$HS_RUN/dev
    mkdir -p "$DEV"
    # a private copy of the null device: never the real /dev/null
    mknod "$DEV/null" c 1 3 && chmod 666 "$DEV/null"
    mkfifo "$DEV/fifo"
    cat >"$HS_RUN/i.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state-i"; deadline = 5.0; };
targets = ( $good_target );
CONF
    run i1 "$T" 20 --config "$HS_RUN/i.conf" report -f json -o "$DEV/null"
    hs_check "I: -o onto a device node: run ends" test "$rc" != 124
    hs_check "I: -o onto a device node leaves it a device (1,3)" \
        eqs "$(stat -c '%F %t,%T' "$DEV/null")" "character special file 1,3"
    cat "$DEV/fifo" >"$DEV/fifo.read" 2>/dev/null &
    rpid=$!
    hs_track_pid "$rpid"
    run i2 "$T" 20 --config "$HS_RUN/i.conf" report -f json -o "$DEV/fifo"
    hs_check "I: -o onto a FIFO: run ends" test "$rc" != 124
    hs_check "I: -o onto a FIFO leaves it a FIFO" eqs "$(stat -c %F "$DEV/fifo")" "fifo"
    hs_stop_pid "$rpid" 2
fi

# ---------------------------------------------------------------- J
if want J; then
    SJ=$HS_RUN/state-j
    mkconf_j() {
        cat >"$HS_RUN/j$1.conf" <<CONF
hascout = { state_dir = "$SJ"; lock = "skip"; deadline = 2.0; };
targets = ( $good_target,
  { name = "orphan"; plugin = "hprobe"; behaviour = "setsid"; pidfile = "$MARKS/j$1-orphan.pid"; } );
CONF
    }
    mkconf_j 1
    mkconf_j 2
    run j1 "$T" 20 --config "$HS_RUN/j1.conf" report -f json -o "$HS_RUN/j1.json"
    hs_check "J: setsid grandchild: run ends in < 10 s" lt_ms "$wall" 10000
    hs_check "J: setsid grandchild: report written" json_ok "$HS_RUN/j1.json"
    hs_check "J: setsid grandchild: other target OK" eqs "$(st "$HS_RUN/j1.json" good)" OK
    hs_check "J: setsid grandchild does not outlive the run" dead_after "$MARKS/j1-orphan.pid"
    hs_check "J: lock free after the run" lock_free "$SJ"
    run j2 "$T" 20 --config "$HS_RUN/j2.conf" report -f json -o "$HS_RUN/j2.json"
    hs_check "J: the next run takes the lock (not skipped)" \
        sh -c "! grep -q 'another run holds the lock' '$L/j2.err.log'"
    hs_check "J: the next run writes its report" json_ok "$HS_RUN/j2.json"
    hs_check "J: history has both runs" eqs "$(hist_lines "$SJ")" 2
fi

# ---------------------------------------------------------------- K
if want K; then
    SK=$HS_RUN/state-k
    cat >"$HS_RUN/k1.conf" <<CONF
hascout = { state_dir = "$SK"; lock = "skip"; deadline = 15.0; };
targets = ( { name = "unlock"; plugin = "hprobe"; behaviour = "unlock"; delay = 4.0;
              pidfile = "$MARKS/k-unlocked"; } );
CONF
    cat >"$HS_RUN/k2.conf" <<CONF
hascout = { state_dir = "$SK"; lock = "skip"; deadline = 5.0; };
targets = ( $good_target );
CONF
    HASCOUT_PLUGIN_PATH=$T "$HASCOUT_BIN" --config "$HS_RUN/k1.conf" report -f json \
        -o "$HS_RUN/k1.json" >"$L/k1.out.log" 2>"$L/k1.err.log" &
    kpid=$!
    hs_track_pid "$kpid"
    hs_check "K: the unlocking probe ran" hs_wait_until 10 "[ -e '$MARKS/k-unlocked' ]"
    hs_check "K: the first run still runs" hs_alive "$kpid"
    hs_check "K: the root parent maps no plugin while its probe runs" no_plugin_mapped "$kpid"
    run k2 "$T" 20 --config "$HS_RUN/k2.conf" report -f json -o "$HS_RUN/k2.json"
    hs_check "K: flock(LOCK_UN) in a probe: the second run is skipped (exit 3)" eqs "$rc" 3
    hs_check "K: the second run says another run holds the lock" \
        grep -q 'another run holds the lock' "$L/k2.err.log"
    hs_check "K: the second run wrote no report" no_file "$HS_RUN/k2.json"
    hs_wait_until 20 "! hs_alive $kpid"
    wait "$kpid"
    krc=$?
    hs_check "K: the first run ends OK" eqs "$krc" 0
    hs_check "K: only the first run appended history" eqs "$(hist_lines "$SK")" 1
fi

# ---------------------------------------------------------------- L
if want L; then
    lconf() {
        cat >"$HS_RUN/$1.conf" <<CONF
hascout = { state_dir = "$2"; deadline = 5.0; };
targets = ( $good_target );
CONF
    }
    # L1: history.jsonl is a symlink to a file root must not append to
    S=$HS_RUN/state-l1
    mkdir -p "$S" && chmod 750 "$S"
    printf 'precious\n' >"$HS_RUN/victim"
    sum=$(sha256sum <"$HS_RUN/victim")
    ln -s "$HS_RUN/victim" "$S/history.jsonl"
    lconf l1 "$S"
    run l1 "$T" 20 --config "$HS_RUN/l1.conf" report -f json -o "$HS_RUN/l1.json"
    hs_check "L: history.jsonl symlink: run ends in < 10 s" lt_ms "$wall" 10000
    hs_check "L: history.jsonl symlink: report written" json_ok "$HS_RUN/l1.json"
    hs_check "L: history.jsonl symlink: exit code 0 (all OK)" eqs "$rc" 0
    hs_check "L: history.jsonl symlink: the target file is untouched" eqs "$(sha256sum <"$HS_RUN/victim")" "$sum"
    # L2: hascout.lock is a dangling symlink: root must not create its target
    S=$HS_RUN/state-l2
    mkdir -p "$S" && chmod 750 "$S"
    ln -s "$HS_RUN/created-by-root" "$S/hascout.lock"
    lconf l2 "$S"
    run l2 "$T" 20 --config "$HS_RUN/l2.conf" report -f json -o "$HS_RUN/l2.json"
    hs_check "L: hascout.lock symlink: run ends in < 10 s" lt_ms "$wall" 10000
    hs_check "L: hascout.lock symlink: its target is not created" no_file "$HS_RUN/created-by-root"
    hs_check "L: hascout.lock symlink: report written" json_ok "$HS_RUN/l2.json"
    # L3: a FIFO named history.jsonl.1
    S=$HS_RUN/state-l3
    mkdir -p "$S" && chmod 750 "$S"
    mkfifo "$S/history.jsonl.1"
    lconf l3 "$S"
    run l3 "$T" 20 --config "$HS_RUN/l3.conf" report -f json -o "$HS_RUN/l3.json"
    hs_check "L: history.jsonl.1 FIFO: run ends in < 10 s" lt_ms "$wall" 10000
    hs_check "L: history.jsonl.1 FIFO: report written" json_ok "$HS_RUN/l3.json"
    hs_check "L: history.jsonl.1 FIFO: exit code 0 (all OK)" eqs "$rc" 0
    hs_check "L: history.jsonl.1 FIFO: lock free after the run" lock_free "$S"
fi

# ---------------------------------------------------------------- M
if want M; then
    if [ -f "$T/haproxy.so" ]; then
        SECRET=Hs7PASSWORDq2
        cat >"$HS_RUN/m.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state-m"; deadline = 3.0; };
targets = ( $good_target,
  { name = "hap"; plugin = "haproxy"; url = "http://mon;x:$SECRET@127.0.0.1:1/"; } );
CONF
        chmod 600 "$HS_RUN/m.conf"
        nosecret() {  # FILE... hold no trace of the secret
            local f bad=0
            for f in "$@"; do
                [ -e "$f" ] || continue
                grep -q "$SECRET" "$f" && { hs_log "the secret appears in $f: $(grep -m1 -o ".\{0,40\}$SECRET" "$f")"; bad=1; }
            done
            return $bad
        }
        for f in text json html prometheus; do
            run "m-$f" "$T" 20 -v --config "$HS_RUN/m.conf" report -f "$f"
            run "m-o-$f" "$T" 20 --config "$HS_RUN/m.conf" report -f "$f" -o "$HS_RUN/m-out.$f"
            hs_check "M: url password not in report -f $f (stdout, -o file, stderr)" \
                nosecret "$L/m-$f.out.log" "$L/m-$f.err.log" "$HS_RUN/m-out.$f" "$L/m-o-$f.err.log"
        done
        run m-check "$T" 20 -v --config "$HS_RUN/m.conf" check
        hs_check "M: url password not in check output" nosecret "$L/m-check.out.log" "$L/m-check.err.log"
        run m-probe "$T" 20 -v --config "$HS_RUN/m.conf" probe
        run m-probe1 "$T" 20 -v --config "$HS_RUN/m.conf" probe hap
        hs_check "M: url password not in probe output" \
            nosecret "$L/m-probe.out.log" "$L/m-probe.err.log" "$L/m-probe1.out.log" "$L/m-probe1.err.log"
        hs_check "M: url password not in the state dir (history)" nosecret "$HS_RUN"/state-m/*
        hs_check "M: the haproxy target is not OK (nothing listens)" \
            test "$(st "$L/m-json.out.log" hap)" != OK
    else
        hs_log "M: haproxy.so not built: skipping the secret check"
    fi
fi

# ---------------------------------------------------------------- N
if want N; then
    # the plugin: readable by root and the probe user's group only
    PN=$HS_RUN/plugins-n
    mkdir -p "$PN" "$HS_RUN/sec"
    chmod 755 "$PN" "$HS_RUN/sec"
    install -m 640 -g "$NOGROUP" "$T/hprobe.so" "$PN/hprobe.so"
    printf 'alpha-secret\n' >"$HS_RUN/sec/a.pass"   # root and the probe user
    chgrp "$NOGROUP" "$HS_RUN/sec/a.pass"
    chmod 640 "$HS_RUN/sec/a.pass"
    printf 'bravo-secret\n' >"$HS_RUN/sec/b.pass"   # root only
    chmod 600 "$HS_RUN/sec/b.pass"
    cat >"$HS_RUN/n.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state-n"; deadline = 5.0; probe_user = "nobody"; };
targets = (
  { name = "ta"; plugin = "hprobe"; behaviour = "secret"; password_file = "$HS_RUN/sec/a.pass";
    expect = "alpha-secret"; steal = "$HS_RUN/sec/b.pass"; },
  { name = "tb"; plugin = "hprobe"; behaviour = "secret"; password_file = "$HS_RUN/sec/b.pass";
    expect = "bravo-secret"; }
);
CONF
    chmod 600 "$HS_RUN/n.conf"
    run n "$PN" 20 --config "$HS_RUN/n.conf" report -f json -o "$HS_RUN/n.json"
    hs_check "N: report written" json_ok "$HS_RUN/n.json"
    hs_check "N: plugin readable by root and the probe user only: loads, target OK" \
        eqs "$(st "$HS_RUN/n.json" ta)" OK
    hs_check "N: a secret the probe user may read: read by the probe" \
        eqs "$(met "$HS_RUN/n.json" ta secret_ok)" 1
    hs_check "N: a root-only secret: read by the root parent for its own probe" \
        eqs "$(met "$HS_RUN/n.json" tb secret_ok)" 1
    hs_check "N: the probe user cannot read another target's secret (EACCES)" \
        eqs "$(met "$HS_RUN/n.json" ta steal_errno)" 13
    hs_check "N: no secret in the report" sh -c "! grep -q 'alpha-secret\|bravo-secret' '$HS_RUN/n.json'"
fi

# ---------------------------------------------------------------- O
if want O; then
    FZ=/sys/fs/cgroup/freezer
    if [ -w "$FZ/tasks" ] && mkdir "$FZ/hascout-hostile-$$" 2>/dev/null; then
        CG=$FZ/hascout-hostile-$$
        # thaw first, so the killed probe can die, then remove the group
        hs_on_exit 'echo THAWED > "$CG/freezer.state" 2>/dev/null; hs_wait_until 5 "[ ! -s \"$CG/tasks\" ]"; rmdir "$CG" 2>/dev/null'
        cat >"$HS_RUN/o.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state-o"; deadline = 2.0; };
targets = ( $good_target,
  { name = "stuck"; plugin = "hprobe"; behaviour = "pidsleep"; delay = 60.0;
    pidfile = "$MARKS/o-stuck.pid"; } );
CONF
        s=$(date +%s%N)
        HASCOUT_PLUGIN_PATH=$T timeout -k 2 40 "$HASCOUT_BIN" --config "$HS_RUN/o.conf" \
            report -f json -o "$HS_RUN/o.json" >"$L/o.out.log" 2>"$L/o.err.log" &
        opid=$!
        if hs_wait_until 10 "[ -s '$MARKS/o-stuck.pid' ]"; then
            sp=$(cat "$MARKS/o-stuck.pid")
            echo "$sp" >"$CG/tasks"
            echo FROZEN >"$CG/freezer.state"
            hs_wait_until 5 "grep -q '^State:.*D' /proc/$sp/status" || hs_log "probe $sp not in D state"
        fi
        wait "$opid"
        rc=$?
        wall=$(hs_elapsed_ms "$s")
        echo "[rc=$rc wall_ms=$wall]" >>"$L/o.err.log"
        hs_check "O: a probe in D state at its deadline: run ends in < 8 s (deadline 2 s)" lt_ms "$wall" 8000
        hs_check "O: report written" json_ok "$HS_RUN/o.json"
        hs_check "O: the stuck target is UNKNOWN (timed out)" eqs "$(st "$HS_RUN/o.json" stuck)" UNKNOWN
        hs_check "O: the good target is OK" eqs "$(st "$HS_RUN/o.json" good)" OK
        echo THAWED >"$CG/freezer.state"
        hs_check "O: thawed, the killed probe dies" dead_after "$MARKS/o-stuck.pid"
    else
        hs_log "O: no writable cgroup v1 freezer here: skipping the D-state check"
    fi
fi

hs_done
