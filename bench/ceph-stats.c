/*
 * bench/ceph-stats.c — timing and summary helpers for the Ceph benchmarks.
 */
#include "bench/ceph-stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

double ceph_bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double ceph_bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

void ceph_bench_summary(const char *label, double *v, int n)
{
    int p90 = (n * 9) / 10 < n ? (n * 9) / 10 : n - 1;

    qsort(v, (size_t)n, sizeof *v, cmp_double);
    printf("  %-34s median %8.2f ms  p90 %8.2f  min %8.2f  max %8.2f  (n=%d)\n", label,
           1e3 * v[n / 2], 1e3 * v[p90], 1e3 * v[0], 1e3 * v[n - 1], n);
}

void ceph_bench_progress(void)
{
    if (isatty(2)) {
        fputc('.', stderr);
        fflush(stderr);
    }
}

void ceph_bench_progress_end(void)
{
    if (isatty(2))
        fputc('\n', stderr);
}
