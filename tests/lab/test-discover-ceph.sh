#!/bin/bash
# tests/lab/test-discover-ceph.sh — the Ceph plugin's redundancy rules on the
# real lab cluster (tests/lab/ceph/cluster.sh), through the real hascout:
# `hascout model discover` gives the monitors' majority gate and the data's
# gate over the CRUSH failure domains with the k the cluster's own maps give
# (read here with the ceph CLI), `hascout model analyze` on that model gives
# the availability computed by hand from the rates written in it, and with
# no model in the config the report's margin for the ceph target falls when
# an OSD is stopped (by the PID we started it with). A client refused the
# CRUSH commands still gets its verdict, without the data's rule.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/ceph/cluster.sh"

hs_need_lab
ceph_lab_need
hs_need_cmd awk
[ -x "$HASCOUT_BIN" ] || { hs_log "no hascout binary at $HASCOUT_BIN"; exit 1; }
[ -e "$HASCOUT_PLUGIN_PATH/ceph.so" ] || { hs_log "no ceph.so in $HASCOUT_PLUGIN_PATH"; exit 1; }
# conf/rates.conf, as `make check` sets it
: "${HASCOUT_DATADIR:=$HS_TOP_SRCDIR/conf}"
export HASCOUT_DATADIR
hs_mkrun

started=$(date +%s%N)
ceph_lab_start || { hs_log "the lab cluster did not settle"; exit 1; }
hs_log "cluster settled in $(hs_elapsed_ms "$started") ms"

# --- what the lab has, from the ceph CLI --------------------------------------
ceph_cli mon dump -f json >"$HS_RUN/mon.json" &&
    ceph_cli osd dump -f json >"$HS_RUN/osd.json" &&
    ceph_cli osd crush rule dump -f json >"$HS_RUN/rules.json" &&
    ceph_cli osd tree -f json >"$HS_RUN/tree.json" || { hs_log "ceph CLI failed"; exit 1; }
nmons=$(jq '.mons | length' "$HS_RUN/mon.json")
kmons=$((nmons / 2 + 1))
# the strictest pool: least size - min_size, the first by pool id on a tie
read -r pool size min_size rule < <(jq -r '.pools | sort_by(.pool) | min_by(.size - .min_size)
    | "\(.pool_name) \(.size) \(.min_size) \(.crush_rule)"' "$HS_RUN/osd.json")
domain=$(jq -r --argjson r "$rule" '.[] | select(.rule_id == $r) | [.steps[]
    | select(.op | test("^choose(leaf)?_(firstn|indep)$")) | .type][0]' "$HS_RUN/rules.json")
if [ "$domain" = osd ]; then
    ndom=$(jq '.osds | length' "$HS_RUN/osd.json")
else
    ndom=$(jq --arg t "$domain" '[.nodes[] | select(.type == $t and (.children | length) > 0)]
        | length' "$HS_RUN/tree.json")
fi
kdata=$((ndom - (size - min_size)))
[ "$kdata" -ge 1 ] || kdata=1
hs_log "lab: $nmons mon(s), pool '$pool' size $size min_size $min_size on rule $rule" \
    "(failure domain $domain, $ndom of them): monitors $kmons of $nmons, data $kdata of $ndom"

CONF=$HS_RUN/ceph.conf
cat >"$CONF" <<CONF
hascout = { state_dir = "$HS_RUN/state"; };
targets = (
  { name = "rados"; plugin = "ceph"; deadline = 15.0;
    conf = "$CEPH_CONF"; client = "client.hascout"; keyring = "$CEPH_CLIENT_KEYRING";
    client_mount_timeout = 5; rados_mon_op_timeout = 5; }
);
CONF

# --- 1. the discovered model: the gates the rules give ------------------------
M=$HS_RUN/model.conf
hs_hascout -c "$CONF" model discover -o "$M" 2>"$HS_RUN/discover.err"
hs_check "discover exits 0" test $? -eq 0
has() { grep -qF -- "$1" "$M" || { hs_log "model lacks: $1"; return 1; }; }
hs_check "monitors: $kmons of $nmons, a majority of the monmap" \
    has "ceph quorum 'monitors': works while $kmons of its $nmons children work (a majority of the $nmons monitor"
hs_check "data: $kdata of $ndom ${domain}s, the strictest pool named" \
    has "ceph placement 'data': works while $kdata of its $ndom children work (pool '$pool' size $size min_size $min_size over $ndom $domain"
hs_check "the cluster needs monitors, mgr and data" \
    has 'inputs = [ "rados/monitors", "rados/mgr", "rados/data" ];'
hs_check "every mon a basic event under the monitors' gate" has 'live = { target = "rados"; component = "mon.a"; };'
hs_check "every OSD a basic event" test "$(grep -c 'component = "osd\.' "$M")" -eq "$(jq '.osds | length' "$HS_RUN/osd.json")"

# --- 2. model analyze = the availability computed by hand ---------------------
hs_hascout model analyze --format json "$M" >"$HS_RUN/analyze.json"
hs_check "model analyze reads the discovered model" test $? -eq 0
# q = mttr / (mttf + mttr) of one basic event, from the rates in the model
q_of() {
    sed -n "s/.*name = \"rados\/$1\".*mttf = \([0-9.e+]*\); mttr = \([0-9.e+]*\);.*/\1 \2/p" "$M" |
        awk '{ printf "%.17g", $2 / ($1 + $2) }'
}
# kofn_fail K Q... — probability that fewer than K of the inputs work
# (inputs fail independently with the given probabilities).
kofn_fail() {
    awk -v k="$1" -v qs="${*:2}" 'BEGIN {
        n = split(qs, q, " "); p[0] = 1
        for (i = 1; i <= n; i++) {
            for (j = i; j >= 1; j--) p[j] = p[j] * q[i] + p[j - 1] * (1 - q[i])
            p[0] = p[0] * q[i]
        }
        f = 0; for (j = 0; j < k; j++) f += p[j]; printf "%.17g", f }'
}
mon_q=()
for m in $(jq -r '.mons[].name' "$HS_RUN/mon.json"); do mon_q+=("$(q_of "mon.$m")"); done
# a domain fails with any of its OSDs (a domain with one OSD down is out)
dom_q=()
if [ "$domain" = osd ]; then
    for o in $(jq -r '.osds[].osd' "$HS_RUN/osd.json"); do dom_q+=("$(q_of "osd.$o")"); done
else
    for d in $(jq -r --arg t "$domain" '.nodes[] | select(.type == $t and (.children | length) > 0) | .id' "$HS_RUN/tree.json"); do
        qs=$(for o in $(jq -r --argjson d "$d" '.nodes[] | select(.id == $d) | .children[]' "$HS_RUN/tree.json"); do
            q_of "osd.$o"; echo; done)
        dom_q+=("$(kofn_fail "$(wc -w <<<"$qs")" $qs)")
    done
fi
Qmon=$(kofn_fail "$kmons" "${mon_q[@]}")
Qdata=$(kofn_fail "$kdata" "${dom_q[@]}")
qmgr=$(q_of mgr)
Q=$(awk -v a="$Qmon" -v b="$qmgr" -v c="$Qdata" 'BEGIN { printf "%.12e", 1 - (1 - a) * (1 - b) * (1 - c) }')
got=$(jq '.tops[] | select(.name == "rados") | .probability' "$HS_RUN/analyze.json")
hs_log "unavailability: by hand $Q, engine $got (monitors $Qmon, mgr $qmgr, data $Qdata)"
hs_check "engine's unavailability = by hand ($Q)" hs_close "$got" "$Q"

# --- 2b. a client that may not read the CRUSH maps: the probe goes on -------
# Its mon caps allow only the four commands the view needs, so `osd crush
# rule dump` is refused: no data rule (the OSDs stay under cluster), the
# target judged as before, and -v shows why.
NOCRUSH=$HS_RUN/nocrush.keyring
ceph_cli auth get-or-create client.nocrush mon 'allow command "health", allow command "status", allow command "mon dump", allow command "osd dump"' \
    mgr 'allow r' -o "$NOCRUSH" &&
    chown "$(hs_probe_user)" "$NOCRUSH" && chmod 600 "$NOCRUSH" || { hs_log "cannot make client.nocrush"; exit 1; }
NC=$HS_RUN/nocrush.conf
sed -e 's/client.hascout/client.nocrush/' -e "s#$CEPH_CLIENT_KEYRING#$NOCRUSH#" "$CONF" >"$NC"
hs_hascout -v -c "$NC" report -f json -o "$HS_RUN/nocrush.json" 2>"$HS_RUN/nocrush.err" >/dev/null
hs_check "no CRUSH caps: the target is still OK" hs_json_eq "$HS_RUN/nocrush.json" \
    '.targets[] | select(.name == "rados") | .status' OK
hs_check "no CRUSH caps: monitors declared, no data component, OSDs under cluster" hs_json_eq "$HS_RUN/nocrush.json" \
    '[.targets[] | select(.name == "rados") | .components[] | select(.id == "monitors" or .id == "data" or .kind == "osd") | .id + "<" + .parent] | join(",")' \
    "monitors<cluster,osd.0<cluster,osd.1<cluster"
hs_log "$(grep -m1 'no redundancy rule' "$HS_RUN/nocrush.err")"
hs_check "no CRUSH caps: -v says why" grep -q \
    "debug: rados: ceph: no redundancy rule for the data: mon command 'osd crush rule dump': " "$HS_RUN/nocrush.err"

# --- 3. no model in the config: the margin falls when an OSD stops -----------
# The margin: the fewest further failures that take the service down.
margin0=$(( nmons - kmons + 1 ))
[ "$(( ndom - kdata + 1 ))" -lt "$margin0" ] && margin0=$(( ndom - kdata + 1 ))
[ 1 -lt "$margin0" ] && margin0=1 # the mgr alone
report() { hs_hascout -q -c "$CONF" report -f json -o "$1" 2>>"$HS_RUN/hascout.log"; [ -s "$1" ]; }
svc() { printf '.services[] | select(.name == "rados") | %s' "$1"; }
R=$HS_RUN/before.json
report "$R"
hs_check "the report's model is the discovered one" hs_json_eq "$R" .model_source discovered
hs_check "all up: rados UP at margin $margin0" hs_json_eq "$R" "$(svc '.state + " " + (.margin | tostring)')" "UP $margin0"
hs_check "the data component holds its rule" hs_json_eq "$R" \
    ".targets[] | select(.name == \"rados\") | .components[] | select(.id == \"data\") | .require" "$kdata"

# osd.0 carries the lab's PGs (osd.1 has CRUSH weight 0): stopping it stops I/O
hs_stop_pid "${CEPH_OSD_PID[0]}" 10
t0=$(date +%s%N)
hs_wait_until 90 "ceph_has_check OSD_DOWN" || hs_log "OSD_DOWN never showed"
hs_log "OSD_DOWN seen $(hs_elapsed_ms "$t0") ms after stopping osd.0"
R=$HS_RUN/after.json
report "$R"
margin1=$(jq "$(svc .margin)" "$R")
hs_log "margin: $margin0 with all up, $margin1 with osd.0 stopped"
hs_check "osd.0 stopped: the margin falls ($margin0 -> $margin1)" test "$margin1" -lt "$margin0"
hs_check "osd.0 stopped: the data counts 1 domain out" hs_json_eq "$R" \
    ".targets[] | select(.name == \"rados\") | .components[] | select(.id == \"data\") | .metrics[] | select(.name == \"domains_out\") | .value" 1
if [ $(( ndom - kdata )) -eq 0 ]; then
    hs_check "osd.0 stopped: rados DOWN (no domain to spare)" hs_json_eq "$R" "$(svc .state)" DOWN
fi

hs_done
