#!/bin/bash
# tests/pkg/test-packages.sh — hascout's Debian packages on this machine, as
# an operator gets them: build them (tools/build-debs.sh: dpkg-buildpackage
# in a scratch copy, lintian), `apt install ./*.deb`, check the system user,
# the state directories, the units (installed, not enabled), the plugins
# and the SDK; run `hascout report` from the installed files as root (the
# timer's command) and as the hascout user, on the demo and on a real
# haproxy lab target; `apt remove` keeps the state, `apt purge` leaves
# nothing of what install created. Installs into the system: run as root by
# .ci/run after the main suites, never by `make check`.
# Usage: tests/pkg/test-packages.sh (from anywhere; needs root and apt).
top=$(cd "$(dirname "$0")/../.." && pwd)
HS_TOP_SRCDIR=$top
export HS_LAB_NAME=test-packages
source "$top/tests/lab/lib.sh"
source "$top/tests/lab/haproxy/lab.sh"
set -o pipefail
[ "$(id -u)" = 0 ] || { echo "test-packages: needs root (installs packages)" >&2; exit 1; }
for c in apt-get dpkg-buildpackage jq pkg-config make cc; do
    command -v "$c" >/dev/null || { echo "test-packages: '$c' missing (tools/install-deps.sh)" >&2; exit 1; }
done
if dpkg-query -W -f='${Status}' hascout 2>/dev/null | grep -q 'ok installed'; then
    echo "test-packages: hascout is installed already; remove it first" >&2
    exit 1
fi
hs_mkrun
export DEBIAN_FRONTEND=noninteractive
unset HASCOUT_PLUGIN_PATH HASCOUT_DATADIR # only the installed files count
HASCOUT_BIN=/usr/bin/hascout
PKGS="hascout hascout-plugin-ceph hascout-plugin-galera hascout-plugin-haproxy hascout-plugin-keepalived hascout-dev"

# A state directory left by earlier root runs of a built hascout (make check
# as root uses the default one) is set aside for the test, as on a machine
# that never ran hascout, and put back at the end.
if [ -e /var/lib/hascout ]; then
    mv /var/lib/hascout "$HS_RUN/var-lib-hascout.saved"
    hs_on_exit 'rm -rf /var/lib/hascout; mv "$HS_RUN/var-lib-hascout.saved" /var/lib/hascout'
fi

# what exists of ours before: after the purge, exactly this must remain
ours() {
    find /etc /var /usr /lib /opt /srv -xdev -name '*hascout*' \
        -not -path "$HS_RUN/*" -not -path '/var/tmp/hascout-ci.*' -not -path '/tmp/*' \
        -not -path '/var/cache/apt/*' 2>/dev/null | sort
    getent passwd hascout | sed 's/^/passwd: /'
    getent group hascout | sed 's/^/group: /'
}
ours > "$HS_RUN/before.txt"

hs_log "building the packages (tools/build-debs.sh)"
t0=$(date +%s)
hs_check "packages build, lintian clean" \
    sh -c "'$top/tools/build-debs.sh' '$HS_RUN/debs' > '$HS_RUN/build-debs.log' 2>&1"
hs_log "built in $(( $(date +%s) - t0 )) s"
for p in $PKGS; do
    hs_check "built $p" sh -c "ls '$HS_RUN/debs/${p}_'*.deb >/dev/null 2>&1"
done
[ "$HS_FAILED" = 0 ] || { tail -n 40 "$HS_RUN/build-debs.log" >&2; hs_done; }

# purge_all — purge those of our packages dpkg still knows (removed packages
# without conffiles or maintainer scripts are gone already; apt would stop
# at their names)
purge_all() {
    local p known=""
    for p in $PKGS; do
        dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^[ir]' && known="$known $p"
    done
    [ -z "$known" ] || apt-get purge -y -qq $known >> "$HS_RUN/apt.log" 2>&1
}
hs_on_exit purge_all
# apt takes local packages by path (absolute here, ./NAME.deb from their directory)
debs=""; for p in $PKGS; do debs="$debs $(echo "$HS_RUN/debs/${p}_"*.deb)"; done
hs_check "apt install the .deb files" sh -c "apt-get install -y -qq --no-install-recommends \
    $debs > '$HS_RUN/apt.log' 2>&1"

# --- what install made --------------------------------------------------------
stat_is() { [ "$(stat -c '%U:%G %a' "$1" 2>/dev/null)" = "$2" ]; }
hs_check "hascout is a system user with no login and no home" \
    sh -c '[ "$(id -u hascout)" -lt 1000 ] && getent passwd hascout | grep -q ":/nonexistent:/usr/sbin/nologin$"'
hs_check "group hascout" sh -c 'getent group hascout >/dev/null'
hs_check "/var/lib/hascout is root:hascout 0750" stat_is /var/lib/hascout "root:hascout 750"
hs_check "/var/lib/hascout/keepalived (flap history) is hascout:hascout 0750" \
    stat_is /var/lib/hascout/keepalived "hascout:hascout 750"
unit=/lib/systemd/system/hascout.service
hs_check "systemd service and timer installed" test -f "$unit" -a -f /lib/systemd/system/hascout.timer
hs_check "the unit runs the installed binary" grep -q '^ExecStart=/usr/bin/hascout ' "$unit"
hs_check "nothing enabled: no timers.target.wants link" \
    sh -c '! ls /etc/systemd/system/*.wants/hascout* 2>/dev/null | grep -q .'
hs_check "man pages installed" test -f /usr/share/man/man1/hascout.1.gz -a \
    -f /usr/share/man/man7/hascout-plugin.7.gz -a -f /usr/share/man/man8/hascout-keepalived-notify.8.gz
hs_check "the integrations are in the examples" test -f \
    /usr/share/hascout/prometheus/hascout.rules.yml -a -f \
    /usr/share/hascout/icinga2/hascout.conf
rc=0
"$HASCOUT_BIN" plugins > "$HS_RUN/plugins.txt" 2>&1 || rc=$?
hs_check "hascout plugins: exit 0, nothing refused (got $rc)" [ "$rc" = 0 ]
PLUGINDIR=$(pkg-config --variable=plugindir hascout-plugin)
for p in ceph galera haproxy keepalived test; do
    hs_check "plugin $p loaded from $PLUGINDIR" grep -q "$PLUGINDIR/$p.so" "$HS_RUN/plugins.txt"
done
# the SDK: the example plugin builds from the installed files, passes the ABI check
cp -r "$(pkg-config --variable=examplesdir hascout-plugin)/plugin" "$HS_RUN/sdk"
hs_check "hascout-dev: the example plugin builds and passes hascout-abi-check" \
    sh -c "make -C '$HS_RUN/sdk' > '$HS_RUN/sdk.log' 2>&1"

# --- runs from the installed files --------------------------------------------
# root, as the timer runs it: the default state directory is trusted
rc=0
"$HASCOUT_BIN" -q --state-dir /var/lib/hascout report -f json -o /var/lib/hascout/report.json \
    2> "$HS_RUN/root-report.err" || rc=$?
hs_check "root: the demo report (exit 0..3, got $rc)" [ "$rc" -le 3 ]
hs_check "root: report.json names the demo's targets" \
    hs_json_eq /var/lib/hascout/report.json '[.targets[].name] | length > 3' true
# hascout takes the lock and appends history only in a state directory it trusts
hs_check "root: the state directory was trusted (lock and history written)" \
    test -f /var/lib/hascout/hascout.lock -a -s /var/lib/hascout/history.jsonl
hs_check "root: nothing in the state directory is writable by group or others" \
    sh -c '[ -z "$(find /var/lib/hascout -perm /go+w)" ]'

# the hascout user: its own state directory; the demo, then a haproxy lab
as_hascout() { runuser -u hascout -- "$@"; }
hs_probe_dir "$HS_RUN/state"
rc=0
as_hascout "$HASCOUT_BIN" --state-dir "$HS_RUN/state" report -f json -o "$HS_RUN/state/demo.json" \
    > /dev/null 2> "$HS_RUN/hascout-demo.err" || rc=$?
hs_check "hascout user: the demo report (exit 0..3, got $rc)" [ "$rc" -le 3 ]
hs_check "hascout user: the demo's test targets were probed" \
    hs_json_eq "$HS_RUN/state/demo.json" '.targets[] | select(.name == "vip") | .status' OK
hap_lab_start > "$HS_RUN/lab-start.log" 2>&1 || { hs_log "haproxy lab did not start"; cat "$HS_RUN/lab-start.log" >&2; }
cat > "$HS_RUN/lab.conf" <<CFG
hascout = { state_dir = "$HS_RUN/state"; };
targets = ( { name = "lb"; plugin = "haproxy"; deadline = 8.0; url = "$HAP_STATS_URL"; } );
CFG
chmod 644 "$HS_RUN/lab.conf"
rc=0
as_hascout "$HASCOUT_BIN" --config "$HS_RUN/lab.conf" report -f json -o "$HS_RUN/state/lab.json" \
    > /dev/null 2> "$HS_RUN/hascout-lab.err" || rc=$?
hs_check "hascout user: the haproxy lab target is OK (exit $rc)" \
    sh -c "[ $rc = 0 ] && jq -e '.targets[0].status == \"OK\"' '$HS_RUN/state/lab.json' >/dev/null"
hs_check "hascout user: haproxy's servers seen through the installed plugin" \
    hs_json_eq "$HS_RUN/state/lab.json" \
    '[.targets[0].components[] | select(.id | startswith("backend/be_web/"))] | length' 3

# --- remove keeps the state, purge leaves nothing --------------------------------
apt-get remove -y -qq $PKGS >> "$HS_RUN/apt.log" 2>&1
hs_check "apt remove: the binary is gone" test ! -e "$HASCOUT_BIN"
hs_check "apt remove: state and user kept" \
    sh -c 'test -s /var/lib/hascout/history.jsonl && getent passwd hascout >/dev/null'
# a probe still running as the user when purge comes (a cron run, a plugin
# listing): purge waits for it instead of leaving the user behind
runuser -u hascout -- sleep 3 &
hs_track_pid $!
purge_all
hs_check "apt purge: every package purged" \
    sh -c "! dpkg-query -W -f='\${db:Status-Abbrev}\n' $PKGS 2>/dev/null | grep -q '^[ir]'"
ours > "$HS_RUN/after.txt"
hs_check "apt purge: nothing install created is left" \
    sh -c "diff '$HS_RUN/before.txt' '$HS_RUN/after.txt' >&2"
hs_done
