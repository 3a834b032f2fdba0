#!/bin/sh
# tests/fuzz/model-fuzz.sh — build (and optionally run) the model readers'
# libFuzzer targets with clang.
#   model-fuzz.sh build            → ./fuzz-model-mef ./fuzz-model-cfg
#   model-fuzz.sh run SECONDS      → build, then run each for SECONDS
# Environment: HS_TOP_SRCDIR (source tree), HS_FUZZ_SRC (the sources, set by make),
# FUZZ_CC (default clang),
# CPPFLAGS / LIBS (libxml2, libconfig and json-c flags; pkg-config by default).
set -eu
top=${HS_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cc=${FUZZ_CC:-clang}
cppflags=${CPPFLAGS:-$(pkg-config --cflags libxml-2.0 libconfig json-c)}
libs=${LIBS:-$(pkg-config --libs libxml-2.0 libconfig json-c gsl)}
# the layers' sources (absolute paths), from the Makefile: `make fuzz-model`
lib=${HS_FUZZ_SRC:?run through make fuzz-model, which lists the sources}
c="$top/core"
for t in mef cfg; do
    # shellcheck disable=SC2086
    $cc -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
        -I"$top/core" $cppflags -o "fuzz-model-$t" \
        "$top/tests/fuzz/model_${t}_fuzz.c" $lib $libs -lbdd -lm
done
echo "built fuzz-model-mef fuzz-model-cfg"
if [ "${1:-build}" = run ]; then
    secs=${2:-300}
    for t in mef cfg; do
        mkdir -p "corpus-model-$t"
        cp "$top/tests/fuzz/model-corpus/$t/"* "corpus-model-$t/" 2>/dev/null || true
        LSAN_OPTIONS="suppressions=$top/tests/fuzz/model-lsan.supp" \
        timeout $((secs + 60)) "./fuzz-model-$t" -max_total_time="$secs" \
            -max_len=65536 "corpus-model-$t"
    done
fi
