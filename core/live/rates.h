/* live/rates.h — the failure and repair rates a discovered model assumes,
 * per technology (plugin) and component kind: conf/rates.conf, installed in
 * the data directory. Every figure there cites where it comes from, and a
 * discovered model marks each one as an assumption to edit. */
#ifndef HS_LIVE_RATES_H
#define HS_LIVE_RATES_H
#include <libconfig.h>
#include <stddef.h>

#include "util/error.h"

struct hs_rate {
    const char *technology; /* a plugin name, or "*" (borrowed from cfg) */
    const char *kind;       /* a component kind, "target" or "*" */
    double mttf, mttr;      /* hours, > 0 */
    const char *source;     /* where the figures come from */
};

struct hs_rates {
    config_t cfg; /* owns every string of v */
    struct hs_rate *v;
    size_t n;
    char *path; /* the file read (owned) */
};

/* Read the rate table from PATH (NULL: rates.conf in $HASCOUT_DATADIR, else
 * the installed data directory) into *r (caller-provided, freed with
 * hs_rates_free, also after an error). It must hold a fallback entry
 * { technology = "*"; kind = "*"; }. 0, or -1 with FILE:LINE in err. */
int hs_rates_load(struct hs_rates *r, const char *path, hs_error *err);

/* The entry for (technology, kind): exact, else (technology, "*"), else
 * ("*", "*"). Never NULL for a loaded table. */
const struct hs_rate *hs_rates_find(const struct hs_rates *r, const char *technology,
                                    const char *kind);

void hs_rates_free(struct hs_rates *r);

#endif
