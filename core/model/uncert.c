/*
 * core/model/uncert.c — quantiles of the input distributions (GSL's inverse
 * CDFs: the gamma and beta inverses are not worth writing again) and the
 * one reader of an uncertainty group, shared by the model format and the
 * technology defaults.
 */
#include "model/uncert.h"
#include "model/model.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <libconfig.h>

#include "util/cfgread.h"

const char *hs_dist_name(hs_dist_kind k)
{
    switch (k) {
    case HS_DIST_LOGNORMAL: return "lognormal";
    case HS_DIST_GAMMA: return "gamma";
    case HS_DIST_UNIFORM: return "uniform";
    case HS_DIST_BETA: return "beta";
    default: return "none";
    }
}

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

/* GSL's default error handler aborts the process; a quantile that fails to
 * converge must come back as NaN instead, which the callers refuse. */
static void gsl_quiet(void)
{
    gsl_set_error_handler_off();
}

/* The quantile of the stored distribution itself (no inversion); U is
 * inside (0, 1) and the parameters were validated by the readers. */
static double raw_quantile(const hs_dist *d, double u)
{
    pthread_once(&gsl_once, gsl_quiet);
    switch (d->kind) {
    case HS_DIST_LOGNORMAL: return d->a * exp(d->b * gsl_cdf_ugaussian_Pinv(u));
    case HS_DIST_GAMMA: return gsl_cdf_gamma_Pinv(u, d->a, d->b);
    case HS_DIST_UNIFORM: return d->a + (d->b - d->a) * u;
    case HS_DIST_BETA: return gsl_cdf_beta_Pinv(u, d->a, d->b);
    default: return NAN;
    }
}

double hs_dist_quantile(const hs_dist *d, double u)
{
    /* the draws are in (0, 1]; 1 itself would be an infinite quantile */
    const double lo = 0x1.0p-53, hi = 1.0 - 0x1.0p-53;
    u = u < lo ? lo : u > hi ? hi : u;
    if (!d->inverse)
        return raw_quantile(d, u);
    return 1.0 / raw_quantile(d, 1.0 - u);
}

double hs_dist_mean(const hs_dist *d)
{
    double m;
    switch (d->kind) {
    case HS_DIST_LOGNORMAL: m = d->a * exp(d->b * d->b / 2.0); break;
    case HS_DIST_GAMMA: m = d->a * d->b; break;
    case HS_DIST_UNIFORM: m = (d->a + d->b) / 2.0; break;
    case HS_DIST_BETA: m = d->a / (d->a + d->b); break;
    default: return NAN;
    }
    /* the mean of 1/Y is not 1/E[Y]; messages only need a typical value */
    return d->inverse ? 1.0 / m : m;
}

void hs_dist_scale(hs_dist *d, double f)
{
    if (d->inverse)
        f = 1.0 / f;
    switch (d->kind) {
    case HS_DIST_LOGNORMAL: d->a *= f; break;
    case HS_DIST_GAMMA: d->b *= f; break;
    case HS_DIST_UNIFORM:
        d->a *= f;
        d->b *= f;
        break;
    default: break;
    }
}

/* Reads the parameters of a uniform: a factor around POINT or an absolute
 * range holding it. */
static int read_uniform(const config_setting_t *g, double point, bool relative_only, const char *fb,
                        hs_dist *out, hs_error *err)
{
    double f, lo, hi;
    bool hf, hlo, hhi;
    if (hs_cfg_number(g, "factor", 0, &f, &hf, fb, err) ||
        hs_cfg_number(g, "min", 0, &lo, &hlo, fb, err) ||
        hs_cfg_number(g, "max", 0, &hi, &hhi, fb, err))
        return -1;
    if (hf && !hlo && !hhi) {
        if (!(f > 1.0))
            return hs_cfg_fail(err, g, fb, "uniform: 'factor' must be > 1");
        *out = (hs_dist){HS_DIST_UNIFORM, point / f, point * f, false};
        return 0;
    }
    if (relative_only)
        return hs_cfg_fail(err, g, fb, "uniform here needs 'factor' (a range around each value)");
    if (hf || !hlo || !hhi)
        return hs_cfg_fail(err, g, fb, "uniform needs either 'factor' or both 'min' and 'max'");
    if (!(lo > 0 && lo <= point && point <= hi && lo < hi))
        return hs_cfg_fail(err, g, fb, "uniform: need 0 < min <= %g <= max, min < max", point);
    *out = (hs_dist){HS_DIST_UNIFORM, lo, hi, false};
    return 0;
}

int hs_dist_from_setting(const void *group, double point, bool relative_only, const char *fallback,
                         hs_dist *out, hs_error *err)
{
    static const char *const keys[] = {"dist", "ef", "shape", "factor", "min", "max", NULL};
    static const char *const names[] = {"lognormal", "gamma", "uniform", NULL};
    const config_setting_t *g = group, *s;
    int kind;
    double v;
    bool have;
    memset(out, 0, sizeof *out);
    if (!config_setting_is_group(g))
        return hs_cfg_fail(err, g, fallback,
                           "an uncertainty must be a group { dist = \"lognormal\"; ef = 3.0; }");
    if ((s = hs_cfg_unknown_key(g, keys, NULL)))
        return hs_cfg_fail(err, s, fallback, "unknown key '%s' in an uncertainty",
                           config_setting_name(s) ? config_setting_name(s) : "?");
    if (!config_setting_get_member(g, "dist"))
        return hs_cfg_fail(err, g, fallback,
                           "an uncertainty needs 'dist' (lognormal, gamma or uniform)");
    if (hs_cfg_enum(g, "dist", names, 0, &kind, fallback, err))
        return -1;
    if (!(point > 0 && isfinite(point)))
        return hs_cfg_fail(err, g, fallback, "an uncertainty needs a value > 0 to spread around");
    if (kind == 2)
        return read_uniform(g, point, relative_only, fallback, out, err);
    const char *key = kind == 0 ? "ef" : "shape";
    if (hs_cfg_number(g, key, 0, &v, &have, fallback, err))
        return -1;
    if (!have)
        return hs_cfg_fail(err, g, fallback, "%s needs '%s'", names[kind], key);
    if (kind == 0 && !(v > 1.0 && v <= 1000.0))
        return hs_cfg_fail(err, g, fallback, "lognormal: 'ef' must be in (1, 1000]");
    if (kind == 1 && !(v >= 0.1 && v <= 1e4))
        return hs_cfg_fail(err, g, fallback, "gamma: 'shape' must be in [0.1, 10000]");
    if (kind == 0)
        *out = (hs_dist){HS_DIST_LOGNORMAL, point, log(v) / HS_DIST_Z95, false};
    else
        *out = (hs_dist){HS_DIST_GAMMA, v, point / v, false};
    return 0;
}

bool hs_model_event_uncertain(const hs_model_node *n)
{
    return n->u_q.kind || n->u_mttf.kind || n->u_mttr.kind;
}

double hs_model_event_q(const hs_model_node *n, double uq, double uf, double ur)
{
    double q;
    if (n->u_q.kind) {
        q = hs_dist_quantile(&n->u_q, uq);
    } else if (n->u_mttf.kind || n->u_mttr.kind) {
        double mttf = n->u_mttf.kind ? hs_dist_quantile(&n->u_mttf, uf) : 1.0 / n->lambda;
        double mttr = n->u_mttr.kind ? hs_dist_quantile(&n->u_mttr, ur) : 1.0 / n->mu;
        q = n->exp_t > 0 ? -expm1(-n->exp_t / mttf) : mttr / (mttf + mttr);
    } else {
        return n->q;
    }
    return q < 0 ? 0 : q > 1 ? 1 : q;
}
