#!/bin/bash
# Live state through the model, with the test plugin standing in for the
# probes: a component going down lowers the margin of every service that
# depends on it, completing a cut set takes the service down, UNKNOWN is
# never taken for UP; observed availability over a hand-made history;
# kill -9 in the middle of runs never corrupts earlier records; the JSON
# validates against the schema; Prometheus text passes promtool.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd jq
hs_mkrun
states=$HS_RUN/states
sed -e "s|@STATE@|$HS_RUN/state|" -e "s|@STATES@|$states|" \
    "$HS_TOP_SRCDIR/tests/live/stack.conf.in" > "$HS_RUN/stack.conf"
: > "$states"
R() { "$HASCOUT_BIN" -q --config "$HS_RUN/stack.conf" report --format json -o "$HS_RUN/r.json"; }
jqe() { jq -e "$@" >/dev/null; }
svc() { jq -r --arg s "$1" ".services[] | select(.name == \$s) | $2" "$HS_RUN/r.json"; }
eq() { local got; got=$(svc "$1" "$2"); [ "$got" = "$3" ] || { hs_log "$1 $2 = $got, expected $3"; return 1; }; }

R; rc=$?
hs_check "all up: exit OK" test "$rc" -eq 0
hs_check "all up: Compute UP, margin 2" eq Compute '.state + " " + (.margin|tostring)' "UP 2"
hs_check "all up: Database margin 2" eq Database .margin 2
hs_check "unmapped components reported UNMAPPED" \
    test "$(jq -r '.model_components[] | select(.name == "api1") | .state' "$HS_RUN/r.json")" = UNMAPPED
hs_check "modeled availability in (0,1)" \
    jqe '.services | all(.modeled_availability > 0.99 and .modeled_availability < 1)' "$HS_RUN/r.json"

echo "db1 DOWN" > "$states"; R; rc=$?
hs_check "db1 down: Database margin 1" eq Database .margin 1
hs_check "db1 down: Compute margin 1 (depends on the db)" eq Compute .margin 1
hs_check "db1 down: nearest cut is one more db node" eq Database '.nearest_cut | length' 1
hs_check "db1 down: service status WARNING (redundancy lost)" eq Database .status WARNING

printf 'db1 DOWN\ndb2 DOWN\n' > "$states"; R; rc=$?
hs_check "db1+db2 down: Database DOWN (cut set complete)" eq Database .state DOWN
hs_check "db1+db2 down: Compute DOWN" eq Compute '.state + " " + (.margin|tostring)' "DOWN 0"
hs_check "service down: exit CRITICAL" test "$rc" -eq 2

printf 'lb1 DOWN\n' > "$states"; R
hs_check "lb1 down: Compute margin 1, cut lb2" eq Compute '(.margin|tostring) + " " + (.nearest_cut|join(","))' "1 lb2"
hs_check "lb1 down: Database untouched, margin 2" eq Database .margin 2

printf 'db1 UNKNOWN\ndb2 DOWN\n' > "$states"; R; rc=$?
hs_check "unknown is not up: Database UNKNOWN" eq Database .state UNKNOWN
hs_check "unknown: margins 1 (working) / 0 (failed)" \
    eq Database '(.margin|tostring) + "/" + (.margin_if_unknown_failed|tostring)' "1/0"
hs_check "unknown: service status UNKNOWN" eq Database .status UNKNOWN

printf 'db3 DEGRADED\n' > "$states"; R
hs_check "DEGRADED counts as up by default" eq Database .margin 2
sed 's/degraded_is = "up"/degraded_is = "down"/' "$HS_RUN/stack.conf" > "$HS_RUN/deg.conf"
"$HASCOUT_BIN" -q --config "$HS_RUN/deg.conf" report -f json -o "$HS_RUN/r.json"
hs_check "degraded_is = down: DEGRADED counts as failed" eq Database .margin 1

# --- observed availability over a hand-made history ---------------------
rm -rf "$HS_RUN/state"; mkdir -p "$HS_RUN/state"; : > "$states"
now=$(date +%s)
for rec in "$((now - 3600)) UP" "$((now - 1800)) DOWN" "$((now - 900)) UP"; do
    set -- $rec
    printf '{"v":1,"t":%s,"services":{"Database":"%s"},"components":{},"targets":{}}\n' "$1" "$2"
done > "$HS_RUN/state/history.jsonl"
R
# up 1800 s + 900 s (until now), down 900 s: 0.75; one outage of 900 s
hs_check "observed 24h availability = 0.75" \
    jqe '.services[] | select(.name == "Database") | .observed["24h"] |
           (.availability - 0.75 | fabs) < 0.001 and .outages == 1 and
           (.outage_max_s - 900 | fabs) < 1' "$HS_RUN/r.json"
# its 95 % interval: rho = 900/2700, (D/U)/rho ~ F(2,2), F(0.975; 2,2) = 39
hs_check "observed 24h interval: 1/(1 + 13) to 1/(1 + 1/117)" \
    jqe '.services[] | select(.name == "Database") | .observed["24h"] |
           (.availability_low - 1/14 | fabs) < 0.001 and
           (.availability_high - 117/118 | fabs) < 0.001 and .enough_data' "$HS_RUN/r.json"
hs_check "one hour is not enough for 30 days: no figure, its coverage said" \
    jqe '.services[] | select(.name == "Database") | .observed["30d"] |
           .availability == null and (.enough_data | not) and .coverage < 0.002' "$HS_RUN/r.json"
"$HASCOUT_BIN" -q --config "$HS_RUN/stack.conf" report -o "$HS_RUN/r.txt"
hs_check "the text report gives the interval" \
    grep -Eq "24h  75\.0[0-9]* % \(95 %: 7\.1[0-9]* to 99\.15[0-9]* %\), 4 % of the window observed, 1 outage" "$HS_RUN/r.txt"
hs_check "the text report says n/a for 30 days" grep -q "30d  not enough data" "$HS_RUN/r.txt"
hs_check "the run appended its own record" test "$(wc -l < "$HS_RUN/state/history.jsonl")" -eq 5

# --- a damaged last line is skipped with a warning; the next run closes it
printf '{"v":1,"t":%s,"servi' "$now" >> "$HS_RUN/state/history.jsonl"
"$HASCOUT_BIN" --config "$HS_RUN/stack.conf" report -f json -o "$HS_RUN/r.json" 2>"$HS_RUN/warn.txt"
hs_check "damaged last line: warned" grep -q "history line 6 skipped" "$HS_RUN/warn.txt"
"$HASCOUT_BIN" -q --config "$HS_RUN/stack.conf" report -f json -o "$HS_RUN/r.json"
hs_check "damaged line stays alone; later records intact" \
    test "$(grep -c '^{"v":1,"t":[0-9.]*,"services":{"' "$HS_RUN/state/history.jsonl")" -eq 7

# --- kill -9 at random moments: earlier records never corrupted ---------
rm -rf "$HS_RUN/state"; mkdir -p "$HS_RUN/state"
for i in $(seq 1 25); do
    "$HASCOUT_BIN" -q --config "$HS_RUN/stack.conf" report -f json -o "$HS_RUN/k.json" & p=$!
    sleep "0.$(( RANDOM % 4 ))$(( RANDOM % 10 ))"  # 0 to 0.39 s: before, during, after
    kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null
done
R
total=$(wc -l < "$HS_RUN/state/history.jsonl")
good=$(grep -c '^{"v":1,.*}$' "$HS_RUN/state/history.jsonl")
bad=$((total - good))
hs_check "after 25 kill -9: at most one damaged line per killed run, last run intact" \
    test "$(tail -n 1 "$HS_RUN/state/history.jsonl" | jq -r .v)" = 1
hs_check "after kill -9: every complete line parses" \
    sh -c "grep '^{\"v\":1,.*}\$' '$HS_RUN/state/history.jsonl' | jq -e . >/dev/null"
hs_log "history after kills: $total lines, $good complete, $bad damaged"

# --- formats: JSON schema, Prometheus ------------------------------------
if python3 -c 'import jsonschema' 2>/dev/null; then
    hs_check "JSON report validates against reports/report.schema.json" python3 -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
jsonschema.validate(doc, schema)' "$HS_TOP_SRCDIR/reports/report.schema.json" "$HS_RUN/r.json"
else
    hs_log "SKIP schema validation: python3-jsonschema not installed"
fi
"$HASCOUT_BIN" -q --config "$HS_RUN/stack.conf" report -f prometheus -o "$HS_RUN/hascout.prom"
hs_check "prometheus: service_up and margin present" \
    grep -q '^hascout_service_margin{service="Compute"} [0-9]' "$HS_RUN/hascout.prom"
hs_check "prometheus: no timestamps (2 fields per sample)" \
    sh -c "! grep -v '^#' '$HS_RUN/hascout.prom' | awk '{print \$NF}' | grep -q '^[0-9]\{13\}\$'"
if command -v promtool >/dev/null; then
    hs_check "promtool check metrics" sh -c "promtool check metrics < '$HS_RUN/hascout.prom'"
else
    hs_log "SKIP promtool: prometheus package not installed"
fi

# --- two runs three minutes apart: "not enough data", never 100 % ---------
rm -rf "$HS_RUN/state"; mkdir -p "$HS_RUN/state"; : > "$states"
now=$(date +%s)
printf '{"v":1,"t":%s,"services":{"Database":"UP"},"components":{},"targets":{}}\n' \
    "$((now - 180))" > "$HS_RUN/state/history.jsonl"
"$HASCOUT_BIN" -q --config "$HS_RUN/stack.conf" report -f json -o "$HS_RUN/r3.json"
"$HASCOUT_BIN" -q --config "$HS_RUN/stack.conf" report -o "$HS_RUN/r3.txt"
"$HASCOUT_BIN" -q --config "$HS_RUN/stack.conf" report -f prometheus -o "$HS_RUN/r3.prom"
"$HASCOUT_BIN" -q --config "$HS_RUN/stack.conf" report -f html -o "$HS_RUN/r3.html"
hs_check "3 minutes of history: no observed figure in any window (JSON)" \
    jqe '[.services[] | select(.name == "Database") | .observed[] | .availability] | all(. == null)' "$HS_RUN/r3.json"
hs_check "... not enough data in the text" grep -q "24h  not enough data (3 min observed" "$HS_RUN/r3.txt"
hs_check "... never 100 % in the text" sh -c "! grep -q '^Database .*100.0000%' '$HS_RUN/r3.txt'"
hs_check "... no observed sample for Prometheus" \
    sh -c "! grep -q '^hascout_availability_observed{service=\"Database\"' '$HS_RUN/r3.prom'"
hs_check "... its coverage is exported" grep -q '^hascout_observed_coverage{service="Database",window="24h"}' "$HS_RUN/r3.prom"
hs_check "... n/a in the HTML table" grep -q '>n/a</td>' "$HS_RUN/r3.html"
hs_done
