/*
 * bench/galera_bench.c — probe latency of the Galera plugin's transport
 * against real nodes: one node, all nodes one after the other, and all nodes
 * concurrently (what the plugin does). Prints median/min/max of N rounds.
 *
 *   galera_bench [-n ROUNDS] USER PASSWORD_FILE NODE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mysql.h>

#include "plugins/galera/galera.h"

#define MAX_NODES 16

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void print_row(const char *what, double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp);
    printf("%-34s median %7.2f ms  min %7.2f ms  max %7.2f ms  (n=%d)\n", what,
           (n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2) * 1e3, t[0] * 1e3, t[n - 1] * 1e3, n);
}

/* One measured round; returns -1 (after a message) when a node failed, since
 * a failed query is not a latency. */
static int round_once(gal_node *nodes, size_t n, const gal_login *login, int concurrent,
                      double *out)
{
    double t0 = now_s();
    size_t i;
    if (concurrent)
        gal_query_all(nodes, n, login);
    else
        for (i = 0; i < n; i++)
            gal_node_query(&nodes[i], login);
    *out = now_s() - t0;
    for (i = 0; i < n; i++)
        if (nodes[i].reach != GAL_REACH_OK) {
            fprintf(stderr, "galera_bench: %s: %s\n", nodes[i].id, nodes[i].error);
            return -1;
        }
    return 0;
}

int main(int argc, char **argv)
{
    gal_node nodes[MAX_NODES];
    gal_login login = {NULL, NULL, 5, 5, 5};
    char pw[256] = "", why[200];
    double *t = NULL;
    int rounds = 20, argi = 1, rc = 1, r, tty = isatty(2);
    size_t n = 0, i;
    FILE *f = NULL;

    if (argc > 2 && strcmp(argv[1], "-n") == 0) {
        rounds = atoi(argv[2]);
        argi = 3;
    }
    if (rounds < 1 || argc - argi < 3 || argc - argi - 2 > MAX_NODES) {
        fprintf(stderr, "usage: galera_bench [-n ROUNDS] USER PASSWORD_FILE NODE...\n");
        return 2;
    }
    login.user = argv[argi];
    if (!(f = fopen(argv[argi + 1], "r")) || !fgets(pw, sizeof pw, f)) {
        fprintf(stderr, "galera_bench: cannot read %s\n", argv[argi + 1]);
        goto out;
    }
    pw[strcspn(pw, "\r\n")] = '\0';
    login.password = pw;
    memset(nodes, 0, sizeof nodes);
    for (i = (size_t)argi + 2; i < (size_t)argc; i++, n++) {
        nodes[n].id = argv[i];
        if (gal_addr_parse(argv[i], &nodes[n].addr, why, sizeof why) < 0) {
            fprintf(stderr, "galera_bench: %s\n", why);
            goto out;
        }
    }
    if (!(t = calloc((size_t)rounds, sizeof *t)) || mysql_library_init(0, NULL, NULL)) {
        fprintf(stderr, "galera_bench: cannot initialise\n");
        goto out;
    }
    /* warm-up: first connects pay for name lookups and lazy loading */
    if (round_once(nodes, n, &login, 1, &t[0]) < 0)
        goto out;

    {
        static const struct {
            const char *what;
            int all, concurrent;
        } kinds[] = {
            {"one node (each in turn)", 0, 0},
            {"all nodes, one after the other", 1, 0},
            {"all nodes, concurrent (plugin)", 1, 1},
        };
        char label[64];
        size_t k;
        for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            for (r = 0; r < rounds; r++) {
                if (tty)
                    fprintf(stderr, "\r%s: round %d/%d ", kinds[k].what, r + 1, rounds);
                /* one node: each in turn, so it compares fairly with all */
                if (round_once(kinds[k].all ? nodes : &nodes[(size_t)r % n], kinds[k].all ? n : 1,
                               &login, kinds[k].concurrent, &t[r]) < 0)
                    goto out;
            }
            if (tty)
                fprintf(stderr, "\r%60s\r", "");
            snprintf(label, sizeof label, "%s (%zu)", kinds[k].what, kinds[k].all ? n : 1);
            print_row(label, t, rounds);
        }
    }
    rc = 0;
out:
    if (f)
        fclose(f);
    free(t);
    memset(pw, 0, sizeof pw);
    mysql_library_end();
    return rc;
}
