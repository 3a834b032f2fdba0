#!/bin/bash
# tests/model/cli.sh — `hascout model` end to end through the stand-alone
# driver (tests/model/model-cli): exit codes, JSON shape, reference numbers,
# simulation within its confidence interval, errors naming file:line.
set -u
top=${HS_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cli=${HS_TOP_BUILDDIR:-.}/tests/model/model-cli
data=$top/tests/model/data/fault-trees
fails=0
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
[ -x "$cli" ] || { echo "FAIL: $cli not built"; exit 1; }

tmp_err=$(mktemp)
trap 'rm -f "$tmp_err"' EXIT

check() { # check NAME CONDITION-EXIT-CODE
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAIL: $1"; fails=$((fails + 1)); fi
}

out=$("$cli" analyze --format json --mcs --limit 0 "$data/aralia/chinese.xml")
check "analyze exit 0" $?
echo "$out" | jq -e '.tops[0].probability > 0.00117057 and .tops[0].probability < 0.00117059' >/dev/null
check "chinese P(top)" $?
echo "$out" | jq -e '.tops[0].cut_sets.count == 392 and .tops[0].cut_sets.by_order["5"] == 188' >/dev/null
check "chinese cut sets" $?

"$cli" analyze --format json --order 3 --limit 0 "$data/aralia/das9201.xml" |
    jq -e '.tops[0].cut_sets | .count == 9822 and .by_order["2"] == 82 and .by_order["3"] == 9740' >/dev/null
check "--order 3 truncates the cut sets" $?

# Too hard for a BDD within --max-nodes: cut sets from the circuit instead,
# flagged approximate; the counts are the exact route's (reference above).
out=$("$cli" analyze --format json --max-nodes 1000 --order 3 --limit 0 \
      "$data/aralia/edf9205.xml" 2>"$tmp_err")
check "too hard: exit 0 with an approximation" $?
echo "$out" | jq -e '.tops[0] | .exact == false and .probability == null and .approximation.order_limit == 3 and .cut_sets.by_order == {"1": 15, "2": 1089, "3": 4247}' >/dev/null
check "too hard: cut sets of order <= 3 from the circuit" $?
# Their union's probability is a lower bound: below the exact P (0.2093509,
# the reference) and above the union of fewer of them (order <= 2).
p2=$("$cli" analyze --format json --max-nodes 1000 --order 2 \
     "$data/aralia/edf9205.xml" 2>/dev/null | jq '.tops[0].approximation.value')
echo "$out" | jq -e --argjson p2 "$p2" '.tops[0].approximation | .method == "cut-set union" and .bound == "lower" and .value < 0.2093509 and .value > 0.2093 and .value > $p2' >/dev/null
check "too hard: a certain lower bound, rising with the order" $?
# Beside it, a Monte Carlo estimate of the whole probability, labelled as
# such, whose 95 % interval holds the exact value (seed 1: reproducible).
# Only what the bound's 5,351 sets leave out is drawn: the interval starts
# at the bound, never below it, and is about 1e-5 wide where drawing the
# whole probability gave 8e-4 (a plain estimate fails the width check).
echo "$out" | jq -e '.tops[0] | .approximation.value as $lb | .monte_carlo | .method == "cut-set union + monte carlo" and .bound == null and .samples == 4194304 and .seed == 1 and .known == $lb and .known_sets == 5351 and $lb <= .ci95[0] and .ci95[0] <= .value and .value <= .ci95[1] and .ci95[0] < 0.2093509 and 0.2093509 < .ci95[1] and .ci95[1] - .ci95[0] < 5e-5' >/dev/null
check "too hard: a Monte Carlo estimate with its 95 % interval" $?
"$cli" analyze --max-nodes 1000 --order 3 "$data/aralia/edf9205.xml" 2>/dev/null |
    grep -q "unavailability (MC est.) .*95 % confidence interval \[.*Monte Carlo estimate, not a bound"
check "too hard: the estimate labelled in text" $?
grep -q "node limit reached.*approximating from the minimal cut sets of order <= 3" "$tmp_err"
check "too hard: says why on stderr" $?
"$cli" analyze --format json "$data/aralia/edf9205.xml" | jq -e '.tops[0].exact == true' >/dev/null
check "exact: true otherwise" $?
"$cli" analyze --max-nodes 1000 "$data/aralia/das9701.xml" 2>"$tmp_err" >/dev/null
[ $? -eq 3 ] && grep -q "'r1' is not coherent" "$tmp_err"
check "too hard and not coherent: exit 3, named" $?

# Beyond exact reach with the defaults (nus9601): the rounds stop once a
# fourfold budget leaves more than half the gates unbuilt, and say so; the
# bound and the estimate come as with --max-nodes (the rounds went on to
# 64 Mi nodes: minutes and 2.7 GB).
out=$("$cli" analyze --format json "$data/aralia/nus9601.xml" 2>"$tmp_err")
check "nus9601 by default: exit 0" $?
echo "$out" | jq -e '.tops[0] | .exact == false and .approximation.bound == "lower" and (.approximation.value - 9.93927e-06 | fabs) < 1e-10 and .monte_carlo.samples == 4194304 and .monte_carlo.ci95[0] >= .approximation.value and .monte_carlo.ci95[1] < 1.1 * .approximation.value' >/dev/null
check "nus9601 by default: the lower bound and the estimate" $?
grep -q "the default rounds stopped at 262144 nodes; --max-nodes N tries up to N" "$tmp_err"
check "nus9601 by default: says where it stopped" $?

out=$("$cli" analyze --format json --importance \
      "$data/parser-cases/correct_tree_input_with_probs.xml")
echo "$out" | jq -e '[.tops[0].importance_measures.events[] | select(.event == "ValveOne")][0].birnbaum | (. > 0.339999 and . < 0.340001)' >/dev/null
check "importance in JSON" $?

out=$("$cli" analyze --format json "$top/tests/model/two_of_three.conf")
[ "$(echo "$out" | jq -S 'del(.time_s)')" = "$("$cli" analyze --json "$top/tests/model/two_of_three.conf" | jq -S 'del(.time_s)')" ]
check "--json is --format json" $?
echo "$out" | jq -e '.tops[0].steady_state | (.unavailability - 2.92148e-4 | fabs) < 1e-9 and (.outages_per_year - 0.51014 | fabs) < 5e-6 and (.mdt_h - 5.017 | fabs) < 5e-4' >/dev/null
check "2-of-3 exact" $?

out=$("$cli" simulate --format json --years 200000 --seed 11 --replications 20 \
      "$top/tests/model/two_of_three.conf")
check "simulate exit 0" $?
echo "$out" | jq -e '(.unavailability.ci95[0] <= 2.92148e-4 and 2.92148e-4 <= .unavailability.ci95[1]) and (.outages_per_year.ci95[0] <= 0.51014 and 0.51014 <= .outages_per_year.ci95[1]) and (.mean_outage_h.ci95[0] <= 5.017 and 5.017 <= .mean_outage_h.ci95[1])' >/dev/null
check "simulation CI covers the exact values" $?

"$cli" analyze --format json --down db1 "$top/tests/model/two_of_three.conf" |
    jq -e '.tops[0].probability | (. - (1 - (1000/1010)*(1000/1010)) | fabs) < 1e-9' >/dev/null
check "--down forces a component" $?

err=$("$cli" analyze "$data/parser-cases/cyclic_tree.xml" 2>&1 >/dev/null)
rc=$?
[ $rc -eq 3 ] && [[ $err == *cyclic_tree.xml:13:*cycle* ]]
check "cycle → exit 3 naming file:line ($err)" $?

err=$("$cli" analyze "$data/parser-cases/beta_ccf_level_error.xml" 2>&1 >/dev/null)
rc=$?
[ $rc -eq 3 ] && [[ $err == *CCF* ]]
check "CCF refused by name" $?

# usage and input errors exit 3 (UNKNOWN), as everywhere in hascout: 2 reads CRITICAL
"$cli" analyze --bogus "$data/small/two_train.xml" >/dev/null 2>&1
[ $? -eq 3 ]
check "unknown option → exit 3" $?

"$cli" frobnicate x >/dev/null 2>&1
[ $? -eq 3 ]
check "unknown sub-command → exit 3" $?

"$cli" >/dev/null 2>&1
[ $? -eq 3 ]
check "no sub-command → exit 3" $?

"$cli" analyze >/dev/null 2>&1
[ $? -eq 3 ]
check "no model file → exit 3" $?

"$cli" analyze "$top/tests/model/web_stack.conf" | grep -q "Web (top event 'web_down')"
check "whole hascout config with a model group" $?

# @include resolves against the including file's directory, never the cwd:
# a planted part.conf where hascout happens to run must not be analysed
inc=$(mktemp -d)
mkdir -p "$inc/models" "$inc/cwd"
echo '@include "part.conf"' > "$inc/models/main.conf"
cp "$top/tests/model/two_of_three.conf" "$inc/models/part.conf"
sed 's/Database/Planted/; s/db\([123]\)/evil\1/g' "$top/tests/model/two_of_three.conf" > "$inc/cwd/part.conf"
out=$(cd "$inc/cwd" && "$cli" analyze --format json "$inc/models/main.conf" 2>&1)
echo "$out" | grep -q Database && ! echo "$out" | grep -q Planted
check "@include next to the model, not in the cwd (absolute path)" $?
out=$(cd "$inc/cwd" && "$cli" analyze --format json ../models/main.conf 2>&1)
echo "$out" | grep -q Database && ! echo "$out" | grep -q Planted
check "@include next to the model, not in the cwd (relative path)" $?
rm -f "$inc/models/part.conf"
(cd "$inc/cwd" && "$cli" analyze "$inc/models/main.conf" >/dev/null 2>&1)
[ $? -eq 3 ]
check "@include missing next to the model: an error, not the cwd's file" $?
rm -rf "$inc"

[ $fails -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
exit 0
