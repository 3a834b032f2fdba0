/*
 * bench/ceph-load-bench.c — the cost of loading librados into a probe
 * process (printed, never asserted).
 *
 *   ceph-load-bench PLUGIN_DIR [RUNS]
 *
 * In a fresh child per run (forked from this program, which links neither
 * librados nor any plugin): dlopen time and resident memory added by
 * librados.so.2 alone, by ceph.so (which links it) and by test.so (a
 * plugin without it), and for ceph.so also the first rados_create2 +
 * rados_shutdown, the one-time set-up librados does on first use.
 * Progress dots go to stderr only when it is a terminal.
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/ceph-stats.h"

#define MAX_RUNS 1000

static long rss_kib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

typedef int (*create_fn)(void **, const char *, const char *, unsigned long);
typedef void (*shutdown_fn)(void *);

/* dlopen `path` in a fresh child: seconds and KiB of RSS it added, and
 * when the library offers rados_create2, the seconds of a first
 * rados_create2 + rados_shutdown (else -1). */
static int load_once(const char *path, double *secs, double *kib, double *init)
{
    int fd[2];
    double res[3] = {0, 0, -1};
    pid_t pid;
    int st, ok = -1;

    if (pipe(fd) < 0)
        return -1;
    pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        long before = rss_kib();
        double t0 = ceph_bench_now();
        /* Lazy: plugins' hs_* calls resolve against the core, absent here. */
        void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
        create_fn create;
        shutdown_fn shut;
        res[0] = ceph_bench_now() - t0;
        res[1] = (double)(rss_kib() - before);
        if (!h)
            res[0] = -1;
        create = h ? (create_fn)(uintptr_t)dlsym(h, "rados_create2") : NULL;
        shut = h ? (shutdown_fn)(uintptr_t)dlsym(h, "rados_shutdown") : NULL;
        if (create && shut) {
            void *cluster;
            t0 = ceph_bench_now();
            if (create(&cluster, "ceph", "client.admin", 0) == 0) {
                shut(cluster);
                res[2] = ceph_bench_now() - t0;
            }
        }
        if (write(fd[1], res, sizeof res) != (ssize_t)sizeof res)
            _exit(1);
        _exit(0);
    }
    close(fd[1]);
    if (read(fd[0], res, sizeof res) == (ssize_t)sizeof res && res[0] >= 0)
        ok = 0;
    close(fd[0]);
    waitpid(pid, &st, 0);
    *secs = res[0];
    *kib = res[1];
    *init = res[2];
    return ok;
}

int main(int argc, char **argv)
{
    static double t[MAX_RUNS], m[MAX_RUNS], init[MAX_RUNS];
    int runs = argc > 2 ? atoi(argv[2]) : 20;
    char paths[3][1024];
    const char *labels[3] = {"librados.so.2 alone", "ceph.so (links librados)",
                             "test.so (no librados)"};

    if (argc < 2 || runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "usage: ceph-load-bench PLUGIN_DIR [RUNS]\n");
        return 2;
    }
    snprintf(paths[0], sizeof paths[0], "librados.so.2");
    snprintf(paths[1], sizeof paths[1], "%s/ceph.so", argv[1]);
    snprintf(paths[2], sizeof paths[2], "%s/test.so", argv[1]);
    printf("loading into a fresh process (dlopen, RTLD_LAZY), %d runs each:\n", runs);
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < runs; i++) {
            if (load_once(paths[k], &t[i], &m[i], &init[i]) < 0) {
                fprintf(stderr, "ceph-load-bench: cannot load %s\n", paths[k]);
                return 1;
            }
            ceph_bench_progress();
        }
        ceph_bench_progress_end();
        ceph_bench_summary(labels[k], t, runs);
        printf("  %-34s RSS added: median %.0f KiB\n", "", ceph_bench_median(m, runs));
        if (init[0] >= 0)
            ceph_bench_summary("  first rados_create2 + shutdown", init, runs);
    }
    return 0;
}
