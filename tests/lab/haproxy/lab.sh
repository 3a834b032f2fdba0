# tests/lab/haproxy/lab.sh — a real HAProxy lab for the haproxy plugin's
# tests and benchmark (sourced after tests/lab/lib.sh, bash).
#
# hap_lab_start starts three backend web servers and one haproxy in the
# foreground on 127.0.0.1, ports below 32768, everything tracked by PID:
#   frontend fe_web  → backend be_web (web1..web3, checks every 300 ms,
#                       fall 2 rise 2, so a dead server is DOWN within ~1 s)
#   listen stats      HTTP stats page without auth      $HAP_STATS_URL
#   listen stats_auth HTTP stats page, basic auth        $HAP_AUTH_URL
#                     (user hascout, password in $HAP_PASSWORD_FILE)
#   listen stats_tls  HTTPS stats page, self-signed cert $HAP_TLS_URL
#                     (CA = the cert itself: $HAP_CA_FILE)
#   stats socket      unix, level admin: $HAP_SOCK (mode 660, group of the
#                     probe user: hs_probe_group); TCP, level user: $HAP_TCP
# A test may define hap_extra_cfg (printing haproxy sections): hap_write_cfg
# appends its output, and calls it again when the test rewrites the config.
# Needs: haproxy, python3, socat, openssl.

HAP_SERVERS="web1 web2 web3"
declare -A HAP_WEB_PID HAP_WEB_PORT

# hap_lab_need — skip visibly unless every tool the lab uses is installed.
hap_lab_need() {
    hs_need_cmd haproxy socat openssl jq
    HAP_PY=$(command -v /usr/bin/python3 python3 2>/dev/null | head -n1)
    [ -n "$HAP_PY" ] || hs_skip "'python3' is not installed (backend web servers)"
}

# hap_sock_cmd CMD — send one command to the admin socket, print the reply.
hap_sock_cmd() {
    printf '%s\n' "$1" | socat -t 5 - "UNIX-CONNECT:$HAP_SOCK" 2>/dev/null
}

# hap_status BACKEND SERVER — the server's `status` column, read by name.
hap_status() {
    hap_sock_cmd "show stat" | awk -F, -v px="$1" -v sv="$2" '
        NR == 1 { for (i = 1; i <= NF; i++) { n = $i; sub(/^# /, "", n); col[n] = i } next }
        $col["pxname"] == px && $col["svname"] == sv { print $col["status"] }'
}

# hap_status_is BACKEND SERVER STATUS — true when the status equals STATUS.
hap_status_is() { [ "$(hap_status "$1" "$2")" = "$3" ]; }

# hap_web_start NAME — start (or restart) one backend web server.
hap_web_start() {
    local name=$1 port=${HAP_WEB_PORT[$1]}
    mkdir -p "$HS_RUN/www"
    echo ok > "$HS_RUN/www/index.html"
    "$HAP_PY" -m http.server --bind 127.0.0.1 --directory "$HS_RUN/www" \
        "$port" >> "$HS_RUN/$name.log" 2>&1 &
    HAP_WEB_PID[$name]=$!
    hs_track_pid "$!"
}

# hap_web_kill NAME — SIGKILL one backend web server (a crash, not a stop).
hap_web_kill() {
    local pid=${HAP_WEB_PID[$1]}
    kill -KILL "$pid" 2>/dev/null
    # Reap it here, so bash does not report the kill as a job message.
    wait "$pid" 2>/dev/null
    hs_wait_until 10 "! hs_alive $pid"
}

hap_write_cfg() {
    local s
    {
        cat <<CFG
global
    stats socket $HAP_SOCK mode 660 group $(hs_probe_group) level admin
    stats socket ipv4@127.0.0.1:$HAP_TCP_PORT level user
    stats timeout 10s

defaults
    mode http
    timeout connect 1s
    timeout client 10s
    timeout server 10s

frontend fe_web
    bind 127.0.0.1:$HAP_FE_PORT
    default_backend be_web

backend be_web
    balance roundrobin
    option httpchk HEAD /
    default-server inter 300ms fastinter 200ms downinter 300ms fall 2 rise 2
CFG
        for s in $HAP_SERVERS; do
            printf '    server %s 127.0.0.1:%s check\n' "$s" "${HAP_WEB_PORT[$s]}"
        done
        cat <<CFG

listen stats
    bind 127.0.0.1:$HAP_STATS_PORT
    stats enable
    stats uri /stats

listen stats_auth
    bind 127.0.0.1:$HAP_AUTH_PORT
    stats enable
    stats uri /stats
    stats auth hascout:$(cat "$HAP_PASSWORD_FILE")

listen stats_tls
    bind 127.0.0.1:$HAP_TLS_PORT ssl crt $HAP_CA_FILE
    stats enable
    stats uri /stats
CFG
        # A test may add sections of its own (it defines hap_extra_cfg).
        if declare -F hap_extra_cfg >/dev/null; then
            echo
            hap_extra_cfg
        fi
    } > "$HS_RUN/haproxy.cfg"
}

# hap_pick_port VAR — a free port into VAR, never one picked before (nothing
# binds until haproxy starts, so hs_free_port alone could repeat itself).
HAP_USED_PORTS=" "
hap_pick_port() {
    local _hp _tries=0
    while [ $_tries -lt 50 ]; do
        _hp=$(hs_free_port) || return 1
        _tries=$((_tries + 1))
        case $HAP_USED_PORTS in *" $_hp "*) continue ;; esac
        HAP_USED_PORTS="$HAP_USED_PORTS$_hp "
        printf -v "$1" '%s' "$_hp"
        return 0
    done
    return 1
}

# hap_lab_start — start backends and haproxy; wait until all servers are UP.
hap_lab_start() {
    local s v port
    hap_lab_need
    HAP_SOCK=$HS_RUN/admin.sock
    for v in HAP_FE_PORT HAP_STATS_PORT HAP_AUTH_PORT HAP_TLS_PORT HAP_TCP_PORT; do
        hap_pick_port "$v" || return 1
    done
    for s in $HAP_SERVERS; do
        hap_pick_port port || return 1
        HAP_WEB_PORT[$s]=$port
        hap_web_start "$s"
        hs_wait_until 15 "(exec 3<>/dev/tcp/127.0.0.1/${HAP_WEB_PORT[$s]}) 2>/dev/null" ||
            { hs_log "backend $s did not listen"; return 1; }
    done
    HAP_TCP=tcp:127.0.0.1:$HAP_TCP_PORT
    HAP_STATS_URL=http://127.0.0.1:$HAP_STATS_PORT/stats
    HAP_AUTH_URL=http://127.0.0.1:$HAP_AUTH_PORT/stats
    HAP_TLS_URL=https://127.0.0.1:$HAP_TLS_PORT/stats
    HAP_PASSWORD_FILE=$HS_RUN/password
    (umask 077; printf 's3cret-%s\n' "$RANDOM$RANDOM" > "$HAP_PASSWORD_FILE")
    HAP_CA_FILE=$HS_RUN/stats.pem
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 \
        -addext "subjectAltName=IP:127.0.0.1" -keyout "$HS_RUN/key.pem" \
        -out "$HS_RUN/cert.pem" > "$HS_RUN/openssl.log" 2>&1 ||
        { hs_log "openssl could not make a certificate"; return 1; }
    cat "$HS_RUN/cert.pem" "$HS_RUN/key.pem" > "$HAP_CA_FILE"
    hap_write_cfg
    haproxy -c -f "$HS_RUN/haproxy.cfg" > "$HS_RUN/haproxy-check.log" 2>&1 ||
        { cat "$HS_RUN/haproxy-check.log" >&2; return 1; }
    haproxy -db -f "$HS_RUN/haproxy.cfg" > "$HS_RUN/haproxy.log" 2>&1 &
    HAP_PID=$!
    hs_track_pid "$HAP_PID"
    for s in $HAP_SERVERS; do
        hs_wait_until 20 "hap_status_is be_web $s UP" || return 1
    done
}

# hap_lab_setup — what every haproxy lab test starts with: skip visibly when
# the lab or the build is not there, else a run directory and a started lab.
hap_lab_setup() {
    hs_need_lab
    hap_lab_need
    [ -x "$HASCOUT_BIN" ] || hs_skip "hascout is not built ($HASCOUT_BIN)"
    [ -e "$HASCOUT_PLUGIN_PATH/haproxy.so" ] ||
        hs_skip "haproxy.so not built (configure found no libcurl)"
    hs_mkrun
    hap_lab_start || { hs_log "lab did not start"; exit 1; }
}

# hap_hascout_conf FILE TARGET-BLOCKS — a hascout config around the blocks.
hap_hascout_conf() {
    cat > "$1" <<CFG
hascout = { plugin_dirs = [ "$HASCOUT_PLUGIN_PATH" ]; state_dir = "$HS_RUN/state"; };
targets = (
$2
);
CFG
}
