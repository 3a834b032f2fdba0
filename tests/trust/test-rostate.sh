#!/bin/bash
# A state directory the run cannot write (a read-only mount) costs the lock
# and the history, never the report: `hascout report` writes it, warns, and
# exits with the targets' status instead of 3.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd jq timeout unshare mount
[ "$(id -u)" = 0 ] || hs_skip "needs root (a private mount namespace)"
unshare -m --propagation private true 2>/dev/null || hs_skip "cannot make a mount namespace here"
hs_mkrun
ST=$HS_RUN/state
mkdir -m 0750 "$ST"

cat > "$HS_RUN/a.conf" <<CONF
hascout = { state_dir = "$ST"; lock = "skip"; };
targets = (
  { name = "up"; plugin = "test"; components = ( { id = "n1"; state = "UP"; } ); },
  { name = "warn"; plugin = "test"; components = ( { id = "n1"; state = "DEGRADED"; } ); }
);
CONF
# ro NAME: a report run with $ST bind-mounted read-only in a private namespace
ro() {
    timeout 60 unshare -m --propagation private sh -c '
        mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 99
        exec "$2" --config "$3" report -f json -o "$4"' sh \
        "$ST" "$HASCOUT_BIN" "$HS_RUN/a.conf" "$HS_RUN/$1.json" 2> "$HS_RUN/$1.err"
    rc=$?
    cat "$HS_RUN/$1.err" >&2
    [ "$rc" -ne 99 ] || hs_skip "cannot remount read-only here"
}
report_ok() { test -s "$HS_RUN/$1.json" && jq -e '.status == "WARNING" and (.targets | length) == 2' "$HS_RUN/$1.json" >/dev/null; }

# 1. an empty read-only state dir: no lock file to lock
ro empty
hs_check "ro, empty: report written" report_ok empty
hs_check "ro, empty: exit is the targets' status (WARNING)" test "$rc" -eq 1
hs_check "ro, empty: warns the run is not locked" grep -q "warning: run not locked" "$HS_RUN/empty.err"
hs_check "ro, empty: warns history not written" grep -q "history not written: .*$ST" "$HS_RUN/empty.err"
hs_check "ro, empty: nothing created in the state dir" test -z "$(ls -A "$ST")"

# 2. a read-only state dir with a lock file and a history: the lock still locks
# (never -o /dev/null here: a regression would replace the system's node)
"$HASCOUT_BIN" -q --config "$HS_RUN/a.conf" report -o "$HS_RUN/seed.txt"
echo 'not a record' >> "$ST/history.jsonl" # its warning shows the history was read
lines=$(wc -l < "$ST/history.jsonl")
ro filled
hs_check "ro, filled: report written" report_ok filled
hs_check "ro, filled: exit WARNING" test "$rc" -eq 1
hs_check "ro, filled: lock taken (no unlocked warning)" sh -c "! grep -q 'run not locked' '$HS_RUN/filled.err'"
hs_check "ro, filled: warns history not written" grep -q "warning: history not written" "$HS_RUN/filled.err"
hs_check "ro, filled: history unchanged" test "$(wc -l < "$ST/history.jsonl")" -eq "$lines"
hs_check "ro, filled: history still read" \
    hs_json_eq "$HS_RUN/filled.json" .history_warning "history line $lines skipped (not a complete JSON record)"
# the lock file still excludes a second run while the read-only one holds it
( exec 9<"$ST/hascout.lock"; flock 9; exec sleep 30 ) & holder=$!
hs_track_pid "$holder"
hs_wait_until 10 "! flock -n '$ST/hascout.lock' true"
ro held
hs_check "ro, lock held: run skipped (exit 3)" test "$rc" -eq 3
hs_stop_pid "$holder"
hs_done
