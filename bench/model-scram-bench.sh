#!/bin/bash
# bench/model-scram-bench.sh CLI FT [REF_CLI] — hascout against SCRAM 0.16.2
# on every tree of FT (../shared/data/fault-trees), each run pinned to one
# core (taskset -c $HS_BENCH_CPU, default 1), whole process, the minimum of
# $HS_BENCH_RUNS (default 2) alternating runs, timeout $HS_BENCH_TIMEOUT
# (default 60 s). Prints per tree: P(top), hascout's time and peak RSS, and
# its ratio to SCRAM's time (< 1: hascout is faster); then the geometric
# mean and the worst ratio, over every tree and over the trees where SCRAM
# or hascout needed 0.25 s or more in the file (where the work is, not the
# start-up).
#
# SCRAM's figures come from FT/scram-times.tsv, measured on another
# machine beside hascout at the commit named there. REF_CLI is a model-cli
# built at that commit: its time here per tree scales SCRAM's figure to this
# machine (scram_here = scram_s * ref_here / hascout_s), so that the ratio
# is hascout now / SCRAM here. Without REF_CLI the machines are taken as
# equal. The mcs4 columns compare `--mcs --order 4` with `scram --bdd -l 4`
# where the file has that figure. Figures only; nothing here asserts a time.
set -u
cli=${1:?usage: model-scram-bench.sh CLI FT [REF_CLI]}
ft=${2:?usage: model-scram-bench.sh CLI FT [REF_CLI]}
ref=${3:-}
limit=${HS_BENCH_TIMEOUT:-60}
runs=${HS_BENCH_RUNS:-2}
cpu=${HS_BENCH_CPU:-1}
tsv=$ft/scram-times.tsv
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package: time)"; exit 1; }
[ -r "$tsv" ] || { echo "no $tsv"; exit 1; }
command -v jq >/dev/null || { echo "needs jq"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# once BIN ARGS... → "seconds peakKiB rc" (wall time from the clock, in ns,
# since /usr/bin/time rounds to 10 ms); stdout left in $tmp/out
once() {
    local t0 t1 rc
    t0=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$tmp/rss" taskset -c "$cpu" timeout "$limit" "$@" \
        >"$tmp/out" 2>/dev/null
    rc=$?
    t1=$(date +%s%N)
    printf '%s %s %s\n' "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$(tail -1 "$tmp/rss")" "$rc"
}

# take VAR ARGS... → one run of ARGS; keeps in ${VAR}_t the least seconds so
# far (TIMEOUT or ERROR end it: later calls do nothing), in ${VAR}_kb that
# run's peak KiB, and its output in $tmp/$VAR. Callers alternate the
# programs they compare, run by run, so that both see the same noise.
take() {
    local var=$1 t kb rc cur
    shift
    cur=${var}_t
    cur=${!cur}
    [ "$cur" = TIMEOUT ] || [ "$cur" = ERROR ] && return
    read -r t kb rc < <(once "$@")
    if [ "$rc" -eq 124 ]; then t=TIMEOUT; elif [ "$rc" -ne 0 ]; then t=ERROR; fi
    if [ -z "$cur" ] || ! isnum "$t" || [ "$(echo "$t < $cur" | bc -l)" = 1 ]; then
        printf -v "${var}_t" '%s' "$t"
        printf -v "${var}_kb" '%s' "${kb:-0}"
        cp "$tmp/out" "$tmp/$var"
    fi
}

isnum() { [[ $1 =~ ^[0-9.]+$ ]]; }

printf '%-14s %12s %8s %8s %9s %8s %7s | %8s %9s %7s\n' tree 'P(top)' hascout_s rss_MiB \
    scram_s~ scram_MiB ratio mcs4_s scram4_s~ ratio4
: >"$tmp/ratios"
while IFS=$'\t' read -r tree h_s _ s_s s_mb hm_s sm_s; do
    case $tree in '#'* | tree | '') continue ;; esac
    if [[ $tree == real:* ]]; then
        base=${tree#real:}
        files=("$ft/real-probabilities/$base.xml" "$ft/real-probabilities/$base-basic-events.xml")
    else
        files=("$ft/aralia/$tree.xml")
    fi
    [ -r "${files[0]}" ] || continue
    # hascout now and the reference build, alternating run by run
    now_t="" ref_t="" now_kb=0
    for ((i = 0; i < runs; i++)); do
        take now "$cli" analyze --format json "${files[@]}"
        [ -n "$ref" ] && isnum "$h_s" && take ref "$ref" analyze --format json "${files[@]}"
    done
    p=$(jq -r '.tops[0] | if .exact then "\(.probability)" else ">=\(.approximation.value)" end' \
        "$tmp/now" 2>/dev/null || echo -)
    [[ $p =~ ^[0-9] ]] && p=$(printf '%.6g' "$p")
    scale=1
    isnum "$ref_t" && isnum "$h_s" && scale=$(echo "$ref_t / $h_s" | bc -l)
    s_here=$s_s ratio=-
    if isnum "$s_s"; then
        s_here=$(printf '%.3f' "$(echo "$s_s * $scale" | bc -l)")
        if isnum "$now_t"; then
            ratio=$(printf '%.2f' "$(echo "$now_t / $s_here" | bc -l)")
            # the work: the longer of the two times in the file
            printf '%s %s %s\n' "$tree" "$ratio" \
                "$(echo "if ($s_s > $h_s) $s_s else $h_s" | bc -l)" >>"$tmp/ratios"
        fi
    fi
    # the cut sets of order <= 4, where SCRAM has a figure for them
    m_t=- s4=- r4=-
    if isnum "$sm_s"; then
        mcs_t="" mref_t=""
        for ((i = 0; i < runs; i++)); do
            take mcs "$cli" analyze --format json --mcs --order 4 --limit 0 "${files[@]}"
            [ -n "$ref" ] && isnum "$hm_s" &&
                take mref "$ref" analyze --format json --mcs --order 4 --limit 0 "${files[@]}"
        done
        # the cut sets' own scale where the reference ran them
        isnum "$mref_t" && isnum "$hm_s" && scale=$(echo "$mref_t / $hm_s" | bc -l)
        m_t=$mcs_t
        s4=$(printf '%.3f' "$(echo "$sm_s * $scale" | bc -l)")
        isnum "$m_t" && r4=$(printf '%.2f' "$(echo "$m_t / $s4" | bc -l)") &&
            printf '%s %s 9\n' "mcs4:$tree" "$r4" >>"$tmp/ratios"
        isnum "$m_t" && m_t=$(printf '%.3f' "$m_t")
    fi
    isnum "$now_t" && now_t=$(printf '%.3f' "$now_t")
    printf '%-14s %12s %8s %8.1f %9s %8s %7s | %8s %9s %7s\n' "$tree" "$p" "$now_t" \
        "$(echo "$now_kb / 1024" | bc -l)" "$s_here" "$s_mb" "$ratio" "$m_t" "$s4" "$r4"
done <"$tsv"

echo
summary() { # summary LABEL AWK-FILTER
    awk -v label="$1" "$2"' { n++; s += log($2); if ($2 > w) { w = $2; wt = $1 } }
        END { if (n) printf "%-34s geometric mean %.2f, worst %.2f (%s), %d trees\n",
              label, exp(s / n), w, wt, n }' "$tmp/ratios"
}
# shellcheck disable=SC2016 # awk's fields, not the shell's
summary 'exact P, every tree:' '$1 !~ /^mcs4:/'
# shellcheck disable=SC2016
summary 'exact P, either >= 0.25 s in the file:' '$1 !~ /^mcs4:/ && $3 >= 0.25'
# shellcheck disable=SC2016
summary 'cut sets of order <= 4:' '$1 ~ /^mcs4:/'
