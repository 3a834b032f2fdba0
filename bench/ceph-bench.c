/*
 * bench/ceph-bench.c — figures for the Ceph plugin (printed, never asserted).
 *
 *   ceph-bench probe CONF CLIENT KEYRING [RUNS]
 *       connect + `health detail` + `status` (what issue 6 calls a probe),
 *       then the same plus `mon dump` + `osd dump` (what the plugin runs),
 *       each RUNS times (default 20) with a fresh connection: median, p90,
 *       min, max, and the connect / command split.
 *
 * The cost of loading librados is measured by bench/ceph-load-bench, which
 * must not link librados itself.
 *
 * Progress dots go to stderr only when it is a terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/ceph-stats.h"

#include "plugins/ceph/ceph.h"

#define MAX_RUNS 1000

/* One probe with `ncmds` commands; times in *t_conn and *t_cmds. */
static int one_probe(const struct ceph_conn_opts *o, int ncmds, double *t_conn, double *t_cmds)
{
    static const char *const cmds[] = {
        "{\"prefix\":\"health\",\"detail\":\"detail\",\"format\":\"json\"}",
        "{\"prefix\":\"status\",\"format\":\"json\"}",
        "{\"prefix\":\"mon dump\",\"format\":\"json\"}",
        "{\"prefix\":\"osd dump\",\"format\":\"json\"}"};
    char err[512];
    ceph_conn *c = NULL;
    char *reply = NULL;
    size_t len;
    double t0 = ceph_bench_now(), t1;
    int rc = -1;

    if (ceph_conn_open(o, 10.0, &c, err, sizeof err) < 0) {
        fprintf(stderr, "ceph-bench: %s\n", err);
        goto out;
    }
    t1 = ceph_bench_now();
    for (int i = 0; i < ncmds; i++) {
        struct ceph_health_report h;
        struct ceph_status s;
        struct ceph_monmap m;
        struct ceph_osdmap om;
        int prc;
        if (ceph_conn_command(c, cmds[i], 10.0, &reply, &len, err, sizeof err) < 0) {
            fprintf(stderr, "ceph-bench: %s\n", err);
            goto out;
        }
        if (i == 0) {
            prc = ceph_parse_health(reply, len, &h, err, sizeof err);
            ceph_health_report_free(&h);
        } else if (i == 1) {
            prc = ceph_parse_status(reply, len, &s, err, sizeof err);
            ceph_status_free(&s);
        } else if (i == 2) {
            prc = ceph_parse_monmap(reply, len, &m, err, sizeof err);
            ceph_monmap_free(&m);
        } else {
            prc = ceph_parse_osdmap(reply, len, &om, err, sizeof err);
            ceph_osdmap_free(&om);
        }
        free(reply);
        reply = NULL;
        if (prc < 0) {
            fprintf(stderr, "ceph-bench: %s\n", err);
            goto out;
        }
    }
    ceph_conn_close(c);
    c = NULL;
    *t_conn = t1 - t0;
    *t_cmds = ceph_bench_now() - t1;
    rc = 0;
out:
    free(reply);
    ceph_conn_close(c);
    return rc;
}

static int bench_probe(int argc, char **argv)
{
    struct ceph_conn_opts o = {0};
    static double total[MAX_RUNS], conn[MAX_RUNS], cmds[MAX_RUNS];
    int runs = argc > 5 ? atoi(argv[5]) : 20;

    if (argc < 5 || runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "usage: ceph-bench probe CONF CLIENT KEYRING [RUNS]\n");
        return 2;
    }
    o.conf = argv[2];
    o.client = argv[3];
    o.keyring = argv[4];
    o.mount_timeout = 10;
    o.op_timeout = 10;
    for (int ncmds = 2; ncmds <= 4; ncmds += 2) {
        for (int i = 0; i < runs; i++) {
            if (one_probe(&o, ncmds, &conn[i], &cmds[i]) < 0)
                return 1;
            total[i] = conn[i] + cmds[i];
            ceph_bench_progress();
        }
        ceph_bench_progress_end();
        printf("probe with %d mon commands (%s):\n", ncmds,
               ncmds == 2 ? "health detail + status" : "+ mon dump + osd dump, as the plugin");
        ceph_bench_summary("connect + commands + shutdown", total, runs);
        ceph_bench_summary("connect (rados_connect)", conn, runs);
        ceph_bench_summary("commands + parse + shutdown", cmds, runs);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "probe") == 0)
        return bench_probe(argc, argv);
    fprintf(stderr, "usage: ceph-bench probe CONF CLIENT KEYRING [RUNS]\n");
    return 2;
}
