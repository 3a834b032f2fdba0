#!/bin/bash
# `hascout model calibrate`: a 30-day history generated from a known process
# (every 5 minutes; components A and B both fail every 50 h on average and
# are repaired in 2 h), against a model that assumes A right and B ten times
# too reliable. B is flagged, A is not; the calibrated MTTFs move towards
# 50 h; the calibrated configuration is read by `model analyze`; JSON; no
# model is an error. (Coverage over many seeds: tests/unit/test_evidence.c.)
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd jq python3
hs_mkrun
H() { "$HASCOUT_BIN" -q "$@"; }
jqe() { jq -e "$@" >/dev/null; }

mkdir -p "$HS_RUN/state"
cat >"$HS_RUN/a.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state"; lock = "skip"; };
targets = ( { name = "t"; plugin = "test"; components = ( { id = "a"; }, { id = "b"; } ); } );
model = {
  components = (
    { name = "A"; mttf = 50.0; mttr = 2.0; live = { target = "t"; component = "a"; }; },
    { name = "B"; mttf = 500.0; mttr = 2.0; live = { target = "t"; component = "b"; }; },
    { name = "C"; mttf = 1000.0; mttr = 1.0; }
  );
  gates = ( { name = "down"; type = "and"; inputs = [ "A", "B", "C" ]; } );
  services = ( { name = "S"; top = "down"; } );
};
CONF
python3 - "$HS_RUN/state/history.jsonl" <<'PY'
import json, random, sys, time
rng = random.Random(20261203)
now = time.time(); span = 30 * 86400; t0 = now - span
state = {"A": 1, "B": 1}; nxt = {k: rng.expovariate(1 / (50 * 3600)) for k in state}
with open(sys.argv[1], "w") as f:
    t = 0.0
    while t <= span:
        for k in state:
            while t >= nxt[k]:
                state[k] ^= 1
                nxt[k] += rng.expovariate(1 / ((50 if state[k] else 2) * 3600))
        rec = {"v": 1, "t": t0 + t, "services": {}, "targets": {},
               "components": {k: "UP" if v else "DOWN" for k, v in state.items()}}
        f.write(json.dumps(rec) + "\n")
        t += 300
PY
H -c "$HS_RUN/a.conf" model calibrate >"$HS_RUN/cal.txt"
hs_check "a contradicted assumption: exit 1" test $? -eq 1
hs_check "B (assumed 10x too reliable) is flagged" grep -Eq "^B .* MTTF$" "$HS_RUN/cal.txt"
hs_check "A (assumed right) is not" sh -c "grep -E '^A ' '$HS_RUN/cal.txt' | grep -vq MTTF\$"
hs_check "C has no history" grep -Eq "^C .*no history$" "$HS_RUN/cal.txt"
H -c "$HS_RUN/a.conf" model calibrate --json >"$HS_RUN/cal.json"
hs_check "JSON: B's observed MTTF interval holds 50 h" \
    jqe '.components[] | select(.name == "B") | .failure | .observed_low_h <= 50 and 50 <= .observed_high_h' "$HS_RUN/cal.json"
hs_check "JSON: B's calibrated MTTF moved from 500 h towards 50 h" \
    jqe '.components[] | select(.name == "B") | .failure | .calibrated_h < 150 and .contradicts' "$HS_RUN/cal.json"
hs_check "JSON: about 14 failures of A in 30 days" \
    jqe '.components[] | select(.name == "A") | .failure.events >= 5 and .failure.events <= 25' "$HS_RUN/cal.json"
H -c "$HS_RUN/a.conf" model calibrate -o "$HS_RUN/calibrated.conf" >/dev/null
"$HASCOUT_BIN" model analyze --format json "$HS_RUN/calibrated.conf" >"$HS_RUN/an.json"
hs_check "the calibrated configuration is a model analyze reads" test $? -eq 0
hs_check "... with B's calibrated rate and where it came from" \
    grep -q 'calibrated from history' "$HS_RUN/calibrated.conf"
"$HASCOUT_BIN" compare "$HS_RUN/a.conf" "$HS_RUN/calibrated.conf" >"$HS_RUN/cmp.txt"
hs_check "compare assumed vs calibrated shows what the evidence changes" \
    grep -Eq "^calibrated +[0-9.]+ % +-[0-9.]+ " "$HS_RUN/cmp.txt"
# the report's section "assumptions vs evidence"
H -c "$HS_RUN/a.conf" report -f json -o "$HS_RUN/r.json"
hs_check "report: B is the contradicted component" \
    jqe '.evidence.contradicted | length == 1 and .[0].name == "B" and .[0].rate == "MTTF"' "$HS_RUN/r.json"
hs_check "report: the service from assumed and from calibrated rates" \
    jqe '.evidence.services[0] | .modeled_assumed != .modeled_calibrated' "$HS_RUN/r.json"
H -c "$HS_RUN/a.conf" report -o "$HS_RUN/r.txt"
hs_check "text report: assumptions vs evidence" grep -q "^  B  *MTTF assumed 500 h, observed" "$HS_RUN/r.txt"
H -c "$HS_RUN/a.conf" report -f html -o "$HS_RUN/r.html"
hs_check "HTML report: the evidence table" grep -q 'id="evidence"' "$HS_RUN/r.html"
cat >"$HS_RUN/nomodel.conf" <<CONF
hascout = { state_dir = "$HS_RUN/state"; };
targets = ( { name = "t"; plugin = "test"; } );
CONF
H -c "$HS_RUN/nomodel.conf" model calibrate 2>"$HS_RUN/err" >/dev/null
hs_check "no model: exit 3, said" sh -c "test $? -eq 3 && grep -q 'no .model. to calibrate' '$HS_RUN/err'"
hs_done
