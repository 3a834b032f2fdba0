#!/bin/bash
# tests/eval/test-uncertainty.sh — `hascout compare --uncertainty` and
# `--explain-gain` on the reference architectures: the shape of the answer
# (intervals hold the point values, probabilities in [0, 1], the tornado
# sorted), the same figures for any thread count, and input errors. The
# numbers themselves are checked against closed forms in test_uncertainty.c.
set -u
# shellcheck source-path=SCRIPTDIR source=jq-check.sh
. "$HS_TOP_SRCDIR/tests/eval/jq-check.sh"
run() { # run OUT ARGS...: the reference comparison, exact only
    local out=$1
    shift
    "$HASCOUT_BIN" compare --no-simulate "$@" >"$out" 2>"$tmp/err"
}

run "$tmp/out.json" --json --uncertainty --samples 2000 --seed 3 --explain-gain 7 ||
    { echo "FAIL: compare --uncertainty exited $?"; cat "$tmp/err"; exit 1; }
[ -s "$tmp/err" ] && { echo "FAIL: output on stderr without a terminal"; cat "$tmp/err"; fail=1; }

check "2000 samples of five architectures" \
    '.uncertainty.samples == 2000 and (.uncertainty.architectures | length) == 5'
check "the weighted availability's 5-95 % holds the point value" \
    '[.architectures[].weighted_availability] as $p
     | [.uncertainty.architectures | to_entries[]
        | .value.weighted.availability.p05 <= $p[.key] and $p[.key] <= .value.weighted.availability.p95]
     | all'
check "the weighted gain's 5-95 % holds the point gain" \
    '[.architectures[].diff_points] as $p
     | [.uncertainty.architectures | to_entries[]
        | .value.weighted.gain_points.p05 <= $p[.key] + 1e-9
          and $p[.key] - 1e-9 <= .value.weighted.gain_points.p95]
     | all'
check "every service's availability interval holds its point value" \
    '[.architectures[] | [.services[].availability]] as $p
     | [.uncertainty.architectures | to_entries[] | .key as $a
        | .value.services | to_entries[]
        | .value.availability.p05 <= $p[$a][.key] and $p[$a][.key] <= .value.availability.p95]
     | all'
check "percentiles ordered" \
    '[.uncertainty.architectures[] | (.weighted, .services[]) | (.availability, .gain_points)
      | .p05 <= .median and .median <= .p95] | all'
check "the baseline gains nothing and has no P(beats baseline)" \
    '.uncertainty.architectures[0] | .weighted.gain_points.p95 == 0
     and .weighted.gain_points.p05 == 0 and .weighted.p_beats_baseline == null'
check "P(beats baseline) in [0, 1]" \
    '[.uncertainty.architectures[] | (.weighted, .services[]) | .p_beats_baseline
      | select(. != null) | . >= 0 and . <= 1] | all'
check "P(a beats b) in [0, 1] and P(a beats b) + P(b beats a) <= 1" \
    '.uncertainty.architectures as $u | [range(0; $u | length) as $i | range(0; $u | length) as $j
      | select($i != $j) | $u[$i].p_beats[$u[$j].name] as $p | $u[$j].p_beats[$u[$i].name] as $q
      | $p >= 0 and $p <= 1 and $p + $q <= 1 + 1e-12] | all'
check "a tornado per candidate, most swing first, inputs known" \
    '[.uncertainty.inputs[].key] as $k
     | .uncertainty.architectures[1:]
     | all(.tornado.bars | (length > 0) and ([.[].swing] == ([.[].swing] | sort | reverse))
           and all(.[]; .input as $i | $k | index($i) != null))'
check "explain: a factor above 1 or the best reachable gain, judged against conf/" \
    '.uncertainty.explain | .architecture == "HA: all combined" and .target_points == 7
     and (.failure_rates | (.scale > 1 and (.plausible | type) == "boolean")
                           or (.scale == null and .best_gain_points < 7))'

# the same figures on one thread and on three
if ! run "$tmp/t1.json" --json --uncertainty --samples 1500 --seed 9 --threads 1 ||
    ! run "$tmp/t3.json" --json --uncertainty --samples 1500 --seed 9 --threads 3; then
    echo "FAIL: compare --threads"; cat "$tmp/err"; fail=1
fi
strip='.uncertainty | del(.threads, .seconds)'
if [ "$(jq -S "$strip" "$tmp/t1.json")" = "$(jq -S "$strip" "$tmp/t3.json")" ] &&
    [ "$(jq .uncertainty.threads "$tmp/t3.json")" = 3 ]; then
    echo "ok: one thread and three give the same figures"
else
    echo "FAIL: the thread count changed the figures"; fail=1
fi

run "$tmp/out.txt" --uncertainty --samples 300
if grep -q '^Uncertainty: 300 paired samples' "$tmp/out.txt" &&
    grep -q 'Which assumption matters' "$tmp/out.txt"; then
    echo "ok: text report"
else
    echo "FAIL: text report"; fail=1
fi

# the HTML report draws a tornado per candidate when the comparison group
# asks for samples (the demo's configuration, its stack simulated)
mkdir -p "$tmp/demo"
cp -r "$HS_TOP_SRCDIR/conf/arch" "$tmp/demo/"
sed 's|^  baseline = "arch/openstack-base.conf";|&\n  samples = 500;|' \
    "$HS_TOP_SRCDIR/conf/demo.conf" >"$tmp/demo/demo.conf"
"$HASCOUT_BIN" -q -c "$tmp/demo/demo.conf" report --format html -o "$tmp/r.html" 2>"$tmp/err"
rc=$?
charts=$(grep -o 'class="tornado"' "$tmp/r.html" 2>/dev/null | wc -l)
bars=$(grep -o 'class="bar-tornado"' "$tmp/r.html" 2>/dev/null | wc -l)
if [ $rc -le 3 ] && [ "$charts" -eq 4 ] && [ "$bars" -ge 4 ] && [ "$bars" -le 32 ]; then
    echo "ok: HTML report: $charts tornado charts, $bars bars"
else
    echo "FAIL: HTML report (exit $rc, $charts charts, $bars bars)"; cat "$tmp/err"; fail=1
fi

for bad in "--samples 0" "--samples x" "--explain-gain abc" "--explain-gain 200"; do
    # shellcheck disable=SC2086
    run "$tmp/bad" $bad
    rc=$?
    if [ $rc -eq 3 ] && grep -q "hascout compare: --" "$tmp/err"; then
        echo "ok: $bad refused"
    else
        echo "FAIL: $bad gave $rc"; fail=1
    fi
done
exit $fail
