#!/bin/bash
# bench/ceph-bench.sh — figures for the Ceph plugin against the lab cluster
# (tests/lab/ceph/cluster.sh): probe latency (median of 20), the cost of
# loading librados, and hascout's own per-target duration. Prints figures;
# asserts nothing. Run with `make bench-ceph` from a build directory.
HS_LAB_NAME=ceph-bench
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
source "$HS_TOP_SRCDIR/tests/lab/ceph/cluster.sh"

ceph_lab_need
BENCH=$HS_TOP_BUILDDIR/bench/ceph-bench
for b in "$BENCH" "$HS_TOP_BUILDDIR/bench/ceph-load-bench"; do
    [ -x "$b" ] || { hs_log "build $b first (make bench-ceph does)"; exit 1; }
done
RUNS=${RUNS:-20}
hs_mkrun
[ -t 2 ] && hs_log "starting the lab cluster (20-60 s)"
t0=$(date +%s%N)
ceph_lab_start || { hs_log "the lab cluster did not settle"; exit 1; }
echo "lab cluster (1 mon, 1 mgr, 2 bluestore OSDs) settled in $(hs_elapsed_ms "$t0") ms"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

"$BENCH" probe "$CEPH_CONF" client.hascout "$CEPH_CLIENT_KEYRING" "$RUNS" || exit 1
"$HS_TOP_BUILDDIR/bench/ceph-load-bench" "$HASCOUT_PLUGIN_PATH" "$RUNS" || exit 1

# End to end through hascout: the child's fork + dlopen + probe, as the
# report shows it, for a ceph target and for a test-plugin target.
conf=$HS_RUN/bench.conf
cat >"$conf" <<CONF
hascout = { state_dir = "$HS_RUN/state"; };
targets = (
  { name = "rados"; plugin = "ceph"; conf = "$CEPH_CONF"; client = "client.hascout";
    keyring = "$CEPH_CLIENT_KEYRING"; },
  { name = "baseline"; plugin = "test";
    components = ( { id = "svc"; kind = "service"; state = "UP"; } ); }
);
CONF
: >"$HS_RUN/durations"
for ((i = 0; i < RUNS; i++)); do
    "$HASCOUT_BIN" -q --config "$conf" report --format json |
        jq -r '.targets[] | "\(.name) \(.duration_s)"' >>"$HS_RUN/durations"
    [ -t 2 ] && printf . >&2
done
[ -t 2 ] && echo >&2
echo "hascout report, per-target duration_s (fork + load + configure + probe + score), $RUNS runs:"
for t in rados baseline; do
    awk -v t="$t" '$1 == t {print $2}' "$HS_RUN/durations" | sort -g |
        awk -v t="$t" '{v[NR] = $1} END {printf "  %-34s median %8.2f ms  min %8.2f  max %8.2f  (n=%d)\n",
            t, 1000 * v[int((NR + 1) / 2)], 1000 * v[1], 1000 * v[NR], NR}'
done
