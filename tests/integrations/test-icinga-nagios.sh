#!/bin/bash
# The shipped Icinga 2 and Nagios definitions for `hascout check`: each
# server validates a scratch configuration that includes them (icinga2
# daemon -C, nagios4 -v; nothing under /etc or /var is read or written),
# the apply rules make the services they promise, and a command line as
# Nagios runs it gives the monitoring-plugins format (status line with
# perfdata, exit code = status).
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd icinga2 nagios4
hs_mkrun
ICINGA_CONF=$HS_TOP_SRCDIR/conf/icinga2/hascout.conf
NAGIOS_CONF=$HS_TOP_SRCDIR/conf/nagios/hascout.cfg

# --- Icinga 2 -----------------------------------------------------------------
d=$HS_RUN/icinga2
mkdir -p "$d"/{cache,data,log,spool,run,lib}
cat > "$d/icinga2.conf" <<CONF
include <itl>
include "$ICINGA_CONF"
object Host "mon1" {
  check_command = "dummy"
  vars.hascout = true
  vars.hascout_target_names = [ "lb", "db" ]
  vars.hascout_service_names = [ "Compute" ]
}
object Host "web1" { check_command = "dummy" }
CONF
# every directory icinga2 would use, moved into the scratch dir; no user switch
icinga_c() { # CONF
    icinga2 daemon -C -x notice -c "$1" -DConfigDir="$d" -DCacheDir="$d/cache" \
        -DDataDir="$d/data" -DLogDir="$d/log" -DSpoolDir="$d/spool" \
        -DInitRunDir="$d/run" -DVarsPath="$d/cache/icinga2.vars" \
        -DObjectsPath="$d/cache/icinga2.debug" -DPidPath="$d/run/icinga2.pid" \
        -DRunAsUser="$(id -un)" -DRunAsGroup="$(id -gn)"
}
icinga_c "$d/icinga2.conf" > "$d/validate.log" 2>&1
hs_check "icinga2 daemon -C accepts conf/icinga2/hascout.conf" \
    grep -q 'Finished validating the configuration' "$d/validate.log"
hs_check "icinga2: CheckCommand hascout defined" \
    grep -q 'Instantiated 1 CheckCommand\|CheckCommands' "$d/validate.log"
# mon1: one service for the whole config, one per target, one per business
# service; web1: none
hs_check "icinga2: the apply rules make 4 services (whole config, lb, db, Compute)" \
    grep -q 'Instantiated 4 Services' "$d/validate.log"
# a mistake in the shipped file is caught: the same with a broken copy
sed 's/check_command = "hascout"/check_command = "no-such-command"/' "$ICINGA_CONF" \
    > "$d/broken.conf"
sed "s|$ICINGA_CONF|$d/broken.conf|" "$d/icinga2.conf" > "$d/icinga2-broken.conf"
if icinga_c "$d/icinga2-broken.conf" > "$d/broken.log" 2>&1; then broken_ok=1; else broken_ok=0; fi
hs_check "icinga2 daemon -C refuses a broken copy (the check can fail)" [ "$broken_ok" = 0 ]

# --- Nagios 4 ------------------------------------------------------------------
n=$HS_RUN/nagios
mkdir -p "$n/spool/checkresults"
cat > "$n/objects.cfg" <<'CFG'
define timeperiod {
    timeperiod_name 24x7
    alias           always
    monday 00:00-24:00
    tuesday 00:00-24:00
    wednesday 00:00-24:00
    thursday 00:00-24:00
    friday 00:00-24:00
    saturday 00:00-24:00
    sunday 00:00-24:00
}
define command {
    command_name    notify-none
    command_line    /bin/true
}
define command {
    command_name    check-host-alive
    command_line    /bin/true
}
define contact {
    contact_name                  admin
    host_notification_period      24x7
    service_notification_period   24x7
    host_notification_options     n
    service_notification_options  n
    host_notification_commands    notify-none
    service_notification_commands notify-none
}
define contactgroup {
    contactgroup_name admins
    alias             admins
    members           admin
}
define service {
    name                  generic-service
    max_check_attempts    3
    check_period          24x7
    notification_interval 0
    notification_period   24x7
    contact_groups        admins
    register              0
}
define host {
    host_name             mon1
    address               127.0.0.1
    check_command         check-host-alive
    max_check_attempts    3
    check_period          24x7
    notification_interval 0
    notification_period   24x7
    contact_groups        admins
}
define service {
    use                 hascout-service
    host_name           mon1
    service_description hascout
    check_command       check_hascout
}
define service {
    use                 hascout-service
    host_name           mon1
    service_description hascout lb
    check_command       check_hascout_target!lb
}
define service {
    use                 hascout-service
    host_name           mon1
    service_description hascout Compute
    check_command       check_hascout_service!Compute
}
CFG
cat > "$n/nagios.cfg" <<CFG
log_file=$n/nagios.log
cfg_file=$n/objects.cfg
cfg_file=$NAGIOS_CONF
object_cache_file=$n/objects.cache
precached_object_file=$n/objects.precache
status_file=$n/status.dat
temp_file=$n/nagios.tmp
temp_path=$n
lock_file=$n/nagios.lock
check_result_path=$n/spool/checkresults
command_file=$n/nagios.cmd
state_retention_file=$n/retention.dat
nagios_user=$(id -un)
nagios_group=$(id -gn)
CFG
nagios4 -v "$n/nagios.cfg" > "$n/verify.log" 2>&1
hs_check "nagios4 -v accepts conf/nagios/hascout.cfg" grep -q 'Things look okay' "$n/verify.log"
hs_check "nagios4: 3 services with hascout's commands" \
    grep -q 'Checked 3 services' "$n/verify.log"
sed 's/check_hascout_target$/check_hascout_targ/' "$NAGIOS_CONF" > "$n/broken.cfg"
sed "s|^cfg_file=$NAGIOS_CONF|cfg_file=$n/broken.cfg|" "$n/nagios.cfg" > "$n/nagios-broken.cfg"
if nagios4 -v "$n/nagios-broken.cfg" > "$n/broken.log" 2>&1; then broken_ok=1; else broken_ok=0; fi
hs_check "nagios4 -v refuses a broken copy (the check can fail)" [ "$broken_ok" = 0 ]

# --- the command lines Nagios runs ------------------------------------------------
# Two targets of the test plugin and no hand-written model (each target is
# then a service of its own): "good" is UP, "bad" has a node DOWN.
cat > "$HS_RUN/two.conf" <<CONF
hascout = { plugin_dirs = [ "$HASCOUT_PLUGIN_PATH" ]; state_dir = "$HS_RUN/state"; };
targets = (
  { name = "good"; plugin = "test";
    components = ( { id = "n1"; kind = "node"; state = "UP";
                     metrics = ( { name = "lag"; value = 1.5; unit = "s"; warn = "10"; crit = "20"; } ); } ); },
  { name = "bad"; plugin = "test";
    components = ( { id = "n1"; kind = "node"; state = "DOWN"; } ); }
);
CONF
mkdir -m 700 "$HS_RUN/state"
# nagios_cmd NAME ARG1 ARG2 — the command_line of NAME with Nagios's macros
# expanded and our build's binary, run; output in $HS_RUN/NAME.out, exit in RC
nagios_cmd() {
    local cmd
    cmd=$(sed -n "/command_name *$1\$/{n;s/^ *command_line *//p}" "$NAGIOS_CONF")
    cmd=${cmd//\$ARG1\$/$2}
    cmd=${cmd//\$ARG2\$/$3}
    cmd=${cmd/\/usr\/bin\/hascout/$HASCOUT_BIN}
    RC=0
    sh -c "$cmd" > "$HS_RUN/$1.out" 2> "$HS_RUN/$1.err" || RC=$?
    head -n 1 "$HS_RUN/$1.out" > "$HS_RUN/$1.line1"
}
# perf_ok FILE — the first line's perfdata: 'label'=value[UOM];[warn];[crit];[min];[max]
perf_ok() {
    local p item bad=0
    p=$(sed -n 's/^[^|]*| *//p' "$1")
    [ -n "$p" ] || return 1
    # quoted labels may hold spaces: split on the spaces between items
    while IFS= read -r item; do
        [[ $item =~ ^(\'([^\']|\'\')+\'|[^\'=\ ]+)=(-?[0-9.]+|U)(s|ms|us|%|B|KB|MB|GB|TB|c)?(\;[^\;]*){0,4}$ ]] ||
            { hs_log "bad perfdata item: $item"; bad=1; }
    done < <(grep -oE "('([^']|'')+'|[^' =]+)=[^ ]+" <<< "$p")
    return $bad
}
nagios_cmd check_hascout_config "$HS_RUN/two.conf" good
hs_check "check_hascout_config!two.conf!good: OK, exit 0 (rc $RC)" \
    sh -c "[ $RC = 0 ] && grep -q '^HASCOUT OK: ' '$HS_RUN/check_hascout_config.line1'"
hs_check "check_hascout_config!two.conf!good: perfdata per monitoring-plugins guidelines" \
    perf_ok "$HS_RUN/check_hascout_config.line1"
hs_check "check_hascout_config!two.conf!good: only target good's perfdata" \
    sh -c "grep -q \"'good health'=\" '$HS_RUN/check_hascout_config.line1' &&
           ! grep -q \"'bad health'=\" '$HS_RUN/check_hascout_config.line1'"
hs_check "check_hascout_config!two.conf!good: the metric as perfdata with its unit and ranges" \
    grep -qx "| good/n1/lag=1.5s;10;20;;" "$HS_RUN/check_hascout_config.out"
nagios_cmd check_hascout_config "$HS_RUN/two.conf" bad
hs_check "check_hascout_config!two.conf!bad: CRITICAL, exit 2 (rc $RC)" \
    sh -c "[ $RC = 2 ] && grep -q '^HASCOUT CRITICAL: ' '$HS_RUN/check_hascout_config.line1'"
nagios_cmd check_hascout_config "$HS_RUN/two.conf" ""
hs_check "check_hascout_config!two.conf: the whole config is CRITICAL, exit 2 (rc $RC)" \
    sh -c "[ $RC = 2 ] && grep -q '^HASCOUT CRITICAL: ' '$HS_RUN/check_hascout_config.line1'"
hs_check "check_hascout_config!two.conf: perfdata per monitoring-plugins guidelines" \
    perf_ok "$HS_RUN/check_hascout_config.line1"
# per business service (each target a service here): good's check is OK beside
# bad's CRITICAL, with good's figures only
cmd_svc() { # SERVICE — check_hascout_service's line on two.conf
    local cmd
    cmd=$(sed -n "/command_name *check_hascout_service\$/{n;s/^ *command_line *//p}" "$NAGIOS_CONF")
    cmd=${cmd//\$ARG1\$/$1}
    cmd=${cmd/\/usr\/bin\/hascout/$HASCOUT_BIN --config $HS_RUN/two.conf}
    RC=0
    sh -c "$cmd" > "$HS_RUN/svc.out" 2> "$HS_RUN/svc.err" || RC=$?
    head -n 1 "$HS_RUN/svc.out" > "$HS_RUN/svc.line1"
}
cmd_svc good
hs_check "check_hascout_service!good: OK beside a CRITICAL service, exit 0 (rc $RC)" \
    sh -c "[ $RC = 0 ] && grep -q '^HASCOUT OK: good up' '$HS_RUN/svc.line1'"
hs_check "check_hascout_service!good: good's perfdata only" \
    sh -c "grep -q \"'good up'=1\" '$HS_RUN/svc.line1' && ! grep -q \"'bad\" '$HS_RUN/svc.line1'"
hs_check "check_hascout_service!good: perfdata valid" perf_ok "$HS_RUN/svc.line1"
cmd_svc bad
hs_check "check_hascout_service!bad: CRITICAL, exit 2 (rc $RC)" \
    sh -c "[ $RC = 2 ] && grep -q '^HASCOUT CRITICAL: 1 of 1 services not OK: bad DOWN' '$HS_RUN/svc.line1'"
hs_done
