/*
 * bench/ceph-stats.h — timing and summary helpers shared by the Ceph
 * benchmarks (ceph-bench, ceph-load-bench).
 */
#ifndef CEPH_BENCH_STATS_H
#define CEPH_BENCH_STATS_H

/* CLOCK_MONOTONIC in seconds. */
double ceph_bench_now(void);

/* Sort v[0..n) in place and print "label: median p90 min max" in ms; n > 0. */
void ceph_bench_summary(const char *label, double *v, int n);

/* Sort v[0..n) in place and return its median; n > 0. */
double ceph_bench_median(double *v, int n);

/* One progress dot on stderr when it is a terminal; silent otherwise. */
void ceph_bench_progress(void);

/* End a line of progress dots (terminal only). */
void ceph_bench_progress_end(void);

#endif /* CEPH_BENCH_STATS_H */
