/* live/rates.c — reading conf/rates.conf (contract in rates.h). */
#include <stdlib.h>
#include <string.h>

#include "live/rates.h"
#include "util/cfgread.h"
#include "util/readfile.h"

#ifndef HS_DATADIR
#define HS_DATADIR "/usr/local/share/hascout"
#endif

#define RATES_MAX_BYTES (1 << 20)

static int read_entry(struct hs_rates *r, const config_setting_t *e, hs_error *err)
{
    static const char *const keys[] = {"technology", "kind", "mttf", "mttr", "source", NULL};
    static const char *const need[] = {"technology", "kind", "mttf", "mttr", "source", NULL};
    struct hs_rate *x = &r->v[r->n];
    const config_setting_t *bad;

    if (!config_setting_is_group(e))
        return hs_cfg_fail(err, e, r->path, "a rate must be a group { technology = ...; }");
    if ((bad = hs_cfg_unknown_key(e, keys, NULL)) != NULL)
        return hs_cfg_fail(err, bad, r->path, "unknown setting '%s' in a rate (%s)",
                           config_setting_name(bad), "technology, kind, mttf, mttr, source");
    if (hs_cfg_require(e, need, r->path, err) < 0 ||
        hs_cfg_string(e, "technology", NULL, &x->technology, r->path, err) < 0 ||
        hs_cfg_string(e, "kind", NULL, &x->kind, r->path, err) < 0 ||
        hs_cfg_string(e, "source", NULL, &x->source, r->path, err) < 0 ||
        hs_cfg_number(e, "mttf", 0, &x->mttf, NULL, r->path, err) < 0 ||
        hs_cfg_number(e, "mttr", 0, &x->mttr, NULL, r->path, err) < 0)
        return -1;
    if (!(x->mttf > 0) || !(x->mttr > 0))
        return hs_cfg_fail(err, e, r->path, "mttf and mttr must be positive hours");
    r->n++;
    return 0;
}

int hs_rates_load(struct hs_rates *r, const char *path, hs_error *err)
{
    char buf[4096], ebuf[512];
    char *text = NULL;
    const config_setting_t *list;
    int rc = -1, n;

    memset(r, 0, sizeof *r);
    config_init(&r->cfg);
    if (!path) {
        const char *d = getenv("HASCOUT_DATADIR");
        snprintf(buf, sizeof buf, "%s/rates.conf", d && *d ? d : HS_DATADIR);
        path = buf;
    }
    if (!(r->path = strdup(path)))
        goto oom;
    if (hs_read_text(path, RATES_MAX_BYTES, &text, ebuf, sizeof ebuf) < 0) {
        hs_error_set(err, "%s", ebuf);
        goto out;
    }
    if (config_read_string(&r->cfg, text) != CONFIG_TRUE) {
        hs_error_set(err, "%s:%d: %s", path, config_error_line(&r->cfg),
                     config_error_text(&r->cfg));
        goto out;
    }
    list = config_lookup(&r->cfg, "rates");
    if (!list || !config_setting_is_list(list)) {
        hs_error_set(err, "%s: needs a list 'rates = ( { ... }, ... );'", path);
        goto out;
    }
    n = config_setting_length(list);
    if (!(r->v = calloc((size_t)n + 1, sizeof *r->v)))
        goto oom;
    for (int i = 0; i < n; i++)
        if (read_entry(r, config_setting_get_elem(list, (unsigned)i), err) < 0)
            goto out;
    if (!hs_rates_find(r, "*", "*")) {
        hs_error_set(err, "%s: no fallback rate { technology = \"*\"; kind = \"*\"; ... }", path);
        goto out;
    }
    rc = 0;
    goto out;
oom:
    hs_error_set(err, "out of memory");
out:
    free(text);
    return rc;
}

static const struct hs_rate *lookup(const struct hs_rates *r, const char *t, const char *k)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i].technology, t) == 0 && strcmp(r->v[i].kind, k) == 0)
            return &r->v[i];
    return NULL;
}

const struct hs_rate *hs_rates_find(const struct hs_rates *r, const char *technology,
                                    const char *kind)
{
    const struct hs_rate *x = lookup(r, technology, kind);
    if (!x)
        x = lookup(r, technology, "*");
    return x ? x : lookup(r, "*", "*");
}

void hs_rates_free(struct hs_rates *r)
{
    config_destroy(&r->cfg);
    free(r->v);
    free(r->path);
    memset(r, 0, sizeof *r);
}
