#!/bin/bash
# test-discover-keepalived.sh — `hascout model discover` on a real keepalived
# pair (issue 23), the namespace lab of tests/lab/keepalived/lab.sh read
# through the notify helper's state files:
#   - the discovered VIP gate: held while one router of the group can take
#     it; each router's instance needs its node's keepalived;
#   - `model analyze` on the discovered file gives the availability computed
#     here by hand from the rates the file holds;
#   - with no model in the config the report's margin is 2, then 1 when the
#     backup's keepalived is killed (by PID), the VIP still UP on n1.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/keepalived/lab.sh"

hs_mkrun
ka_lab_need
hs_need_cmd awk sed
[ -e "$HASCOUT_PLUGIN_PATH/keepalived.so" ] || hs_skip "keepalived.so not built"
ka_lab_up 2 || { hs_log "could not build the namespaces"; exit 1; }

CONF=$HS_RUN/state_file.conf
MODEL=$HS_RUN/discovered.conf
LOG=$HS_RUN/hascout.log
ka_conf "$CONF" state_file
hs_check "both nodes start, n1 MASTER, n2 BACKUP" \
    eval "ka_start 1 && ka_start 2 && ka_wait_states 30 MASTER BACKUP"

# --- 1. the discovered gates ------------------------------------------------------
RC=0
hs_hascout -c "$CONF" model discover -o "$MODEL" >>"$LOG" 2>&1 || RC=$?
hs_check "discover exits 0 (got $RC)" [ "$RC" = 0 ]
hs_check "VIP gate: fails when both routers fail (one router of the group holds it)" \
    grep -q 'name = "vip/vrrp:VI_1"; type = "and";' "$MODEL"
hs_check "... over each router's instance with its node" \
    grep -q 'inputs = \[ "vip/vrrp:VI_1@n1+needs", "vip/vrrp:VI_1@n2+needs" \]' "$MODEL"
hs_check "... saying where the rule came from" \
    grep -q "works while 1 of its 2 children work (one router of the group holds the VIP)" "$MODEL"
for n in n1 n2; do
    hs_check "instance on $n needs $n's keepalived" \
        grep -q "inputs = \[ \"vip/vrrp:VI_1@$n\", \"vip/node:$n\" \]" "$MODEL"
    hs_check "$n: its keepalived and its instance mapped live" eval \
        "grep -q 'live = { target = \"vip\"; component = \"node:$n\"; }' '$MODEL' &&
         grep -q 'live = { target = \"vip\"; component = \"vrrp:VI_1@$n\"; }' '$MODEL'"
done
hs_check "the service vip is the VIP gate" grep -q '{ name = "vip"; top = "vip/vrrp:VI_1";' "$MODEL"

# --- 2. model analyze = by hand --------------------------------------------------
rates() {
    sed -n "s|.*name = \"$1\"; .*mttf = \([0-9.e+]*\); mttr = \([0-9.e+]*\);.*|\1 \2|p" "$MODEL"
}
read -r n_mttf n_mttr < <(rates vip/node:n1)
read -r i_mttf i_mttr < <(rates vip/vrrp:VI_1@n1)
hs_log "rates: node mttf $n_mttf h mttr $n_mttr h, instance mttf $i_mttf h mttr $i_mttr h"
hs_check "the rates are read from the file" [ -n "$n_mttf" ] && [ -n "$i_mttf" ]
hs_check "n2 has the same assumed rates" \
    [ "$(rates vip/node:n2) / $(rates vip/vrrp:VI_1@n2)" = "$n_mttf $n_mttr / $i_mttf $i_mttr" ]
# a router fails when its keepalived or its instance does; the VIP when both routers do
q_hand=$(awk -v a="$n_mttf" -v b="$n_mttr" -v c="$i_mttf" -v d="$i_mttr" \
    'BEGIN { qn = b / (a + b); qi = d / (c + d); p = 1 - (1 - qn) * (1 - qi); printf "%.12e", p * p }')
AN=$HS_RUN/analyze.json
RC=0
hs_hascout model analyze --format json "$MODEL" >"$AN" 2>>"$LOG" || RC=$?
hs_check "model analyze reads the discovered file as it is (exit $RC)" [ "$RC" = 0 ]
q_engine=$(jq -r '.tops[] | select(.name == "vip") | .probability' "$AN")
hs_log "unavailability of vip: hand $q_hand engine $q_engine"
hs_check "vip: both routers down, engine $q_engine = hand $q_hand" hs_close "$q_engine" "$q_hand"

# --- 3. no model in the config: the margin falls as the backup dies ---------------
OUT=$HS_RUN/report.json
report() {
    RC=0
    hs_hascout -c "$CONF" report --format json -o "$OUT" >>"$LOG" 2>&1 || RC=$?
    [ -s "$OUT" ]
}
svc() { jq -r ".services[] | select(.name == \"vip\") | $1" "$OUT"; }
report
hs_check "the report's model is the discovered one" hs_json_eq "$OUT" .model_source discovered
hs_check "pair up: vip margin 2, UP" [ "$(svc .margin) $(svc .state)" = "2 UP" ]
hs_check "the VIP's rule crossed the probe pipe: require 1" hs_json_eq "$OUT" \
    '.targets[0].components[] | select(.id == "vrrp:VI_1") | .require' 1
hs_check "kill -9 the backup's keepalived (n2)" ka_stop 2 KILL
hs_check "backup killed: vip margin 1" hs_wait_until 20 "report && [ \"\$(svc .margin)\" = 1 ]"
hs_check "... still UP, WARNING (redundancy lost)" [ "$(svc .state) $(svc .status)" = "UP WARNING" ]
hs_check "... n1 still MASTER" [ "$(ka_state 1)" = MASTER ]
hs_check "... the nearest cut is on n1 (its keepalived or its instance)" \
    grep -Eq '^vip/(node:n1|vrrp:VI_1@n1)$' <<<"$(svc '.nearest_cut | join(",")')"
hs_check "... report exit code 1 (got $RC)" [ "$RC" = 1 ]

hs_done
