#!/bin/bash
# bench/discover-bench.sh — what deriving the model costs on top of probing.
#
#   N targets (default 2000) of the `test` plugin, each a cluster of three
#   nodes with a 2-of-3 rule (as a Galera target declares it):
#     probe:    `hascout probe` with live.discover = false (probes alone);
#     discover: `hascout model discover -o FILE` (probes, derives the model,
#               checks the engine reads it back, writes it);
#     report:   `hascout report` with no model (probes + the derived model's
#               live view: margins and nearest cuts of N services).
#   Wall time, median of RUNS (default 5), and discover's overhead over probe.
#   The issue's goal: discover within 10 % of a plain probe.
# Run: make bench-discover (or HASCOUT_BIN=... HASCOUT_PLUGIN_PATH=...
# HASCOUT_DATADIR=conf bench/discover-bench.sh)
set -eu
BIN=${HASCOUT_BIN:-./hascout}
N=${N:-2000}
RUNS=${RUNS:-5}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

mkconf() { # EXTRA FILE
    { echo "hascout = { state_dir = \"$tmp/state\"; lock = \"skip\"; };"; echo "$1"
      echo "targets = ("
      for i in $(seq 1 "$N"); do
        sep=","; [ "$i" = "$N" ] && sep=""
        echo "  { name = \"db$i\"; plugin = \"test\"; components = ("
        echo "      { id = \"cluster\"; kind = \"service\"; require = 2; },"
        echo "      { id = \"n1\"; parent = \"cluster\"; }, { id = \"n2\"; parent = \"cluster\"; },"
        echo "      { id = \"n3\"; parent = \"cluster\"; } ); }$sep"
      done; echo ");"; } >"$2"
}
mkconf 'live = { discover = false; };' "$tmp/plain.conf"
mkconf '' "$tmp/disc.conf"

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package: time)"; exit 1; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# one run of "$@": "wall cpu" (seconds; CPU of the process and its probe
# children, which a loaded machine disturbs less than the wall time)
one() {
    /usr/bin/time -f '%e %U %S' -o "$tmp/t" "$@" >/dev/null 2>&1 || true
    awk '{ printf "%s %.3f\n", $1, $2 + $3 }' "$tmp/t"
}
series() { # prints "median_wall median_cpu"
    for _ in $(seq 1 "$RUNS"); do one "$@"; done >"$tmp/s"
    printf '%s %s\n' "$(cut -d' ' -f1 "$tmp/s" | median)" "$(cut -d' ' -f2 "$tmp/s" | median)"
}
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f %%", 100 * (a - b) / b }'; }

read -r pw pc < <(series "$BIN" -q -c "$tmp/plain.conf" probe)
read -r dw dc < <(series "$BIN" -q -c "$tmp/disc.conf" model discover -o "$tmp/model.conf")
read -r rw rc < <(series "$BIN" -q -c "$tmp/disc.conf" report -o "$tmp/report.txt")
events=$(grep -c 'live = {' "$tmp/model.conf" || true)
printf 'targets %d (3 nodes each, 2-of-3 rule), %d runs, medians; %d basic events discovered\n' \
    "$N" "$RUNS" "$events"
printf '  %-26s %9s %9s %12s %12s\n' "" wall_s cpu_s "wall vs probe" "cpu vs probe"
printf '  %-26s %9.3f %9.3f\n' "probe (no model)" "$pw" "$pc"
printf '  %-26s %9.3f %9.3f %12s %12s\n' "model discover" "$dw" "$dc" "$(pct "$dw" "$pw")" "$(pct "$dc" "$pc")"
printf '  %-26s %9.3f %9.3f %12s %12s\n' "report, derived model" "$rw" "$rc" "$(pct "$rw" "$pw")" "$(pct "$rc" "$pc")"
