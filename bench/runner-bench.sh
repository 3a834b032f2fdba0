#!/bin/bash
# bench/runner-bench.sh — the probe runner's cost, measured, printed.
#
#   200 targets of the `test` plugin, each sleeping 100 ms in probe():
#     wall time of `hascout report` (parallel, not 20 s serial);
#   200 targets with no delay: the runner's own cost per target (CPU of the
#     parent plus all children, divided by the targets);
#   the parent's peak RSS (getrusage RUSAGE_SELF, printed by --stats).
# Run: make bench-runner   (or HASCOUT_BIN=... HASCOUT_PLUGIN_PATH=... bench/runner-bench.sh)
set -eu
BIN=${HASCOUT_BIN:-./hascout}
N=${N:-200}
RUNS=${RUNS:-5}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

mkconf() { # delay
    { echo "hascout = { state_dir = \"$tmp/state\"; };"; echo "targets = ("
      for i in $(seq 1 "$N"); do
        sep=","; [ "$i" = "$N" ] && sep=""
        echo "  { name = \"t$i\"; plugin = \"test\"; delay = $1;"
        echo "    components = ( { id = \"n1\"; state = \"UP\"; metrics = ( { name = \"m\"; value = 1.0; } ); },"
        echo "                   { id = \"n2\"; state = \"UP\"; } ); }$sep"
      done; echo ");"; } > "$2"
}
mkconf 0.1 "$tmp/slow.conf"
mkconf 0 "$tmp/fast.conf"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run() { # conf → prints "wall cpu_ms rss_kib"
    "$BIN" -q --stats --config "$1" report --format json -o "$tmp/out.json" 2>"$tmp/stats" || true
    awk '/^stats:/ {for (i=1;i<=NF;i++) {split($i,kv,"="); v[kv[1]]=kv[2]} print v["wall_s"], v["cpu_total_ms"], v["parent_maxrss_kib"]}' "$tmp/stats"
}

echo "hascout runner benchmark: $N targets, $(nproc) cores, median of $RUNS runs"
for kind in slow fast; do
    : > "$tmp/$kind.res"
    for _ in $(seq 1 "$RUNS"); do run "$tmp/$kind.conf" >> "$tmp/$kind.res"; done
done
wall=$(cut -d' ' -f1 "$tmp/slow.res" | median)
rss=$(cut -d' ' -f3 "$tmp/slow.res" | sort -g | tail -1)
cpu=$(cut -d' ' -f2 "$tmp/fast.res" | median)
fwall=$(cut -d' ' -f1 "$tmp/fast.res" | median)
jq -e '.targets | length == '"$N"' and all(.status == "OK")' "$tmp/out.json" >/dev/null ||
    echo "WARNING: not every target was OK in the last run"
printf '%-52s %10s\n' "report, $N targets x 100 ms probe, wall (s)" "$wall"
printf '%-52s %10s\n' "report, $N targets x 0 ms probe, wall (s)" "$fwall"
printf '%-52s %10.3f\n' "runner cost per target, CPU parent+children (ms)" "$(awk -v c="$cpu" -v n="$N" 'BEGIN {print c / n}')"
printf '%-52s %10.1f\n' "parent peak RSS, worst run (MiB)" "$(awk -v r="$rss" 'BEGIN {print r / 1024}')"
