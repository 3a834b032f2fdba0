/* group.c — `maintenance` groups from the configuration: named sets of
 * components patched together, with hours per step and the margin every
 * service must keep. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"

static const char *const maint_keys[] = {"duration", "min_margin", "groups", NULL};
static const char *const group_keys[] = {"name", "members", "duration", "min_margin", NULL};

static int known(const char *k, const char *const *keys)
{
    for (; *keys; keys++)
        if (k && strcmp(k, *keys) == 0)
            return 1;
    return 0;
}

/* Every member of g must be a key of `keys`. */
static int check_keys(const config_setting_t *g, const char *const *keys, const char *where,
                      hs_error *err)
{
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        if (!known(config_setting_name(m), keys)) {
            hs_error_at(err, m, "unknown setting '%s' in %s", config_setting_name(m), where);
            return -1;
        }
    }
    return 0;
}

static int read_duration(const config_setting_t *g, double def, double *out, hs_error *err)
{
    if (hs_config_number(g, "duration", def, out, err) < 0)
        return -1;
    if (!isfinite(*out) || *out <= 0 || *out > 8760.0 * 10) {
        hs_error_at(err, config_setting_get_member(g, "duration"),
                    "'duration' must be hours per step, > 0 and at most 87600");
        return -1;
    }
    return 0;
}

static int read_margin(const config_setting_t *g, int def, int *out, hs_error *err)
{
    const config_setting_t *m = config_setting_get_member(g, "min_margin");
    *out = def;
    if (!m)
        return 0;
    if (config_setting_type(m) != CONFIG_TYPE_INT || config_setting_get_int(m) < 0 ||
        config_setting_get_int(m) > 1000) {
        hs_error_at(err, m, "'min_margin' must be a whole number from 0 to 1000");
        return -1;
    }
    *out = config_setting_get_int(m);
    return 0;
}

/* Validate one group and, when `into` is not NULL, fill it. */
static int read_group(const config_setting_t *gs, double dur, int mm, struct hs_plan_group *into,
                      hs_error *err)
{
    const config_setting_t *mem;
    const char *name = NULL;
    struct hs_plan_group g = {0};
    int n, rc = -1;

    if (!config_setting_is_group(gs)) {
        hs_error_at(err, gs, "a maintenance group must be { name = \"...\"; members = [...]; }");
        return -1;
    }
    if (check_keys(gs, group_keys, "a maintenance group (name, members, duration, min_margin)",
                   err) < 0 ||
        hs_config_string(gs, "name", NULL, &name, err) < 0)
        return -1;
    if (!name || !*name) {
        hs_error_at(err, gs, "a maintenance group needs a 'name'");
        return -1;
    }
    mem = config_setting_get_member(gs, "members");
    if (!mem || !(config_setting_is_array(mem) || config_setting_is_list(mem)) ||
        config_setting_length(mem) == 0) {
        hs_error_at(err, mem ? mem : gs,
                    "maintenance group '%s' needs 'members = [ \"c1\", \"c2\" ]' (component names)",
                    name);
        return -1;
    }
    g.name = name;
    n = config_setting_length(mem);
    g.members = calloc((size_t)n, sizeof *g.members);
    if (!g.members) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(mem, (unsigned)i);
        const char *s = config_setting_get_string(e);
        if (!s || !*s) {
            hs_error_at(err, e, "maintenance group '%s': member %d must be a component name", name,
                        i + 1);
            goto out;
        }
        for (size_t k = 0; k < g.nmembers; k++)
            if (strcmp(g.members[k], s) == 0) {
                hs_error_at(err, e, "maintenance group '%s': member '%s' is listed twice", name, s);
                goto out;
            }
        g.members[g.nmembers++] = s;
    }
    if (read_duration(gs, dur, &g.duration, err) < 0 || read_margin(gs, mm, &g.min_margin, err) < 0)
        goto out;
    if (into) {
        *into = g;
        g.members = NULL;
    }
    rc = 0;
out:
    free(g.members);
    return rc;
}

int hs_plan_group_read(const config_t *cfg, const char *name, struct hs_plan_group *g,
                       hs_error *err)
{
    const config_setting_t *mt = config_lookup(cfg, "maintenance");
    const config_setting_t *gl;
    double dur = 1.0;
    int mm = 1, found = 0, n;

    memset(g, 0, sizeof *g);
    if (!mt) {
        hs_error_set(err, "no maintenance group '%s': the config has no 'maintenance' setting",
                     name);
        return -1;
    }
    if (!config_setting_is_group(mt)) {
        hs_error_at(err, mt, "'maintenance' must be a group { groups = ( ... ); }");
        return -1;
    }
    if (check_keys(mt, maint_keys, "'maintenance' (duration, min_margin, groups)", err) < 0 ||
        read_duration(mt, 1.0, &dur, err) < 0 || read_margin(mt, 1, &mm, err) < 0)
        return -1;
    gl = config_setting_get_member(mt, "groups");
    if (gl && !config_setting_is_list(gl)) {
        hs_error_at(err, gl, "'maintenance.groups' must be a list ( { ... }, { ... } )");
        return -1;
    }
    n = gl ? config_setting_length(gl) : 0;
    for (int i = 0; i < n; i++) {
        const config_setting_t *gs = config_setting_get_elem(gl, (unsigned)i);
        struct hs_plan_group tmp;
        if (read_group(gs, dur, mm, &tmp, err) < 0)
            goto fail;
        for (int k = 0; k < i; k++) {
            const char *other = NULL;
            config_setting_lookup_string(config_setting_get_elem(gl, (unsigned)k), "name", &other);
            if (other && strcmp(other, tmp.name) == 0) {
                hs_error_at(err, gs, "maintenance group '%s' is defined twice", tmp.name);
                hs_plan_group_free(&tmp);
                goto fail;
            }
        }
        if (!found && strcmp(tmp.name, name) == 0) {
            *g = tmp;
            found = 1;
        } else {
            hs_plan_group_free(&tmp);
        }
    }
    if (found)
        return 0;
    {
        char list[512];
        size_t len = 0;
        list[0] = '\0';
        for (int i = 0; i < n && len + 1 < sizeof list; i++) {
            const char *gn = NULL;
            int w;
            config_setting_lookup_string(config_setting_get_elem(gl, (unsigned)i), "name", &gn);
            w = snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", gn ? gn : "?");
            if (w < 0 || (size_t)w >= sizeof list - len)
                break;
            len += (size_t)w;
        }
        hs_error_at(err, mt, "no maintenance group '%s' (groups: %s)", name, n ? list : "none");
    }
fail:
    hs_plan_group_free(g);
    return -1;
}

void hs_plan_group_free(struct hs_plan_group *g)
{
    free(g->members);
    memset(g, 0, sizeof *g);
}
