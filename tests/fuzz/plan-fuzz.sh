#!/bin/sh
# tests/fuzz/plan-fuzz.sh — build (and optionally run) the maintenance
# planner's libFuzzer target with clang.
#   plan-fuzz.sh build          → ./fuzz-plan
#   plan-fuzz.sh run SECONDS    → build, then run it for SECONDS
# Environment: HS_TOP_SRCDIR (source tree), HS_FUZZ_SRC (the sources, set by make),
# FUZZ_CC (default clang).
set -eu
top=${HS_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cc=${FUZZ_CC:-clang}
cppflags=$(pkg-config --cflags libxml-2.0 libconfig json-c)
libs=$(pkg-config --libs libxml-2.0 libconfig json-c gsl)
# the layers' sources (absolute paths), from the Makefile: `make fuzz-plan`
src=${HS_FUZZ_SRC:?run through make fuzz-plan, which lists the sources}
c="$top/core"
# shellcheck disable=SC2086
$cc -g -O1 -std=c11 -D_GNU_SOURCE -DHS_PLUGINDIR=\"/nonexistent\" \
    -fsanitize=fuzzer,address,undefined \
    -I"$c" -I"$top" -I. $cppflags -o fuzz-plan "$top/tests/fuzz/plan_fuzz.c" \
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
