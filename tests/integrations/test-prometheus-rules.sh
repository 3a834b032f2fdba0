#!/bin/bash
# The shipped Prometheus rules and Grafana dashboard: promtool checks the
# rules and runs their unit tests (hascout.rules.test.yml); the dashboard is
# importable JSON (schemaVersion, a datasource input, panels on services,
# margins, nines and targets); and every hascout_* metric either names is a
# family a real `hascout report -f prometheus` writes, so a renamed metric
# fails here instead of leaving a rule that never fires.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd promtool jq
hs_mkrun
RULES=$HS_TOP_SRCDIR/conf/prometheus/hascout.rules.yml
DASH=$HS_TOP_SRCDIR/conf/grafana/hascout-dashboard.json

hs_check "promtool check rules" promtool check rules "$RULES" > "$HS_RUN/check.log" 2>&1
# promtool reads rule_files relative to the test file: run it where it lies
hs_check "promtool test rules (hascout.rules.test.yml)" \
    sh -c "cd '$HS_TOP_SRCDIR/tests/integrations' && promtool test rules hascout.rules.test.yml" \
    > "$HS_RUN/test.log" 2>&1

# the families hascout writes, from the demo (with a history, so the
# observed families have samples too)
mkdir -m 700 "$HS_RUN/state"
"$HASCOUT_BIN" -q --state-dir "$HS_RUN/state" report -f prometheus -o "$HS_RUN/a.prom" \
    2> "$HS_RUN/hascout.log"
sed -n 's/^# TYPE \([a-z_]*\) .*/\1/p' "$HS_RUN/a.prom" | sort -u > "$HS_RUN/families"
hs_check "the demo's textfile has hascout families" \
    grep -qx hascout_service_margin "$HS_RUN/families"

# names_used FILE — every hascout_* and node_* metric name in FILE
names_used() { grep -o '\b\(hascout\|node\)_[a-z_]*' "$1" | sort -u; }
# node_textfile_mtime_seconds is node_exporter's own (the report's age)
known() { grep -qx "$1" "$HS_RUN/families" || [ "$1" = node_textfile_mtime_seconds ]; }
check_names() { # FILE
    local n bad=""
    for n in $(names_used "$1"); do known "$n" || bad="$bad $n"; done
    [ -z "$bad" ] || { hs_log "$1: not written by hascout:$bad"; return 1; }
}
rule_exprs() { sed -n 's/^ *expr: //p' "$RULES"; }
rule_exprs > "$HS_RUN/rule-exprs"
hs_check "the rules use only metrics hascout writes" check_names "$HS_RUN/rule-exprs"
hs_check "the rules cover down, margin, target, stale and UNKNOWN" \
    test "$(grep -c 'hascout_service_up ==\|hascout_service_margin == 0\|hascout_service_target\|node_textfile_mtime_seconds\|hascout_target_status == 3' "$HS_RUN/rule-exprs")" -eq 5

# jq_true FILTER FILE — the filter yields true on FILE
jq_true() { jq -e "$1" "$2" >/dev/null; }
hs_check "dashboard is valid JSON" jq empty "$DASH"
hs_check "dashboard has a schemaVersion, a title and a uid" \
    jq_true '(.schemaVersion | type == "number") and (.title | length > 0) and (.uid | length > 0)' "$DASH"
hs_check "dashboard asks for its Prometheus datasource on import" \
    jq_true '[.__inputs[] | select(.pluginId == "prometheus")] | length == 1' "$DASH"
hs_check "every panel has an id, a place and a query" \
    jq_true '[.panels[] | (.id and .gridPos and (.targets | length > 0))] | all' "$DASH"
jq -r '.panels[].targets[].expr' "$DASH" > "$HS_RUN/dash-exprs"
jq -r '.templating.list[].definition' "$DASH" | cat "$HS_RUN/dash-exprs" - > "$HS_RUN/dash-names"
hs_check "the dashboard uses only metrics hascout writes" check_names "$HS_RUN/dash-names"
for m in hascout_service_up hascout_service_margin hascout_availability_observed \
    hascout_availability_modeled hascout_service_target hascout_target_status; do
    hs_check "the dashboard shows $m" grep -q "$m" "$HS_RUN/dash-exprs"
done
hs_check "the dashboard shows nines" grep -q -- '-log10(1 - hascout_availability' "$HS_RUN/dash-exprs"
# the panels' queries parse as PromQL: promtool checks each as a rule
{
    echo "groups: [ { name: dashboard, rules: ["
    i=0
    while IFS= read -r e; do
        printf '  { record: "dash:q%d", expr: %s },\n' $i "$(jq -Rn --arg e "$e" '$e')"
        i=$((i + 1))
    done < "$HS_RUN/dash-exprs"
    echo "] } ]"
} > "$HS_RUN/dash-rules.yml"
hs_check "every dashboard query is valid PromQL" \
    promtool check rules "$HS_RUN/dash-rules.yml" > "$HS_RUN/dash-check.log" 2>&1
hs_done
