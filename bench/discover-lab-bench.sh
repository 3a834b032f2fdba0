#!/bin/bash
# bench/discover-lab-bench.sh — `model discover` against a plain `probe` on
# a real haproxy (the one-host lab of tests/lab/haproxy/lab.sh: a backend of
# three web servers, probed through the stats socket), ROUNDS runs each
# (default 10), median wall time, and the overhead. The goal of issue 23:
# discover within 10 % of a plain probe of the same targets.
#   HASCOUT_BIN=... HASCOUT_PLUGIN_PATH=... HS_TOP_SRCDIR=... bench/discover-lab-bench.sh
: "${HS_TOP_SRCDIR:?set HS_TOP_SRCDIR, HASCOUT_BIN and HASCOUT_PLUGIN_PATH}"
ROUNDS=${ROUNDS:-10}
HS_LAB_NAME=discover-lab-bench
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/haproxy/lab.sh"

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
series() { # CONF ARGS... — ms of each of ROUNDS runs
    local conf=$1 t0 out=()
    shift
    for _ in $(seq 1 "$ROUNDS"); do
        t0=$(date +%s%N)
        "$HASCOUT_BIN" -q -c "$conf" "$@" >/dev/null 2>&1
        out+=("$(hs_elapsed_ms "$t0")")
    done
    median "${out[@]}"
}

hap_lab_setup
TARGETS="
  { name = \"pool\"; plugin = \"haproxy\"; deadline = 8.0; socket = \"unix:$HAP_SOCK\"; } "
hap_hascout_conf "$HS_RUN/plain.conf" "$TARGETS"
echo 'live = { discover = false; };' >>"$HS_RUN/plain.conf"
hap_hascout_conf "$HS_RUN/disc.conf" "$TARGETS"
p=$(series "$HS_RUN/plain.conf" probe)
d=$(series "$HS_RUN/disc.conf" model discover -o "$HS_RUN/model.conf")
ds=$(series "$HS_RUN/disc.conf" model discover -o -)
printf 'haproxy lab (1 target, %s components), median of %d runs\n' \
    "$(grep -c 'live = {' "$HS_RUN/model.conf")" "$ROUNDS"
pct() { awk -v a="$1" -v b="$p" 'BEGIN { printf "%+.1f %%", 100 * (a - b) / b }'; }
printf '  probe, no model           %6d ms\n' "$p"
printf '  model discover -o FILE    %6d ms  (%s; the file is written atomically, fsync)\n' "$d" "$(pct "$d")"
printf '  model discover -o -       %6d ms  (%s; to stdout)\n' "$ds" "$(pct "$ds")"
hs_done >/dev/null 2>&1
