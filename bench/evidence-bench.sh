#!/bin/bash
# bench/evidence-bench.sh — `model calibrate` and `report` over a 30-day
# history of 8,640 records (one every 5 minutes) of 200 model components
# (each failing every 50 h on average for 2 h; 50 services of four, each
# down when two are), the issue's size. Prints
# wall time and peak RSS of each (median of RUNS, default 3), and the
# history's size. Goal (issue 20): 1 s or less each, memory bounded.
# Then the same 30 days recorded DENSER times as often (default 4: a record
# every 75 s, 34,560 records): the history is streamed, so time grows with
# it and memory does not. DENSER=1 skips that.
# Run: make bench-evidence (or HASCOUT_BIN=... HASCOUT_PLUGIN_PATH=...
# HASCOUT_DATADIR=conf bench/evidence-bench.sh)
set -eu
BIN=${HASCOUT_BIN:-./hascout}
N=${N:-200}
RECORDS=${RECORDS:-8640}
DENSER=${DENSER:-4}
RUNS=${RUNS:-3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package: time)"; exit 1; }
command -v python3 >/dev/null || { echo "needs python3 (the history generator)"; exit 1; }
mkdir -p "$tmp/state"
{
    echo "hascout = { state_dir = \"$tmp/state\"; lock = \"skip\"; };"
    echo 'targets = ( { name = "t"; plugin = "test"; components = ( { id = "n"; } ); } );'
    echo "model = { components = ("
    for i in $(seq 1 "$N"); do
        sep=","; [ "$i" = "$N" ] && sep=""
        echo "  { name = \"c$i\"; mttf = 50.0; mttr = 2.0; }$sep"
    done
    # services of four components each, down when two of them are
    echo "); gates = ("
    for g in $(seq 0 4 $((N - 4))); do
        sep=","; [ $((g + 4)) -ge "$N" ] && sep=""
        echo "  { name = \"g$g\"; type = \"atleast\"; k = 2; inputs = [ \"c$((g + 1))\", \"c$((g + 2))\", \"c$((g + 3))\", \"c$((g + 4))\" ]; }$sep"
    done
    echo "); services = ("
    for g in $(seq 0 4 $((N - 4))); do
        sep=","; [ $((g + 4)) -ge "$N" ] && sep=""
        echo "  { name = \"S$g\"; top = \"g$g\"; }$sep"
    done
    echo "); };"
} >"$tmp/a.conf"
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # label args...
    local label=$1; shift
    for _ in $(seq 1 "$RUNS"); do
        cp "$tmp/state/history.jsonl" "$tmp/h.keep"
        /usr/bin/time -f '%e %M' -o "$tmp/t" "$BIN" -q -c "$tmp/a.conf" "$@" >/dev/null 2>&1 || true
        cp "$tmp/h.keep" "$tmp/state/history.jsonl" # the report appends a record
        tail -n 1 "$tmp/t"
    done >"$tmp/m"
    printf '  %-22s %8.3f s %8.1f MiB\n' "$label" "$(cut -d' ' -f1 "$tmp/m" | median)" \
        "$(cut -d' ' -f2 "$tmp/m" | median | awk '{ print $1 / 1024 }')"
}
generate() { # records step
python3 - "$tmp/state/history.jsonl" "$N" "$1" "$2" <<'PY'
import json, random, sys, time
path, n, recs, step = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
rng = random.Random(1); now = time.time(); t0 = now - recs * step
up = [1] * n; nxt = [rng.expovariate(1 / 180000) for _ in range(n)]
with open(path, "w") as f:
    for r in range(recs):
        t = r * step
        for i in range(n):
            while t >= nxt[i]:
                up[i] ^= 1
                nxt[i] += rng.expovariate(1 / ((50 if up[i] else 2) * 3600))
        f.write(json.dumps({"v": 1, "t": t0 + t, "services": {}, "targets": {"t": "OK"},
                            "components": {"c%d" % (i + 1): "UP" if up[i] else "DOWN"
                                           for i in range(n)}}) + "\n")
PY
}
ks=1
[ "$DENSER" -gt 1 ] && ks="1 $DENSER"
for k in $ks; do
    generate $((RECORDS * k)) "$(echo "300 / $k" | bc -l)"
    printf 'history: %d records x %d components over 30 days, %.1f MiB; median of %d runs\n' \
        $((RECORDS * k)) "$N" \
        "$(stat -c %s "$tmp/state/history.jsonl" | awk '{ print $1 / 1048576 }')" "$RUNS"
    measure "model calibrate" model calibrate
    measure "report" report -o "$tmp/r.txt"
done
