#!/bin/bash
# The state directory as root: whatever is planted in it (a symlink, a FIFO)
# or wrong with it (writable by others) must never make root create, append
# to or hang on another file. The report is what the user keeps: it must
# still be written whenever only the history is at stake.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd jq timeout mkfifo
[ "$(id -u)" = 0 ] || hs_skip "needs root"
hs_mkrun
H() { timeout 30 "$HASCOUT_BIN" "$@"; }
ST=$HS_RUN/state

cat > "$HS_RUN/a.conf" <<CONF
hascout = { state_dir = "$ST"; lock = "skip"; };
targets = (
  { name = "up"; plugin = "test"; components = ( { id = "n1"; state = "UP"; } ); },
  { name = "warn"; plugin = "test"; components = ( { id = "n1"; state = "DEGRADED"; } ); }
);
CONF
run() { # NAME: report to $HS_RUN/NAME.json, stderr to NAME.err, exit code to $rc
    H --config "$HS_RUN/a.conf" report -f json -o "$HS_RUN/$1.json" 2> "$HS_RUN/$1.err"
    rc=$?
    cat "$HS_RUN/$1.err" >&2
}
report_ok() { test -s "$HS_RUN/$1.json" && jq -e '.status == "WARNING" and (.targets | length) == 2' "$HS_RUN/$1.json" >/dev/null; }

# a clean run first: the state dir is created 0750 and works
run clean
hs_check "clean run: exit WARNING" test "$rc" -eq 1
hs_check "clean run: report" report_ok clean
hs_check "clean run: state dir 0750" test "$(stat -c %a "$ST")" = 750
hs_check "clean run: history has a line" test "$(wc -l < "$ST/history.jsonl")" -eq 1

# 1. history.jsonl replaced by a symlink to a file that does not exist yet
mv "$ST/history.jsonl" "$HS_RUN/saved.jsonl"
ln -s "$HS_RUN/victim-new" "$ST/history.jsonl"
run link1
hs_check "history symlink: no file created through it" test ! -e "$HS_RUN/victim-new"
hs_check "history symlink: report written" report_ok link1
hs_check "history symlink: exit is the targets' status" test "$rc" -eq 1
hs_check "history symlink: warning names the file" \
    grep -q "history not written: .*$ST/history.jsonl" "$HS_RUN/link1.err"
# 2. ... to an existing file: never appended to
rm "$ST/history.jsonl"
printf 'precious\n' > "$HS_RUN/victim-old"
ln -s "$HS_RUN/victim-old" "$ST/history.jsonl"
run link2
hs_check "history symlink to a file: not appended" test "$(cat "$HS_RUN/victim-old")" = precious
hs_check "history symlink to a file: report written" report_ok link2
rm "$ST/history.jsonl"; mv "$HS_RUN/saved.jsonl" "$ST/history.jsonl"

# 3. a FIFO named like a rotated history file must not hang the run
mkfifo "$ST/history.jsonl.1"
start=$(date +%s)
run fifo
hs_check "FIFO history.jsonl.1: the run did not hang" test "$rc" -ne 124
hs_check "FIFO history.jsonl.1: report written" report_ok fifo
hs_check "FIFO history.jsonl.1: exit is the targets' status" test "$rc" -eq 1
hs_check "FIFO history.jsonl.1: warning names it" grep -q "history.jsonl.1.*not a regular file" "$HS_RUN/fifo.err"
hs_check "FIFO history.jsonl.1: still a FIFO" test -p "$ST/history.jsonl.1"
rm -f "$ST/history.jsonl.1"

# 4. the lock file replaced by a symlink: root must not create the target
mv "$ST/hascout.lock" "$HS_RUN/saved.lock"
ln -s "$HS_RUN/victim-lock" "$ST/hascout.lock"
run lock
hs_check "lock symlink: no file created through it" test ! -e "$HS_RUN/victim-lock"
hs_check "lock symlink: refused, naming the file" grep -q "$ST/hascout.lock" "$HS_RUN/lock.err"
# the report is what the user keeps: it is written, unlocked, with no history
hs_check "lock symlink: report still written, exit = targets' status" \
    sh -c "test $rc -eq 1 && jq -e '.status == \"WARNING\"' '$HS_RUN/lock.json' >/dev/null"
hs_check "lock symlink: warns run not locked, history not written" \
    grep -q "warning: run not locked, history not written" "$HS_RUN/lock.err"
rm "$ST/hascout.lock"; mv "$HS_RUN/saved.lock" "$ST/hascout.lock"

# 5. a state dir anyone may write to is refused
chmod 0777 "$ST"
lines=$(wc -l < "$ST/history.jsonl")
run open
hs_check "world-writable state dir: refused, naming it" grep -q "$ST is writable by others" "$HS_RUN/open.err"
hs_check "world-writable state dir: report still written (WARNING)" report_ok open
hs_check "world-writable state dir: exit = targets' status" test "$rc" -eq 1
hs_check "world-writable state dir: history untouched" test "$(wc -l < "$ST/history.jsonl")" -eq "$lines"
chmod 0750 "$ST"

# 6. the lock still works after all this
run after
hs_check "after: exit WARNING" test "$rc" -eq 1
hs_check "after: history appended" test "$(wc -l < "$ST/history.jsonl")" -eq $((lines + 1))
( exec 9>>"$ST/hascout.lock"; flock 9; exec sleep 30 ) & holder=$!
hs_track_pid "$holder"
hs_wait_until 10 "! flock -n '$ST/hascout.lock' true"
run held
hs_check "lock held: run skipped (exit 3)" test "$rc" -eq 3
hs_check "lock held: says skipped" grep -q skipped "$HS_RUN/held.err"
hs_stop_pid "$holder"
hs_done
