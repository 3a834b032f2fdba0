/*
 * bench/keepalived-read.c — the plugin's own cost of reading one node, per
 * method, without the core around it: times ka_read_node() (the code the
 * plugin's probe runs per node) RUNS times and prints the median.
 *
 *   keepalived-read RUNS state_file STATE_FILE PID_FILE
 *   keepalived-read RUNS json|text DUMP_DIR PID_FILE
 *
 * Used by bench/keepalived-probe-cost.sh on the real lab.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/keepalived/keepalived.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    struct ka_node_cfg cfg;
    struct ka_node_obs obs;
    double *t = NULL, t0;
    int runs, i, rc = 1;

    if (argc != 5 || (runs = atoi(argv[1])) < 1 || runs > 100000) {
        fprintf(stderr, "usage: keepalived-read RUNS state_file|json|text "
                        "FILE_OR_DIR PID_FILE\n");
        return 2;
    }
    memset(&cfg, 0, sizeof cfg);
    cfg.name = "n";
    cfg.pid_file = argv[4];
    cfg.json_file = "keepalived.json";
    cfg.data_file = "keepalived.data";
    cfg.stats_file = "keepalived.stats";
    cfg.json_signal = SIGRTMIN + 2;
    cfg.dump_timeout = 2.0;
    if (strcmp(argv[2], "state_file") == 0) {
        cfg.method = KA_METHOD_STATE_FILE;
        cfg.state_file = argv[3];
    } else {
        cfg.method = KA_METHOD_DUMP;
        cfg.format = strcmp(argv[2], "text") == 0 ? KA_FORMAT_TEXT : KA_FORMAT_JSON;
        cfg.dump_dir = argv[3];
    }
    t = calloc((size_t)runs, sizeof *t);
    if (!t)
        goto out;
    for (i = 0; i < runs; i++) {
        ka_node_obs_init(&obs, "n");
        t0 = ka_mono_now();
        ka_read_node(&cfg, t0 + 5.0, &obs);
        t[i] = (ka_mono_now() - t0) * 1000.0;
        if (!obs.readable) {
            fprintf(stderr, "keepalived-read: %s\n", obs.why);
            ka_node_obs_free(&obs);
            goto out;
        }
        ka_node_obs_free(&obs);
    }
    qsort(t, (size_t)runs, sizeof *t, cmp);
    printf("%.3f ms (min %.3f, max %.3f, n=%d)\n",
           runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2, t[0], t[runs - 1], runs);
    rc = 0;
out:
    free(t);
    return rc;
}
