/*
 * core/eval/spread.c — technologies' default rate uncertainty: the pure
 * reader of the `rate_uncertainty` list of conf/technologies.conf and the
 * table that carries it next to the scores.
 */
#include "eval/cfgutil.h"
#include "eval/eval.h"
#include "eval/internal.h"

#include <stdlib.h>
#include <string.h>

static void spread_clear(hs_rate_spread *s)
{
    free(s->technology);
    free(s->source);
    free(s->where);
    memset(s, 0, sizeof *s);
}

void hs_spread_free_all(hs_tech_table *t)
{
    for (int i = 0; i < t->n_spreads; i++)
        spread_clear(&t->spreads[i]);
    free(t->spreads);
    t->spreads = NULL;
    t->n_spreads = 0;
}

/* Copies S into D (strings duplicated); -1 when out of memory. */
static int spread_copy(hs_rate_spread *d, const hs_rate_spread *s)
{
    *d = *s;
    d->technology = strdup(s->technology);
    d->source = strdup(s->source);
    d->where = strdup(s->where);
    if (d->technology && d->source && d->where)
        return 0;
    spread_clear(d);
    return -1;
}

int hs_spread_copy_all(hs_tech_table *dst, const hs_tech_table *src)
{
    if (src->n_spreads == 0)
        return 0;
    dst->spreads = calloc((size_t)src->n_spreads, sizeof *dst->spreads);
    if (!dst->spreads)
        return -1;
    for (; dst->n_spreads < src->n_spreads; dst->n_spreads++)
        if (spread_copy(&dst->spreads[dst->n_spreads], &src->spreads[dst->n_spreads])) {
            hs_spread_free_all(dst);
            return -1;
        }
    return 0;
}

const hs_rate_spread *hs_spread_find(const hs_tech_table *t, const char *key)
{
    for (int i = 0; t && key && i < t->n_spreads; i++)
        if (strcmp(t->spreads[i].technology, key) == 0)
            return &t->spreads[i];
    return NULL;
}

/* One list entry G into *e (strings borrowed from the config). */
static int read_spread(const config_setting_t *g, const char *file, hs_rate_spread *e,
                       hs_error *err)
{
    static const char *const keys[] = {"technology", "mttf", "mttr", "source", "comment", NULL};
    const config_setting_t *f, *r;
    memset(e, 0, sizeof *e);
    if (hs_ecfg_keys(g, "a rate_uncertainty entry", keys, file, err) ||
        hs_ecfg_string(g, "technology", (const char **)&e->technology, file, err) ||
        hs_ecfg_string(g, "source", (const char **)&e->source, file, err))
        return -1;
    if (!e->technology || !*e->technology)
        return hs_ecfg_fail(err, g, file, "rate_uncertainty entry without a 'technology'");
    if (!e->source || !*e->source)
        return hs_ecfg_fail(err, g, file,
                            "rate_uncertainty '%s' without a 'source': say where the "
                            "range comes from",
                            e->technology);
    f = config_setting_get_member(g, "mttf");
    r = config_setting_get_member(g, "mttr");
    if (!f && !r)
        return hs_ecfg_fail(err, g, file, "rate_uncertainty '%s' needs 'mttf' or 'mttr'",
                            e->technology);
    /* relative: the spread is scaled to each component's own value */
    if ((f && hs_dist_from_setting(f, 1.0, true, file, &e->mttf, err)) ||
        (r && hs_dist_from_setting(r, 1.0, true, file, &e->mttr, err)))
        return -1;
    return 0;
}

/* Puts a copy of E (with WHERE) into T, replacing an entry for the same
 * technology. */
static int put_spread(hs_tech_table *t, const hs_rate_spread *e, const char *where, hs_error *err)
{
    hs_rate_spread copy = *e, made;
    const hs_rate_spread *old = hs_spread_find(t, e->technology);
    int i = old ? (int)(old - t->spreads) : t->n_spreads;
    copy.where = (char *)where;
    if (!old) {
        hs_rate_spread *v = realloc(t->spreads, ((size_t)t->n_spreads + 1) * sizeof *v);
        if (!v)
            return hs_error_fail(err, NULL, 0, "out of memory");
        t->spreads = v;
    }
    if (spread_copy(&made, &copy))
        return hs_error_fail(err, NULL, 0, "out of memory");
    if (old)
        spread_clear(&t->spreads[i]);
    else
        t->n_spreads++;
    t->spreads[i] = made;
    return 0;
}

int hs_spread_load(hs_tech_table *t, const config_setting_t *l, const char *file,
                   bool keep_existing, hs_error *err)
{
    if (!config_setting_is_list(l))
        return hs_ecfg_fail(err, l, file,
                            "expected 'rate_uncertainty = ( { technology = ...; }, ... );'");
    for (int i = 0; i < config_setting_length(l); i++) {
        const config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
        hs_rate_spread e;
        if (read_spread(g, file, &e, err))
            return -1;
        for (int j = 0; j < i; j++) {
            const char *k = NULL;
            config_setting_lookup_string(config_setting_get_elem(l, (unsigned)j), "technology", &k);
            if (k && strcmp(k, e.technology) == 0)
                return hs_ecfg_fail(err, g, file, "rate_uncertainty '%s' listed twice",
                                    e.technology);
        }
        if (keep_existing && hs_spread_find(t, e.technology))
            continue;
        char *where = hs_ecfg_where(g, file);
        int r =
            where ? put_spread(t, &e, where, err) : hs_error_fail(err, NULL, 0, "out of memory");
        free(where);
        if (r)
            return -1;
    }
    return 0;
}
