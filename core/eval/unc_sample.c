/*
 * core/eval/unc_sample.c — the paired sampling on every core: blocks of
 * HS_UNC_BLOCK samples, each with its own stream (seed, block), taken by
 * worker threads in any order and written to fixed places, so the figures
 * do not depend on the number of workers; then the summaries.
 */
#include "eval/unc_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/progress.h"
#include "model/rng.h"

typedef struct job {
    const unc_ctx *c;
    int samples, n_blocks;
    uint64_t seed;
    atomic_int next, done;
    atomic_bool oom;
    double *res;    /* [arch][service or weighted][sample] */
    hs_progress pr; /* drawn by the calling thread only */
} job;

static double *column(const job *j, int a, int s)
{
    return j->res + ((size_t)a * (size_t)(j->c->n_services + 1) + (size_t)s) * (size_t)j->samples;
}

static void run_block(job *j, int b, double *u, double *q, double *av)
{
    const unc_ctx *c = j->c;
    hs_rng r;
    hs_rng_seed(&r, j->seed, (uint64_t)b);
    int end = (b + 1) * HS_UNC_BLOCK < j->samples ? (b + 1) * HS_UNC_BLOCK : j->samples;
    for (int i = b * HS_UNC_BLOCK; i < end; i++) {
        for (int k = 0; k < c->n_inputs; k++)
            u[k] = hs_rng_uniform(&r);
        for (int a = 0; a < c->n_archs; a++) {
            hs_unc_eval(c, a, u, 1.0, 1.0, q, av);
            for (int s = 0; s <= c->n_services; s++)
                column(j, a, s)[i] = av[s];
        }
    }
}

/* Worker: takes blocks until none is left. The caller's own run (MAIN)
 * draws the progress line. */
static void *work(void *arg, bool main)
{
    job *j = arg;
    const unc_ctx *c = j->c;
    double *u = malloc(((size_t)c->n_inputs + 1) * sizeof *u);
    double *q = malloc(((size_t)c->max_events + 1) * sizeof *q);
    double *av = malloc(((size_t)c->n_services + 1) * sizeof *av);
    if (!u || !q || !av) {
        atomic_store(&j->oom, true);
        goto out;
    }
    for (int b; (b = atomic_fetch_add(&j->next, 1)) < j->n_blocks && !atomic_load(&j->oom);) {
        run_block(j, b, u, q, av);
        int d = atomic_fetch_add(&j->done, 1) + 1;
        if (main)
            hs_progress_update(&j->pr, "%d/%d samples",
                               d * HS_UNC_BLOCK < j->samples ? d * HS_UNC_BLOCK : j->samples,
                               j->samples);
    }
out:
    free(u);
    free(q);
    free(av);
    return NULL;
}

static void *work_thread(void *arg)
{
    return work(arg, false);
}

/* Runs the job on THREADS threads (the caller is one); how many ran. */
static int run_threads(job *j, int threads)
{
    pthread_t tid[256];
    int started = 1;
    for (; started < threads; started++)
        if (pthread_create(&tid[started], NULL, work_thread, j) != 0)
            break; /* fewer workers: the same result, later */
    work(j, true);
    for (int i = 1; i < started; i++)
        pthread_join(tid[i], NULL);
    return started;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

hs_unc_summary hs_unc_summarise(double *v, int n)
{
    hs_unc_summary s = {NAN, NAN, NAN, NAN};
    double sum = 0;
    if (n <= 0)
        return s;
    for (int i = 0; i < n; i++)
        sum += v[i];
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    s.mean = sum / n;
    double at[3] = {0.5, 0.05, 0.95}, *dst[3] = {&s.median, &s.p05, &s.p95};
    for (int k = 0; k < 3; k++) {
        double h = (n - 1) * at[k];
        int lo = (int)floor(h);
        int hi = lo + 1 < n ? lo + 1 : lo;
        *dst[k] = v[lo] + (h - lo) * (v[hi] - v[lo]);
    }
    return s;
}

/* P(X > Y + eps) over the paired samples. */
static double p_beats(const double *x, const double *y, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += x[i] > y[i] + HS_EVAL_GAIN_EPS;
    return (double)k / n;
}

/* Summaries of architecture A from the samples; T is scratch of n. */
static int summarise_arch(const job *j, int a, double *t, hs_unc_arch *x)
{
    const unc_ctx *c = j->c;
    int S = c->n_services + 1, n = j->samples;
    x->avail = calloc((size_t)S, sizeof *x->avail);
    x->gain = calloc((size_t)S, sizeof *x->gain);
    x->p_beats_base = calloc((size_t)S, sizeof *x->p_beats_base);
    x->p_beats = calloc((size_t)c->n_archs, sizeof *x->p_beats);
    if (!x->avail || !x->gain || !x->p_beats_base || !x->p_beats)
        return -1;
    for (int s = 0; s < S; s++) {
        const double *v = column(j, a, s), *b = column(j, 0, s);
        memcpy(t, v, (size_t)n * sizeof *t);
        x->avail[s] = hs_unc_summarise(t, n);
        for (int i = 0; i < n; i++)
            t[i] = (v[i] - b[i]) * 100.0;
        x->gain[s] = hs_unc_summarise(t, n);
        x->p_beats_base[s] = a == 0 ? NAN : p_beats(v, b, n);
    }
    for (int o = 0; o < c->n_archs; o++)
        x->p_beats[o] = o == a ? NAN : p_beats(column(j, a, S - 1), column(j, o, S - 1), n);
    return 0;
}

int hs_unc_sample(const unc_ctx *c, const hs_eval_opts *o, hs_uncertainty *u, hs_error *err)
{
    job j = {.c = c, .samples = o->samples, .seed = o->seed};
    size_t cells = (size_t)c->n_archs * (size_t)(c->n_services + 1) * (size_t)o->samples;
    double *t = malloc(((size_t)o->samples + 1) * sizeof *t);
    int rc = -1, threads = o->threads;
    j.n_blocks = (o->samples + HS_UNC_BLOCK - 1) / HS_UNC_BLOCK;
    j.res = malloc((cells + 1) * sizeof *j.res);
    if (!t || !j.res)
        goto oom;
    if (threads <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cores > 0 ? (int)cores : 1;
    }
    threads = threads > 256 ? 256 : threads > j.n_blocks ? j.n_blocks : threads;
    hs_progress_start(&j.pr, o->progress, "uncertainty");
    double t0 = hs_progress_now();
    u->threads = run_threads(&j, threads);
    u->seconds = hs_progress_now() - t0;
    hs_progress_end(&j.pr);
    if (atomic_load(&j.oom))
        goto oom;
    u->samples = o->samples;
    for (int a = 0; a < c->n_archs; a++)
        if (summarise_arch(&j, a, t, &u->archs[a]))
            goto oom;
    rc = 0;
    goto out;
oom:
    hs_error_fail(err, NULL, 0, "out of memory");
out:
    free(t);
    free(j.res);
    return rc;
}
