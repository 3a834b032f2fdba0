#!/bin/sh
# tests/fuzz/plan-fuzz.sh — build (and optionally run) the maintenance
# planner's libFuzzer target with clang.
#   plan-fuzz.sh build          → ./fuzz-plan
#   plan-fuzz.sh run SECONDS    → build, then run it for SECONDS
# Environment: HS_TOP_SRCDIR (source tree), FUZZ_CC (default clang).
set -eu
top=${HS_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cc=${FUZZ_CC:-clang}
cppflags=$(pkg-config --cflags libxml-2.0 libconfig json-c)
libs=$(pkg-config --libs libxml-2.0 libconfig json-c)
m="$top/core/model"
p="$top/core/plan"
c="$top/core"
src="$p/names.c $p/group.c $p/whatif.c $p/risk.c $p/rolling.c $c/live/live.c
     $m/model.c $m/mef.c $m/cfgfmt.c $m/io.c $m/order.c $m/circuit.c $m/modules.c $m/bdd.c $m/buddy.c $m/race.c $m/zbdd.c
     $m/mcs.c $m/cutsets.c $m/progress.c
     $c/loader.c $c/plugininfo.c $c/procutil.c $c/sandbox.c $c/secrets.c $c/trust.c $c/error.c $c/cfghelp.c $c/threshold.c
     $c/warn.c $c/result.c $c/util/readfile.c $c/util/cfgread.c"
# shellcheck disable=SC2086
$cc -g -O1 -std=c11 -D_GNU_SOURCE -DHS_PLUGINDIR=\"/nonexistent\" \
    -fsanitize=fuzzer,address,undefined \
    -I"$c" -I"$top" $cppflags -o fuzz-plan "$top/tests/fuzz/plan_fuzz.c" \
    $src $libs -lbdd -lm -lpthread -ldl
echo "built fuzz-plan"
if [ "${1:-build}" = run ]; then
    secs=${2:-300}
    mkdir -p corpus-plan
    cp "$top/tests/plan/fuzz-corpus/"* corpus-plan/ 2>/dev/null || true
    LSAN_OPTIONS="suppressions=$top/tests/fuzz/model-lsan.supp" \
    timeout $((secs + 60)) ./fuzz-plan -max_total_time="$secs" \
        -max_len=4096 -rss_limit_mb=4096 corpus-plan
fi
