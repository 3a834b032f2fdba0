# tests/lab/keepalived/bench.sh — common start of the keepalived benchmarks
# (sourced by bench/keepalived-*.sh with HS_LAB_NAME set): finds the build
# tree (first argument, else $HS_TOP_BUILDDIR, else the current directory),
# loads the lab, and offers progress and summary helpers.
HS_TOP_SRCDIR=${HS_TOP_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
HS_TOP_BUILDDIR=${1:-${HS_TOP_BUILDDIR:-$PWD}}
HASCOUT_BIN=$HS_TOP_BUILDDIR/hascout
HASCOUT_PLUGIN_PATH=$HS_TOP_BUILDDIR/plugins/.libs
export HS_TOP_SRCDIR HS_TOP_BUILDDIR HASCOUT_BIN HASCOUT_PLUGIN_PATH
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/keepalived/lab.sh"

# progress TEXT — one updating line, only on a terminal.
progress() { [ -t 2 ] && printf '\r%-60s\r' "$*" >&2; return 0; }

# summary FORMAT VALUES... — "median M (min A, max B, n=N)", FORMAT is the
# printf format of one value ("%d ms", "%.3f ms").
summary() {
    local fmt=$1
    shift
    printf '%s\n' "$@" | sort -g | awk -v f="$fmt" '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
        printf "median " f " (min " f ", max " f ", n=%d)", m, v[1], v[NR], NR }'
}
