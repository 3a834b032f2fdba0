#!/bin/bash
# tests/eval/test-compare.sh — `hascout compare` on the reference
# architectures in conf/arch/, checked with jq; and input errors.
set -u
# shellcheck source-path=SCRIPTDIR source=jq-check.sh
. "$HS_TOP_SRCDIR/tests/eval/jq-check.sh"
arch="$HS_TOP_SRCDIR/conf/arch"

"$HASCOUT_BIN" compare --json --years 200 "$arch/openstack-base.conf" \
    "$arch/openstack-lb.conf" "$arch/openstack-galera.conf" \
    "$arch/openstack-ceph.conf" "$arch/openstack-ha.conf" \
    >"$tmp/out.json" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: compare exited $rc"; cat "$tmp/err"; exit 1; }

check "five architectures, baseline first" \
    '(.architectures | length) == 5 and .architectures[0].name == .baseline'
check "every candidate lists every baseline service" \
    '[.architectures[0].services[].name] as $b
     | all(.architectures[]; ([.services[].name] | sort) == ($b | sort))'
check "baseline difference is 0" \
    '.architectures[0].diff_points == 0 and
     all(.architectures[0].services[]; .diff_points == 0)'
check "availabilities in (0, 1], weights sum to 1" \
    'all(.architectures[].services[]; .availability > 0 and .availability <= 1)
     and all(.architectures[]; ([.services[].weight] | add) - 1 | fabs < 1e-9)'
check "weighted average lies within the services' range" \
    'all(.architectures[]; .weighted_availability >= ([.services[].availability] | min) - 1e-12
         and .weighted_availability <= ([.services[].availability] | max) + 1e-12)'
check "diff_points is the weighted difference in points" \
    '.architectures[0].weighted_availability as $b
     | all(.architectures[]; (.diff_points - (.weighted_availability - $b) * 100) | fabs < 1e-9)'
check "Monte Carlo CI brackets its mean and is near the exact figure" \
    'all(.architectures[].services[]; .monte_carlo.outages_per_year as $m
         | $m.lo <= $m.mean and $m.mean <= $m.hi
           and (($m.mean - .outages_per_year) | fabs) < 0.2 * .outages_per_year + 0.5)'
check "the HA combination improves every service" \
    '.architectures[4].services_improved == 5 and .architectures[4].diff_points > 0'
check "added technologies are flagged" \
    '[.architectures[4].technologies[] | select(.added) | .key] | sort == ["ceph","galera","haproxy","keepalived"]'
check "the baseline adds nothing" \
    'all(.architectures[0].technologies[]; .added == false) and .architectures[0].adds_without_gain == false'
check "technology scores are on the 1..5 scale" \
    'all(.technologies[]; .chance >= 1 and .chance <= 5 and .risk >= 1 and .risk <= 5 and .maturity >= 1 and .maturity <= 5)'
check "a ranking for every HA class" \
    '(.ranking | keys | sort) == ["distributed-database","distributed-storage","load-balancer","resource-monitor"]
     and all(.ranking[]; length >= 2)'

# The same seed gives the same numbers.
"$HASCOUT_BIN" compare --json --years 200 "$arch/openstack-base.conf" \
    "$arch/openstack-lb.conf" "$arch/openstack-galera.conf" \
    "$arch/openstack-ceph.conf" "$arch/openstack-ha.conf" >"$tmp/again.json" 2>/dev/null
if jq -S 'del(.architectures[].exact_s, .architectures[].simulation_s)' "$tmp/out.json" >"$tmp/a" &&
   jq -S 'del(.architectures[].exact_s, .architectures[].simulation_s)' "$tmp/again.json" >"$tmp/b" &&
   cmp -s "$tmp/a" "$tmp/b"; then
    echo "ok: reproducible with the default seed"
else
    echo "FAIL: two runs differ"; fail=1
fi

# Without files: the reference comparison (the demo's), as text.
if "$HASCOUT_BIN" compare --years 100 >"$tmp/ref.txt" 2>"$tmp/err" &&
   grep -q "HA: all combined" "$tmp/ref.txt" && grep -q "ranking per HA class" "$tmp/ref.txt"; then
    echo "ok: reference comparison without files"
else
    echo "FAIL: reference comparison"; cat "$tmp/err"; fail=1
fi

# Input and usage errors: exit 3 (UNKNOWN, as everywhere in hascout) and the place on stderr.
cat >"$tmp/bad.conf" <<'CONF'
model = {
  components = ( { name = "a"; mttf = 10.0; mttr = 1.0; } );
  gates = ( { name = "g"; type = "or"; inputs = [ "a", "ghost" ]; } );
  services = ( { name = "S"; top = "g"; } );
};
CONF
"$HASCOUT_BIN" compare "$tmp/bad.conf" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 3 ] && grep -q "bad.conf:3:.*ghost" "$tmp/err"; then
    echo "ok: unknown component named with file:line"
else
    echo "FAIL: bad.conf gave rc=$rc: $(cat "$tmp/err")"; fail=1
fi
"$HASCOUT_BIN" compare --years -1 "$arch/openstack-base.conf" >/dev/null 2>&1
rc=$?
[ $rc -eq 3 ] && echo "ok: bad option" || { echo "FAIL: --years -1 gave $rc"; fail=1; }
"$HASCOUT_BIN" compare "$tmp/missing.conf" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 3 ] && grep -q "missing.conf" "$tmp/err"; then
    echo "ok: missing file"
else
    echo "FAIL: missing file gave $rc"; fail=1
fi
"$HASCOUT_BIN" compare --bogus >/dev/null 2>&1
rc=$?
[ $rc -eq 3 ] && echo "ok: unknown option" || { echo "FAIL: --bogus gave $rc"; fail=1; }
# @include in an architecture resolves next to that file, not in the cwd
mkdir -p "$tmp/inc/arch" "$tmp/inc/cwd"
echo '@include "model.conf"' > "$tmp/inc/arch/a.conf"
cp "$HS_TOP_SRCDIR/tests/model/two_of_three.conf" "$tmp/inc/arch/model.conf"
sed 's/Database/Planted/' "$HS_TOP_SRCDIR/tests/model/two_of_three.conf" > "$tmp/inc/cwd/model.conf"
(cd "$tmp/inc/cwd" && "$HASCOUT_BIN" compare --json --no-simulate "$tmp/inc/arch/a.conf") \
    >"$tmp/inc.json" 2>"$tmp/err"
if grep -q Database "$tmp/inc.json" && ! grep -q Planted "$tmp/inc.json"; then
    echo "ok: @include next to the architecture"
else
    echo "FAIL: @include resolved in the cwd: $(cat "$tmp/err")"; fail=1
fi
exit $fail
