#!/bin/sh
# tests/fuzz/model-fuzz.sh — build (and optionally run) the model readers'
# libFuzzer targets with clang.
#   model-fuzz.sh build            → ./fuzz-model-mef ./fuzz-model-cfg
#   model-fuzz.sh run SECONDS      → build, then run each for SECONDS
# Environment: HS_TOP_SRCDIR (source tree), FUZZ_CC (default clang),
# CPPFLAGS / LIBS (libxml2 and libconfig flags; pkg-config by default).
set -eu
top=${HS_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cc=${FUZZ_CC:-clang}
cppflags=${CPPFLAGS:-$(pkg-config --cflags libxml-2.0 libconfig)}
libs=${LIBS:-$(pkg-config --libs libxml-2.0 libconfig)}
src="$top/core/model"
lib="$src/model.c $src/mef.c $src/cfgfmt.c $src/io.c $src/order.c $src/circuit.c $src/modules.c $src/bdd.c $src/buddy.c $src/race.c
     $src/zbdd.c $src/mcs.c $src/cutsets.c $src/progress.c $top/core/util/readfile.c
     $top/core/procutil.c $top/core/sandbox.c $top/core/error.c $top/core/util/cfgread.c"
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
