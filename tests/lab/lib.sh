# tests/lab/lib.sh — shared helpers for the lab tests (sourced, bash).
#
# Rules every lab test keeps, enforced here:
#   - readiness is waited for with a deadline (hs_wait_until), never a fixed sleep;
#   - only processes we started are stopped, by the PID we recorded (hs_track_pid);
#   - server logs are kept when a test fails (copied to $HS_LAB_KEEP or printed);
#   - a missing package or capability is a visible SKIP (exit 77), never a pass.
#
# Environment set by `make check` (see Makefile.am): HASCOUT_BIN,
# HASCOUT_PLUGIN_PATH, HS_TOP_SRCDIR, HS_TOP_BUILDDIR, HS_LAB_TESTS.

set -u

HS_LAB_NAME=${HS_LAB_NAME:-$(basename "$0" .sh)}
HS_PIDS=()
HS_CLEANUPS=()
HS_FAILED=0
HS_CHECKS=0

: "${HASCOUT_BIN:=${HS_TOP_BUILDDIR:-.}/hascout}"

hs_log() { printf '%s: %s\n' "$HS_LAB_NAME" "$*" >&2; }

# hs_skip REASON — a visible SKIP (automake's exit code 77).
hs_skip() {
    printf 'SKIP: %s: %s\n' "$HS_LAB_NAME" "$*"
    exit 77
}

# hs_need_lab — skip when lab tests are turned off (configure --disable-lab-tests).
hs_need_lab() {
    [ "${HS_LAB_TESTS:-yes}" = yes ] || hs_skip "lab tests disabled (configure --disable-lab-tests)"
}

# hs_need_cmd CMD... — skip unless every command exists.
hs_need_cmd() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || hs_skip "'$c' is not installed"
    done
}

# hs_need_root — skip unless we may make namespaces / bind raw sockets.
hs_need_root() {
    [ "$(id -u)" = 0 ] || hs_skip "needs root (network namespaces, raw sockets)"
}

# hs_mkrun — a private run directory for this test, in $HS_RUN.
hs_mkrun() {
    HS_RUN=$(mktemp -d "${TMPDIR:-/tmp}/hascout-${HS_LAB_NAME}.XXXXXX")
    chmod 755 "$HS_RUN"
    export HS_RUN
}

# hs_probe_user / hs_probe_group — the user hascout's probes run as when the
# config names none (core/util/sandbox.h: the `hascout` system user if the host
# has one, else nobody) and its primary group. Labs grant this user access
# to what a plugin opens itself (sockets, keyrings, state files), as an
# operator would on a production host; secrets read with hs_config_secret()
# need nothing (the root parent reads them).
hs_probe_user() {
    if id hascout >/dev/null 2>&1; then echo hascout; else echo nobody; fi
}
hs_probe_group() { id -gn "$(hs_probe_user)"; }

# hs_probe_dir DIR... — create each DIR owned by the probe user (mode 750),
# like the package's /var/lib/hascout subdirectories: a plugin's own
# writable state (keepalived's flap history) lives there.
hs_probe_dir() {
    local d
    for d in "$@"; do
        mkdir -p "$d" && chown "$(hs_probe_user):$(hs_probe_group)" "$d" &&
            chmod 750 "$d" || return 1
    done
}

# hs_track_pid PID — stop this process (SIGTERM, then SIGKILL) at exit.
hs_track_pid() { HS_PIDS+=("$1"); }

# hs_on_exit CMD — run CMD (a string) at exit, before processes are stopped.
hs_on_exit() { HS_CLEANUPS+=("$1"); }

# hs_alive PID — true when PID runs and is not a zombie.
hs_alive() {
    local st
    [ -r "/proc/$1/status" ] || return 1
    st=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null)
    [ -n "$st" ] && [ "$st" != Z ]
}

# hs_stop_pid PID [TIMEOUT] — SIGTERM, wait up to TIMEOUT s (default 5), then SIGKILL.
hs_stop_pid() {
    local pid=$1 t=${2:-5}
    hs_alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    hs_wait_until "$t" "! hs_alive $pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
    hs_wait_until 5 "! hs_alive $pid" 2>/dev/null || true
}

# hs_wait_until SECONDS 'SHELL-CONDITION' — poll every 50 ms until the
# condition holds; returns 1 (and logs) when the deadline passes.
hs_wait_until() {
    local limit=$1 cond=$2 start now
    start=$(date +%s%N)
    while :; do
        if eval "$cond"; then return 0; fi
        now=$(date +%s%N)
        if [ $(( (now - start) / 1000000 )) -ge $(( ${limit%.*} * 1000 )) ]; then
            hs_log "timed out after ${limit}s waiting for: $cond"
            return 1
        fi
        sleep 0.05
    done
}

# hs_elapsed_ms START_NS — milliseconds since START_NS (from date +%s%N).
hs_elapsed_ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# hs_free_port — a free TCP port below 32768 on 127.0.0.1 (outside the
# ephemeral range, see the lab notes). Races are unlikely: ports are picked
# from a per-process random start.
hs_free_port() {
    local p tries=0
    p=$(( 20000 + (RANDOM * 7 + $$) % 12000 ))
    while [ $tries -lt 200 ]; do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null &&
           ! ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then
            echo "$p"; return 0
        fi
        p=$(( p + 1 )); [ $p -ge 32000 ] && p=20000
        tries=$((tries + 1))
    done
    return 1
}

# hs_check 'DESCRIPTION' CMD... — run an assertion; count and report it.
hs_check() {
    local what=$1; shift
    HS_CHECKS=$((HS_CHECKS + 1))
    if "$@"; then
        printf 'ok %d - %s\n' "$HS_CHECKS" "$what"
    else
        printf 'not ok %d - %s\n' "$HS_CHECKS" "$what"
        HS_FAILED=$((HS_FAILED + 1))
    fi
}

# hs_close A B [REL] — numbers A and B agree to REL relative to B (default
# 1e-9: an engine's figure against one computed by hand); false when A is
# empty (the figure is missing).
hs_close() {
    awk -v a="$1" -v b="$2" -v r="${3:-1e-9}" 'BEGIN { d = a - b; if (d < 0) d = -d;
        m = b < 0 ? -b : b; exit !(a != "" && d <= r * m) }'
}

# hs_within A B TOL — |A - B| <= TOL (seconds, say).
hs_within() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'; }

# hs_json_eq FILE JQ-EXPR EXPECTED — the JSON value at JQ-EXPR equals EXPECTED.
hs_json_eq() {
    local got
    got=$(jq -r "$2" "$1" 2>&1)
    if [ "$got" != "$3" ]; then
        hs_log "$1: $2 is '$got', expected '$3'"
        return 1
    fi
}

# hs_hascout ARGS... — run the built hascout; stdout/stderr as usual.
hs_hascout() { "$HASCOUT_BIN" "$@"; }

hs_finish_logs() {
    local keep=${HS_LAB_KEEP:-}
    [ -n "${HS_RUN:-}" ] && [ -d "$HS_RUN" ] || return 0
    if [ "$HS_FAILED" -gt 0 ] || [ "${1:-0}" != 0 ]; then
        if [ -n "$keep" ]; then
            mkdir -p "$keep" && cp -a "$HS_RUN" "$keep/" 2>/dev/null
            hs_log "logs kept in $keep/$(basename "$HS_RUN")"
        else
            hs_log "test failed; server logs follow (set HS_LAB_KEEP=DIR to keep them)"
            find "$HS_RUN" -name '*.log' -type f -size -2M 2>/dev/null | while read -r f; do
                printf -- '----- %s (last 40 lines)\n' "$f" >&2
                tail -n 40 "$f" >&2
            done
            # each report's targets with why they are as they are: a probe's
            # error rarely reaches a server log
            find "$HS_RUN" -maxdepth 2 -name '*.json' -type f -size -2M 2>/dev/null | sort |
                while read -r f; do
                    jq -e '.targets | type == "array"' "$f" >/dev/null 2>&1 || continue
                    printf -- '----- %s: targets\n' "$f" >&2
                    jq -r '.targets[] | "  \(.name): \(.status) \(.error // ([.reasons[]?.text]
                        | first) // "")"' "$f" >&2 2>/dev/null
                done
        fi
    fi
}

hs_cleanup() {
    local rc=$? i
    set +e
    for ((i = ${#HS_CLEANUPS[@]} - 1; i >= 0; i--)); do eval "${HS_CLEANUPS[$i]}"; done
    for ((i = ${#HS_PIDS[@]} - 1; i >= 0; i--)); do hs_stop_pid "${HS_PIDS[$i]}" 3; done
    hs_finish_logs "$rc"
    [ -n "${HS_RUN:-}" ] && [ -d "$HS_RUN" ] && [ -z "${HS_LAB_KEEP_ALWAYS:-}" ] && rm -rf "$HS_RUN"
    return "$rc"
}
trap hs_cleanup EXIT
trap 'exit 130' INT TERM

# hs_done — end of test: exit 0 when every hs_check passed, 1 otherwise.
hs_done() {
    printf '%d passed, %d failed\n' $((HS_CHECKS - HS_FAILED)) "$HS_FAILED"
    [ "$HS_FAILED" -eq 0 ] || exit 1
    exit 0
}
