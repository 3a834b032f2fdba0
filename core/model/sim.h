/*
 * core/model/sim.h — Monte Carlo outage simulation of one top event.
 *
 * Every basic event is an alternating renewal process with exponential up
 * (rate λ) and down (rate μ) times, started in its stationary state, so each
 * replication is an unbiased sample of steady-state behaviour. The simulation
 * is event-driven: a component transition updates failed-input counters
 * along its parents only, and the top's state is read after the transition
 * has fully propagated (no zero-length glitches). Replications are
 * independent (stream = replication index), spread over threads, and merged
 * in replication order, so a seed gives the same numbers on any thread count.
 */
#ifndef HS_MODEL_SIM_H
#define HS_MODEL_SIM_H

#include <stdint.h>

#include "model/model.h"

typedef struct hs_sim_opts {
    double years;     /* total simulated time, split over replications */
    int replications; /* >= 2; 0 = 32 */
    uint64_t seed;
    int threads; /* 0 = every online core */
    bool progress;
    const signed char *force; /* per event: -1 free, 0 working, 1 failed;
                                 NULL = all free */
} hs_sim_opts;

/* A mean with its 95 % confidence interval over replications:
 * mean ± t(R−1, 0.975)·s/√R. n = replications that had a value. */
typedef struct hs_ci {
    double mean, lo, hi;
    int n;
} hs_ci;

typedef struct hs_sim_result {
    hs_ci unavailability;
    hs_ci outages_per_year;
    hs_ci downtime_h_per_year;
    hs_ci mean_outage_h;
    hs_ci p50_h, p95_h, p99_h; /* outage duration percentiles */
    long long outages;         /* outages begun, all replications */
    long long events;          /* component transitions simulated */
    double years;
    int replications, threads;
    double wall_s;
    double cpu_s; /* summed over worker threads */
    double events_per_cpu_s;
} hs_sim_result;

/* Simulates top TOP of the finished model M. Every event the top depends on
 * needs λ > 0 and μ > 0 (or a forced state); others are an error naming
 * them. */
int hs_sim_run(const hs_model *m, int top, const hs_sim_opts *opts, hs_sim_result *out,
               hs_error *err);

/* Two-sided 95 % Student t quantile for DF degrees of freedom. */
double hs_t975(int df);

#endif
