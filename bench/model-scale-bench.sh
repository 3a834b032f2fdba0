#!/bin/bash
# bench/model-scale-bench.sh CLI [SHAPE...] — how the engine grows with the
# size of the model. For each shape, doubles N up to $HS_SCALE_MAX (10^5;
# 10^6 for "cloud") and prints the whole-process time (read + analysed,
# pinned to core $HS_BENCH_CPU, default 1, best of $HS_BENCH_RUNS, default
# 1) and peak RSS, with the growth factor of each over the previous N (2.0
# is linear, 4.0 quadratic). A size that times out ($HS_BENCH_TIMEOUT,
# default 60 s) ends its shape. Figures only; nothing here asserts a time.
# Shapes (MEF files generated here, all probabilities 0.001 or so):
#   or      one OR gate of N events
#   atleast one 3-out-of-N gate of N events
#   chain   N OR gates, each over the previous one and an event
#   andor   the same chain with AND and OR gates alternating
#   cloud   N events and gates of a generated cloud: regions of two
#           redundant racks, each rack two 2-out-of-3 services on hosts that
#           share the rack's power and network
set -u
cli=${1:?usage: model-scale-bench.sh CLI [SHAPE...]}
shift
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(or atleast chain andor cloud)
limit=${HS_BENCH_TIMEOUT:-60}
runs=${HS_BENCH_RUNS:-1}
cpu=${HS_BENCH_CPU:-1}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package: time)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# gen SHAPE N > FILE: the MEF model
gen() {
    awk -v shape="$1" -v n="$2" '
    function be(name, p) { ev = ev sprintf("<define-basic-event name=\"%s\"><float value=\"%g\"/></define-basic-event>\n", name, p) }
    function flush() { printf "%s", ev; ev = "" }
    BEGIN {
        print "<?xml version=\"1.0\"?>\n<opsa-mef>\n<define-fault-tree name=\"scale\">"
        if (shape == "or" || shape == "atleast") {
            print "<define-gate name=\"top\">" (shape == "or" ? "<or>" : "<atleast min=\"3\">")
            for (i = 1; i <= n; i++) print "<basic-event name=\"e" i "\"/>"
            print (shape == "or" ? "</or>" : "</atleast>") "</define-gate>"
        } else if (shape == "chain" || shape == "andor") {
            for (i = n; i >= 1; i--) {
                op = (shape == "andor" && i % 2) ? "and" : "or"
                prev = i > 1 ? "<gate name=\"g" (i - 1) "\"/>" : "<basic-event name=\"e0\"/>"
                print "<define-gate name=\"g" i "\"><" op ">" prev "<basic-event name=\"e" i "\"/></" op "></define-gate>"
            }
        } else { # cloud: 47 events and gates a region
            regions = int(n / 47); if (regions < 1) regions = 1
            printf "<define-gate name=\"top\"><or>"
            for (g = 1; g <= regions; g++) printf "<gate name=\"reg%d\"/>", g
            print "</or></define-gate>"
            for (g = 1; g <= regions; g++) {
                print "<define-gate name=\"reg" g "\"><and><gate name=\"rack" g "a\"/><gate name=\"rack" g "b\"/></and></define-gate>"
                for (r = 0; r < 2; r++) {
                    k = g (r ? "b" : "a")
                    print "<define-gate name=\"rack" k "\"><or><gate name=\"svc" k "x\"/><gate name=\"svc" k "y\"/></or></define-gate>"
                    for (s = 0; s < 2; s++) {
                        sv = k (s ? "y" : "x")
                        print "<define-gate name=\"svc" sv "\"><atleast min=\"2\"><gate name=\"h" sv "1\"/><gate name=\"h" sv "2\"/><gate name=\"h" sv "3\"/></atleast></define-gate>"
                        for (h = 1; h <= 3; h++)
                            print "<define-gate name=\"h" sv h "\"><or><basic-event name=\"hw" sv h "\"/><basic-event name=\"os" sv h "\"/><basic-event name=\"pw" k "\"/><basic-event name=\"net" k "\"/></or></define-gate>"
                    }
                }
            }
        }
        print "</define-fault-tree>\n<model-data>"
        if (shape == "cloud") {
            for (g = 1; g <= regions; g++)
                for (r = 0; r < 2; r++) {
                    k = g (r ? "b" : "a")
                    be("pw" k, 1e-4); be("net" k, 2e-4)
                    for (s = 0; s < 2; s++)
                        for (h = 1; h <= 3; h++) { sv = k (s ? "y" : "x"); be("hw" sv h, 0.01); be("os" sv h, 0.005) }
                    flush()
                }
        } else {
            for (i = (shape == "chain" || shape == "andor") ? 0 : 1; i <= n; i++) { be("e" i, 0.001); if (i % 1000 == 0) flush() }
            flush()
        }
        print "</model-data>\n</opsa-mef>"
    }'
}

once() { # once FILE → "seconds peakKiB rc"
    local t0 t1 rc
    t0=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$tmp/rss" taskset -c "$cpu" timeout "$limit" \
        "$cli" analyze --format json "$1" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    t1=$(date +%s%N)
    printf '%s %s %s\n' "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$(tail -1 "$tmp/rss")" "$rc"
}

printf '%-8s %8s %10s %9s %9s %7s %7s  %s\n' shape N MiB_file time_s rss_MiB t_x2 mem_x2 'P(top)'
for shape in "${shapes[@]}"; do
    max=${HS_SCALE_MAX:-100000}
    [ "$shape" = cloud ] && max=${HS_SCALE_MAX:-1000000}
    sizes=()
    for ((n = max; n >= max / 64 && n >= 1; n /= 2)); do sizes=("$n" "${sizes[@]}"); done
    pt="" pm=""
    for n in "${sizes[@]}"; do
        gen "$shape" "$n" >"$tmp/m.xml"
        bt="" bkb=0 rc=0
        for ((i = 0; i < runs; i++)); do
            read -r t kb rc < <(once "$tmp/m.xml")
            [ "$rc" -eq 0 ] || break
            if [ -z "$bt" ] || [ "$(echo "$t < $bt" | bc -l)" = 1 ]; then bt=$t bkb=$kb; fi
        done
        mib=$(echo "$(stat -c %s "$tmp/m.xml") / 1048576" | bc -l)
        if [ "$rc" -ne 0 ]; then
            why=$([ "$rc" -eq 124 ] && echo ">${limit}s" || echo "error: $(head -c 60 "$tmp/err")")
            printf '%-8s %8s %10.1f %9s\n' "$shape" "$n" "$mib" "$why"
            break
        fi
        p=$(jq -r '.tops[0].probability' "$tmp/out")
        mem=$(echo "$bkb / 1024" | bc -l)
        gt=- gm=-
        [ -n "$pt" ] && gt=$(printf '%.2f' "$(echo "$bt / $pt" | bc -l)") &&
            gm=$(printf '%.2f' "$(echo "$mem / $pm" | bc -l)")
        printf '%-8s %8s %10.1f %9.3f %9.1f %7s %7s  %.6g\n' "$shape" "$n" "$mib" "$bt" "$mem" \
            "$gt" "$gm" "$p"
        pt=$bt pm=$mem
    done
done
