# shellcheck shell=bash disable=SC2034
# tests/eval/jq-check.sh — sourced by the compare tests: the environment,
# a temporary directory removed on exit, and check(), which runs a jq
# expression over $tmp/out.json that must yield true.
: "${HASCOUT_BIN:?}" "${HS_TOP_SRCDIR:?}"
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }
export HASCOUT_DATADIR="${HASCOUT_DATADIR:-$HS_TOP_SRCDIR/conf}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check DESCRIPTION JQ-EXPRESSION (must yield true)
    if [ "$(jq -r "$2" "$tmp/out.json")" != true ]; then
        echo "FAIL: $1 ($2)"
        fail=1
    else
        echo "ok: $1"
    fi
}
