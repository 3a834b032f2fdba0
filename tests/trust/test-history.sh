#!/bin/bash
# History files as root: the age rotation must fire even when the first
# record is longer than 4 KiB, and reading the history must cost a bounded
# buffer, not the file's size (a 200 MB sparse file must not mean 200 MB RSS).
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd jq timeout truncate python3
[ -x /usr/bin/time ] || hs_skip "no /usr/bin/time (GNU time)"
hs_mkrun
ST=$HS_RUN/state
mkdir -m 0750 "$ST"
cat > "$HS_RUN/a.conf" <<CONF
hascout = { state_dir = "$ST"; lock = "skip"; };
targets = ( { name = "up"; plugin = "test"; components = ( { id = "n1"; state = "UP"; } ); } );
CONF

# 1. a first record of about 5 KiB, 40 days old (max_age defaults to 35 days)
python3 - "$ST/history.jsonl" <<'PY'
import json, sys, time
old = time.time() - 40 * 86400
big = {"v": 1, "t": old, "services": {}, "components": {},
       "targets": {"target-%04d" % i: "OK" for i in range(300)}}
with open(sys.argv[1], "w") as f:
    f.write(json.dumps(big, separators=(",", ":")) + "\n")
    f.write(json.dumps({"v": 1, "t": old + 300, "targets": {"up": "OK"}}) + "\n")
PY
first=$(head -n1 "$ST/history.jsonl" | wc -c)
hs_check "the first record is longer than 4 KiB ($first bytes)" test "$first" -gt 5000
timeout 60 "$HASCOUT_BIN" -q --config "$HS_RUN/a.conf" report -o "$HS_RUN/r1.txt"; rc=$?
hs_check "rotation run: exit OK" test "$rc" -eq 0
hs_check "old history rotated to history.jsonl.1" test -f "$ST/history.jsonl.1"
hs_check "rotated file holds both old records" test "$(wc -l < "$ST/history.jsonl.1" 2>/dev/null)" = 2
hs_check "history.jsonl starts afresh with this run" test "$(wc -l < "$ST/history.jsonl")" -eq 1

# 2. a 200 MB sparse file (one 200 MB "line" of NULs) among the rotated files
truncate -s 200M "$ST/history.jsonl.2"
/usr/bin/time -f %M -o "$HS_RUN/rss" timeout 120 "$HASCOUT_BIN" --config "$HS_RUN/a.conf" \
    report -f json -o "$HS_RUN/r2.json" 2> "$HS_RUN/r2.err"; rc=$?
rss=$(tail -n1 "$HS_RUN/rss")
hs_log "peak RSS with a 200 MB history file: ${rss} KiB"
hs_check "200 MB history: exit OK" test "$rc" -eq 0
hs_check "200 MB history: peak RSS below 64 MiB (${rss} KiB)" test "$rss" -lt 65536
huge_skipped() { jq -e '.history_warning | test("history line 1 skipped \\(longer than 1 MiB")' "$1" >/dev/null; }
hs_check "200 MB history: the huge line is skipped as damage" huge_skipped "$HS_RUN/r2.json"
hs_check "200 MB history: the report is right" hs_json_eq "$HS_RUN/r2.json" .status OK
hs_done
