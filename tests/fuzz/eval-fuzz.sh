#!/bin/sh
# tests/fuzz/eval-fuzz.sh — build (and optionally run) the evaluation
# readers' libFuzzer target with clang.
#   eval-fuzz.sh build          → ./fuzz-eval
#   eval-fuzz.sh run SECONDS    → build, then run it for SECONDS
# Environment: HS_TOP_SRCDIR (source tree), HS_FUZZ_SRC (the sources, set by make),
# FUZZ_CC (default clang).
set -eu
top=${HS_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cc=${FUZZ_CC:-clang}
cppflags=$(pkg-config --cflags libxml-2.0 libconfig json-c)
libs=$(pkg-config --libs libxml-2.0 libconfig json-c gsl)
# the layers' sources (absolute paths), from the Makefile: `make fuzz-eval`
src=${HS_FUZZ_SRC:?run through make fuzz-eval, which lists the sources}
c="$top/core"
# shellcheck disable=SC2086
$cc -g -O1 -std=c11 -D_GNU_SOURCE -DHS_PLUGINDIR=\"/nonexistent\" \
    -fsanitize=fuzzer,address,undefined \
    -I"$c" -I"$top" -I. $cppflags -o fuzz-eval "$top/tests/fuzz/fuzz_eval.c" \
    $src $libs -lbdd -lm -lpthread -ldl
echo "built fuzz-eval"
if [ "${1:-build}" = run ]; then
    secs=${2:-300}
    mkdir -p corpus-eval
    cp "$top/tests/fuzz/eval-corpus/"* corpus-eval/ 2>/dev/null || true
    LSAN_OPTIONS="suppressions=$top/tests/fuzz/model-lsan.supp" \
    timeout $((secs + 60)) ./fuzz-eval -max_total_time="$secs" \
        -max_len=16384 corpus-eval
fi
