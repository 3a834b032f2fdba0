#!/bin/bash
# test-prometheus.sh — hascout's Prometheus path end to end with real
# servers on 127.0.0.1: the haproxy lab, hascout writing its textfile into a
# scratch collector directory, prometheus-node-exporter serving it, and a
# real Prometheus scraping the exporter every second with the shipped rules
# (conf/prometheus/hascout.rules.yml) evaluated every second. The lab's
# backend servers are killed: HascoutServiceDown must fire, found through
# Prometheus' HTTP API before a deadline; it must not fire while all is up.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/haproxy/lab.sh"
hs_need_lab
hs_need_cmd prometheus prometheus-node-exporter curl jq
hap_lab_setup

RULES=$HS_TOP_SRCDIR/conf/prometheus/hascout.rules.yml
TEXTDIR=$HS_RUN/textfile
mkdir -m 755 "$TEXTDIR"
hap_hascout_conf "$HS_RUN/hascout.conf" "
  { name = \"lb\"; plugin = \"haproxy\"; deadline = 8.0; url = \"$HAP_STATS_URL\"; }"

# report — one hascout run, its textfile replaced atomically (as the timer does)
report() {
    hs_hascout -q --config "$HS_RUN/hascout.conf" report -f prometheus \
        -o "$TEXTDIR/hascout.prom" >> "$HS_RUN/hascout.log" 2>&1
    [ -s "$TEXTDIR/hascout.prom" ]
}
report
hs_check "hascout wrote the textfile" grep -q '^hascout_service_up{' "$TEXTDIR/hascout.prom"
SERVICE=$(sed -n 's/^hascout_service_up{service="\(.*\)"} .*/\1/p' "$TEXTDIR/hascout.prom" | head -n 1)
hs_check "all up: service '$SERVICE' is up in the textfile" \
    grep -qx "hascout_service_up{service=\"$SERVICE\"} 1" "$TEXTDIR/hascout.prom"

NE_PORT=$(hs_free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$NE_PORT" \
    --collector.disable-defaults --collector.textfile \
    --collector.textfile.directory="$TEXTDIR" > "$HS_RUN/node-exporter.log" 2>&1 &
hs_track_pid $!
hs_check "node_exporter serves hascout's textfile" hs_wait_until 20 \
    "curl -sf 'http://127.0.0.1:$NE_PORT/metrics' | grep -q '^hascout_service_up{'"

PROM_PORT=$(hs_free_port)
while [ "$PROM_PORT" = "$NE_PORT" ]; do PROM_PORT=$(hs_free_port); done
cat > "$HS_RUN/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $RULES
scrape_configs:
  - job_name: node
    static_configs:
      - targets: [ "127.0.0.1:$NE_PORT" ]
YML
prometheus --config.file="$HS_RUN/prometheus.yml" --storage.tsdb.path="$HS_RUN/tsdb" \
    --web.listen-address="127.0.0.1:$PROM_PORT" > "$HS_RUN/prometheus.log" 2>&1 &
hs_track_pid $!
API=http://127.0.0.1:$PROM_PORT/api/v1
hs_check "prometheus is ready" hs_wait_until 60 "curl -sf 'http://127.0.0.1:$PROM_PORT/-/ready' >/dev/null"
hs_check "prometheus loaded the shipped rules" hs_wait_until 20 \
    "curl -sf '$API/rules' | jq -e '[.data.groups[].rules[] | select(.name == \"HascoutServiceDown\")] | length == 1' >/dev/null"

# q PROMQL — the first sample's value of an instant query ('' when none)
q() { curl -sf --get "$API/query" --data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // empty'; }
# firing ALERT — ALERT fires for our service now
firing() {
    curl -sf "$API/alerts" | jq -e --arg a "$1" --arg s "$SERVICE" \
        '[.data.alerts[] | select(.labels.alertname == $a and .labels.service == $s and .state == "firing")] | length == 1' >/dev/null
}
hs_check "prometheus scraped hascout_service_up 1 through node_exporter" \
    hs_wait_until 30 "[ \"\$(q 'hascout_service_up{job=\"node\",service=\"$SERVICE\"}')\" = 1 ]"
# evaluated_after EPOCH — the rule group was evaluated after EPOCH
evaluated_after() {
    local t
    t=$(curl -sf "$API/rules" | jq -r '.data.groups[] | select(.name == "hascout") |
        .lastEvaluation | sub("\\.[0-9]+"; "") | sub("[+-]00:00$"; "Z") | fromdateiso8601')
    [ -n "$t" ] && [ "$t" -gt "$1" ]
}
not_firing() { ! firing "$1"; }
# the rules saw the scraped sample: evaluated a second after it was seen
seen=$(date +%s)
hs_wait_until 20 "evaluated_after $((seen + 1))"
hs_check "all up: HascoutServiceDown does not fire" not_firing HascoutServiceDown

# kill every backend server: the backend, and with it the service, is down
t0=$(date +%s%N)
for s in $HAP_SERVERS; do hap_web_kill "$s"; done
for s in $HAP_SERVERS; do hs_wait_until 20 "hap_status_is be_web $s DOWN"; done
hs_check "backends killed: hascout reports service '$SERVICE' down" hs_wait_until 30 \
    "report && grep -qx 'hascout_service_up{service=\"$SERVICE\"} 0' '$TEXTDIR/hascout.prom'"
hs_check "HascoutServiceDown fires in Prometheus (API /alerts)" \
    hs_wait_until 60 "firing HascoutServiceDown"
hs_check "HascoutServiceMarginZero fires with it" hs_wait_until 30 "firing HascoutServiceMarginZero"
hs_log "backends killed to alert firing: $(hs_elapsed_ms "$t0") ms"
hs_done
