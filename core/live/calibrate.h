/* live/calibrate.h — failure and repair rates learned from the history.
 *
 * For every model component the history records (live-mapped ones): the
 * failures (UP -> DOWN), repairs (DOWN -> UP), hours up and down seen in a
 * window, and from them:
 *   - the observed rates with 90 % intervals, exact for exponential times:
 *     failure rate lambda in [Gamma(0.05; n, T_up), Gamma(0.95; n + 1, T_up)],
 *     repair rate mu in [Gamma(0.05; m, R), Gamma(0.95; m, R)] (R: hours of
 *     the m completed outages);
 *   - the model's assumption as a conjugate Gamma prior worth `strength`
 *     observed events (lambda ~ Gamma(s, s * MTTF), mu ~ Gamma(s, s * MTTR)),
 *     updated to the posterior Gamma(s + n, s * MTTF + T_up) (and the same
 *     for mu), whose mean gives the calibrated MTTF and MTTR;
 *   - a flag when the evidence contradicts the assumption: the observed rate
 *     lies outside the prior's 90 % interval AND the assumed rate outside the
 *     data's 90 % interval (either alone would fire on noise: a wide prior,
 *     or a single quiet month).
 * Components the model gives no rates, or that the history never saw, are
 * listed with what is known. */
#ifndef HS_LIVE_CALIBRATE_H
#define HS_LIVE_CALIBRATE_H
#include <stddef.h>

#include "live/history.h"
#include "live/observe.h"
#include "live/live.h"
#include "util/error.h"

/* The default strength of the model's assumption, in observed events. */
#define HS_CALIB_STRENGTH 2.0

struct hs_calib_rate {
    double assumed;                /* hours (MTTF or MTTR) from the model; NaN: none */
    int events;                    /* failures or completed repairs seen */
    double exposure;               /* hours at risk: up (failures) or of repairs */
    double obs, obs_lo, obs_hi;    /* observed mean time (hours) and 90 % interval; NaN: none */
    double post, post_lo, post_hi; /* posterior mean time and 90 % interval; NaN without a prior */
    int contradicts;               /* evidence against the assumption (see above) */
};

struct hs_calib_comp {
    const char *name; /* borrowed from the live view */
    double up_h, down_h;
    int seen; /* the history has this component at all */
    struct hs_calib_rate fail, repair;
};

struct hs_calib {
    struct hs_calib_comp *comps; /* one per model component, in model order */
    size_t n;
    double from, to, strength;
};

/* Calibrating while the history streams by (live/histstream.h). */
struct hs_calib_run;
struct hs_calibrator {
    struct hs_calib *out; /* borrowed */
    double max_gap;
    const char **names; /* owned array of borrowed names */
    struct hs_calib_run *runs;
    struct hs_hist_index ix;
};

/* Start calibrating every component of lv over [from, to] (a state held at
 * most max_gap seconds, as in live/observe.h) into *out (caller-provided,
 * freed with hs_calib_free; lv must outlive it: names are borrowed). `in`
 * as for hs_hist_index_init. Hand hs_calib_sink with cb to a scan, then
 * hs_calib_end. 0, or -1 when out of memory (cb and out freed). */
int hs_calib_begin(struct hs_calibrator *cb, const struct hs_live *lv, struct hs_intern *in,
                   double from, double to, double max_gap, double strength, struct hs_calib *out,
                   hs_error *err);

/* The sink: ctx is a struct hs_calibrator. Never fails. */
int hs_calib_sink(void *ctx, const struct hs_hist_record *rec, double until, hs_error *err);

/* Estimate from what was tallied, and free cb's own memory. */
void hs_calib_end(struct hs_calibrator *cb);

/* Free cb's own memory without estimating (after a failed scan). */
void hs_calibrator_free(struct hs_calibrator *cb);

/* All of it over records in memory. 0, or -1 when out of memory. */
int hs_calibrate(const struct hs_live *lv, const struct hs_history *h, double from, double to,
                 double max_gap, double strength, struct hs_calib *out, hs_error *err);

/* All of it over the history of state directory DIR, streamed
 * (live/histstream.h) from `from` on; a damaged line's warning into
 * warning (wlen bytes; "" if none). 0, or -1 with the reason in err (out
 * is then empty). */
int hs_calibrate_dir(const struct hs_live *lv, const char *dir, double from, double to,
                     double max_gap, double strength, struct hs_calib *out, char *warning,
                     size_t wlen, hs_error *err);

/* How much a component's evidence disagrees with its assumption, for
 * ranking: the larger |log(observed / assumed)| of its two rates when
 * flagged, else 0. */
double hs_calib_disagreement(const struct hs_calib_comp *c);

void hs_calib_free(struct hs_calib *c);

#endif
