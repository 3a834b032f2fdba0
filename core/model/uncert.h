/*
 * core/model/uncert.h — uncertain inputs: the distribution of a component's
 * MTTF, MTTR (own format) or failure rate / probability (MEF deviates), and
 * its quantiles. An analysis draws one u in (0, 1) per uncertain input and
 * maps it through the quantile function, so the same u can be shared by
 * every model that has the input (paired comparisons), and the 5 % / 50 % /
 * 95 % values of the tornado are plain quantiles.
 */
#ifndef HS_MODEL_UNCERT_H
#define HS_MODEL_UNCERT_H

#include <stdbool.h>

#include "util/error.h"

typedef enum {
    HS_DIST_NONE = 0,
    HS_DIST_LOGNORMAL, /* a = median, b = σ of ln X */
    HS_DIST_GAMMA,     /* a = shape k, b = scale θ (mean kθ) */
    HS_DIST_UNIFORM,   /* a = low, b = high */
    HS_DIST_BETA       /* a = α, b = β (MEF, probabilities only) */
} hs_dist_kind;

/* The 95th percentile of a standard normal: an error factor EF is the
 * ratio of the 95th percentile to the median, σ = ln(EF) / this. */
#define HS_DIST_Z95 1.6448536269514722

typedef struct hs_dist {
    hs_dist_kind kind;
    double a, b;
    /* The distribution is that of 1/X (an MEF failure rate standing for an
     * MTTF): X's quantile at u is 1 / (the distribution's at 1 − u), so
     * quantiles still rise with u. */
    bool inverse;
} hs_dist;

/* "lognormal", "gamma", "uniform", "beta" or "none"; static storage. */
const char *hs_dist_name(hs_dist_kind k);

/* The value of D at probability U in (0, 1) (clamped into it); NaN for
 * HS_DIST_NONE. Pure, thread-safe. */
double hs_dist_quantile(const hs_dist *d, double u);

/* D's mean, NaN for NONE (for messages and point values). */
double hs_dist_mean(const hs_dist *d);

/* Scales D so that X becomes F·X (F > 0): turns a relative spread
 * (median or mean 1) into one around a component's point value. Beta is
 * unchanged (it lives on [0, 1]). */
void hs_dist_scale(hs_dist *d, double f);

/* PURE: reads an uncertainty group (a libconfig config_setting_t, passed as
 * void * so this header needs no <libconfig.h>) for a quantity whose point
 * value is POINT (> 0):
 *   { dist = "lognormal"; ef = 3.0; }   median POINT, 95 % POINT·ef (ef > 1)
 *   { dist = "gamma"; shape = 4.0; }    mean POINT, shape k > 0
 *   { dist = "uniform"; factor = 2.0; } POINT/factor .. POINT·factor
 *   { dist = "uniform"; min = 10.0; max = 40.0; }  absolute, must hold POINT
 * RELATIVE_ONLY refuses the absolute uniform (technology defaults, whose
 * point values differ per component). Messages name FALLBACK:line when
 * libconfig knows no file. 0, or -1 + err. */
int hs_dist_from_setting(const void *group, double point, bool relative_only, const char *fallback,
                         hs_dist *out, hs_error *err);

#endif
