#!/bin/bash
# bench/haproxy-bench.sh — figures for the haproxy plugin (prints, asserts
# nothing): probe latency over HTTP and over the stats socket against the
# real lab haproxy (median of 20 runs, in-process fetch + parse and through
# the hascout binary), and parse throughput on a generated 1,000-server CSV.
#
# Run from a build tree:  make bench/haproxy-bench && \
#   HS_TOP_SRCDIR=/path/to/src HS_TOP_BUILDDIR=. bench/haproxy-bench.sh
: "${HS_TOP_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${HS_TOP_BUILDDIR:=.}"
: "${HASCOUT_BIN:=$HS_TOP_BUILDDIR/hascout}"
: "${HASCOUT_PLUGIN_PATH:=$HS_TOP_BUILDDIR/plugins/.libs}"
export HS_TOP_SRCDIR HS_TOP_BUILDDIR HASCOUT_BIN HASCOUT_PLUGIN_PATH
HS_LAB_NAME=haproxy-bench
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/haproxy/lab.sh"

RUNS=${RUNS:-20}
BENCH=$HS_TOP_BUILDDIR/bench/haproxy-bench
[ -x "$BENCH" ] || { echo "build it first: make bench/haproxy-bench" >&2; exit 2; }

echo "== parse throughput (generated CSV, haproxy 2.6 row width)"
"$BENCH" parse "$HS_TOP_SRCDIR/tests/haproxy/data/hap_stats_before.csv" 1000 || exit 1

hs_mkrun
hap_lab_start || { echo "lab did not start" >&2; exit 1; }
echo "== probe latency against haproxy $(haproxy -v | awk 'NR==1 {print $3}') on 127.0.0.1, $RUNS runs each"
"$BENCH" http "$HAP_STATS_URL" "$RUNS" || exit 1
"$BENCH" http "$HAP_AUTH_URL" hascout "$HAP_PASSWORD_FILE" "$RUNS" || exit 1
"$BENCH" socket "unix:$HAP_SOCK" "$RUNS" || exit 1
"$BENCH" socket "$HAP_TCP" "$RUNS" || exit 1

# End to end through the hascout binary: fork, dlopen, probe, score, report.
if [ -x "$HASCOUT_BIN" ] && [ -e "$HASCOUT_PLUGIN_PATH/haproxy.so" ]; then
    for kind in http socket; do
        if [ $kind = http ]; then src="url = \"$HAP_STATS_URL\";"; else src="socket = \"unix:$HAP_SOCK\";"; fi
        hap_hascout_conf "$HS_RUN/$kind.conf" "{ name = \"lb\"; plugin = \"haproxy\"; $src }"
        for i in $(seq "$RUNS"); do
            t0=$(date +%s%N)
            "$HASCOUT_BIN" --config "$HS_RUN/$kind.conf" -q report --format json \
                -o "$HS_RUN/r.json" > /dev/null 2>&1
            echo $(( ($(date +%s%N) - t0) / 1000 ))
        done | sort -n | awk -v k="$kind" -v n="$RUNS" '
            { v[NR] = $1 / 1000 }
            END { m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2;
                  printf "hascout report (%s, end to end): median %.1f ms, min %.1f ms, max %.1f ms\n",
                         k, m, v[1], v[n] }'
    done
fi
