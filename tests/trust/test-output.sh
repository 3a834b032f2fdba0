#!/bin/bash
# -o as root: a FIFO, a device node (a mknod'ed copy of /dev/null, never the
# system's), a link to stdout are written in place and never replaced by a
# regular file; a FIFO without a reader fails at once instead of hanging;
# temp files of runs killed before their rename are cleaned up by the next.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd jq timeout mkfifo mknod
[ "$(id -u)" = 0 ] || hs_skip "needs root (mknod, files owned by nobody)"
hs_mkrun
cat > "$HS_RUN/a.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state"; lock = "skip"; };
targets = ( { name = "up"; plugin = "test"; components = ( { id = "n1"; state = "UP"; } ); } );
CONF
H() { timeout 30 "$HASCOUT_BIN" -q --config "$HS_RUN/a.conf" report -f json "$@"; }
is_report() { test -s "$1" && jq -e '.status == "OK" and (.targets | length) == 1' "$1" >/dev/null 2>&1; }

# 1. a FIFO with a reader
mkfifo "$HS_RUN/fifo"
timeout 20 cat "$HS_RUN/fifo" > "$HS_RUN/fifo.got" & reader=$!
hs_track_pid "$reader"
H -o "$HS_RUN/fifo"; rc=$?
wait "$reader"
hs_check "FIFO with a reader: exit OK" test "$rc" -eq 0
hs_check "FIFO with a reader: still a FIFO" test -p "$HS_RUN/fifo"
hs_check "FIFO with a reader: the reader got the report" is_report "$HS_RUN/fifo.got"

# 2. a FIFO without a reader: an error at once, no hang, the node stays
start=$(date +%s)
H -o "$HS_RUN/fifo" 2> "$HS_RUN/noreader.err"; rc=$?
hs_check "FIFO without a reader: did not hang" test "$rc" -ne 124
hs_check "FIFO without a reader: fails (exit 3)" test "$rc" -eq 3
hs_check "FIFO without a reader: says so" grep -q "FIFO without a reader" "$HS_RUN/noreader.err"
hs_check "FIFO without a reader: still a FIFO" test -p "$HS_RUN/fifo"

# 3. a character device: a copy of /dev/null made here (never the real one)
mknod -m 666 "$HS_RUN/devnull" c 1 3
H -o "$HS_RUN/devnull"; rc=$?
hs_check "device node: exit OK" test "$rc" -eq 0
hs_check "device node: still the character device 1,3" \
    test "$(stat -c '%F %t,%T' "$HS_RUN/devnull")" = "character special file 1,3"
# ... reached through a symlink root made
ln -s "$HS_RUN/devnull" "$HS_RUN/null-link"
H -o "$HS_RUN/null-link"; rc=$?
hs_check "link to a device: exit OK" test "$rc" -eq 0
hs_check "link to a device: still a link" test -L "$HS_RUN/null-link"
hs_check "link to a device: the device stays" test -c "$HS_RUN/devnull"

# 4. a link to this process's stdout (as /dev/stdout is), stdout a pipe
ln -s /proc/self/fd/1 "$HS_RUN/stdout-link"
H -o "$HS_RUN/stdout-link" | cat > "$HS_RUN/piped"
hs_check "link to stdout: the report went down the pipe" is_report "$HS_RUN/piped"
hs_check "link to stdout: still a link" test -L "$HS_RUN/stdout-link"

# 5. a regular file is still replaced atomically (a new inode), mode 0644
echo old > "$HS_RUN/out.json"; chmod 600 "$HS_RUN/out.json"
ino=$(stat -c %i "$HS_RUN/out.json")
H -o "$HS_RUN/out.json"; rc=$?
hs_check "regular file: exit OK" test "$rc" -eq 0
hs_check "regular file: the report" is_report "$HS_RUN/out.json"
hs_check "regular file: replaced by rename" test "$(stat -c %i "$HS_RUN/out.json")" != "$ino"
hs_check "regular file: mode 0644" test "$(stat -c %a "$HS_RUN/out.json")" = 644
# ... through a link root made: the file is replaced, the link kept
mkdir "$HS_RUN/real"; echo old > "$HS_RUN/real/r.json"
ln -s "$HS_RUN/real/r.json" "$HS_RUN/r-link"
H -o "$HS_RUN/r-link"
hs_check "link to a file: still a link" test -L "$HS_RUN/r-link"
hs_check "link to a file: the file it names has the report" is_report "$HS_RUN/real/r.json"

# 6. a symlink planted by another user is never written through
echo precious > "$HS_RUN/victim"
ln -s "$HS_RUN/victim" "$HS_RUN/planted"; chown -h nobody "$HS_RUN/planted"
H -o "$HS_RUN/planted"
hs_check "nobody's symlink: its target untouched" test "$(cat "$HS_RUN/victim")" = precious
hs_check "nobody's symlink: replaced by the report" is_report "$HS_RUN/planted"

# 7. temps of runs killed before their rename
mkdir "$HS_RUN/o"
tmps=".out.json.hascout-tmp"
for t in Stale1 Fresh1 Nobod1; do echo partial > "$HS_RUN/o/$tmps.$t"; done
echo partial > "$HS_RUN/o/$tmps.TooLong1"       # not mkstemp's 6 characters
echo partial > "$HS_RUN/o/.other.json.hascout-tmp.Stale2"
mkdir "$HS_RUN/o/$tmps.Dir001"
chown nobody "$HS_RUN/o/$tmps.Nobod1"
touch -d '2 hours ago' "$HS_RUN/o/$tmps.Stale1" "$HS_RUN/o/$tmps.Nobod1" \
    "$HS_RUN/o/$tmps.TooLong1" "$HS_RUN/o/.other.json.hascout-tmp.Stale2" "$HS_RUN/o/$tmps.Dir001"
touch -d '10 minutes ago' "$HS_RUN/o/$tmps.Fresh1"
H -o "$HS_RUN/o/out.json"; rc=$?
hs_check "temps: exit OK, report written" is_report "$HS_RUN/o/out.json"
hs_check "temps: a stale temp of ours is removed" test ! -e "$HS_RUN/o/$tmps.Stale1"
hs_check "temps: a recent one is kept (a run may still own it)" test -e "$HS_RUN/o/$tmps.Fresh1"
hs_check "temps: another user's is kept" test -e "$HS_RUN/o/$tmps.Nobod1"
hs_check "temps: a name off the pattern is kept" test -e "$HS_RUN/o/$tmps.TooLong1"
hs_check "temps: another output's temp is kept" test -e "$HS_RUN/o/.other.json.hascout-tmp.Stale2"
hs_check "temps: a directory is kept" test -d "$HS_RUN/o/$tmps.Dir001"
hs_check "temps: this run left none of its own" \
    test "$(ls -A "$HS_RUN/o" | grep -c "hascout-tmp")" -eq 5
hs_done
