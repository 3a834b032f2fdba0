/*
 * core/model/cfgfmt.c — hascout's own model format (libconfig), the one the
 * architecture files use. Pure: text (or an already parsed group) in, model
 * out. Times are hours; gates are failure logic.
 */
#include "model/model.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libconfig.h>
#include <libgen.h>

#include "util/cfgread.h"

typedef struct cfg_ctx {
    hs_model *m;
    const char *fallback; /* file name when libconfig knows none */
    hs_error *err;
} cfg_ctx;

static const char *file_of(cfg_ctx *c, const config_setting_t *s)
{
    const char *f = config_setting_source_file(s);
    const char *in = hs_model_intern_file(c->m, f ? f : c->fallback);
    return in ? in : "<config>";
}

static int line_of(const config_setting_t *s)
{
    return (int)config_setting_source_line(s);
}

/* The model format's errors always name a place: c->fallback stands for a
 * file libconfig does not know. */
static int HS_PRINTF(3, 4) bad(cfg_ctx *c, const config_setting_t *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hs_cfg_vfail(c->err, s, c->fallback, fmt, ap);
    va_end(ap);
    return -1;
}

/* Every member of group G must be one of KEYS. */
static int check_keys(cfg_ctx *c, const config_setting_t *g, const char *what,
                      const char *const *keys)
{
    const config_setting_t *s;
    if (!config_setting_is_group(g))
        return bad(c, g, "each entry of %s must be a group { ... }", what);
    s = hs_cfg_unknown_key(g, keys, NULL);
    if (s)
        return bad(c, s, "unknown key '%s' in %s",
                   config_setting_name(s) ? config_setting_name(s) : "?", what);
    return 0;
}

static int required_name(cfg_ctx *c, const config_setting_t *g, const char *what, const char **name)
{
    const config_setting_t *s = config_setting_get_member(g, "name");
    if (!s)
        return bad(c, g, "%s without a 'name'", what);
    if (hs_cfg_string(g, "name", "", name, c->fallback, c->err))
        return -1;
    if (!**name)
        return bad(c, s, "%s with an empty name", what);
    return 0;
}

static int opt_number(cfg_ctx *c, const config_setting_t *g, const char *key, double *out,
                      bool *have)
{
    return hs_cfg_number(g, key, 0.0, out, have, c->fallback, c->err);
}

static int opt_string_copy(cfg_ctx *c, const config_setting_t *g, const char *key, char **dst)
{
    const char *v;
    if (hs_cfg_string(g, key, NULL, &v, c->fallback, c->err))
        return -1;
    if (!v)
        return 0;
    free(*dst);
    *dst = hs_model_strdup(v);
    if (!*dst)
        return hs_error_fail(c->err, NULL, 0, "out of memory");
    return 0;
}

/* The optional uncertainty group KEY of component G around POINT. */
static int uncertainty(cfg_ctx *c, const config_setting_t *g, const char *key, double point,
                       hs_dist *out)
{
    const config_setting_t *u = config_setting_get_member(g, key);
    if (!u)
        return 0;
    /* the message names the group's own line, which names the key */
    return hs_dist_from_setting(u, point, false, c->fallback, out, c->err);
}

static int parse_component(cfg_ctx *c, const config_setting_t *g)
{
    static const char *const keys[] = {"name",
                                       "technology",
                                       "mttf",
                                       "mttr",
                                       "lambda",
                                       "mu",
                                       "availability",
                                       "unavailability",
                                       "host",
                                       "group",
                                       "live",
                                       "mttf_uncertainty",
                                       "mttr_uncertainty",
                                       "description",
                                       "comment",
                                       NULL};
    const char *name;
    if (check_keys(c, g, "a component", keys) || required_name(c, g, "component", &name))
        return -1;
    int id = hs_model_define(c->m, name, HS_NODE_EVENT, file_of(c, g), line_of(g), c->err);
    if (id < 0)
        return -1;
    double mttf, mttr, lambda, mu, a, q;
    bool h_mttf, h_mttr, h_l, h_mu, h_a, h_q;
    if (opt_number(c, g, "mttf", &mttf, &h_mttf) || opt_number(c, g, "mttr", &mttr, &h_mttr) ||
        opt_number(c, g, "lambda", &lambda, &h_l) || opt_number(c, g, "mu", &mu, &h_mu) ||
        opt_number(c, g, "availability", &a, &h_a) || opt_number(c, g, "unavailability", &q, &h_q))
        return -1;
    if (opt_string_copy(c, g, "technology", &c->m->nodes[id].technology) ||
        opt_string_copy(c, g, "description", &c->m->nodes[id].description))
        return -1;
    int forms = (h_mttf || h_mttr) + (h_l || h_mu) + h_a + h_q;
    if (forms != 1)
        return bad(c, g,
                   "component '%s' needs exactly one of mttf+mttr, "
                   "lambda+mu, availability, unavailability",
                   name);
    hs_model_node *n = &c->m->nodes[id];
    if (h_mttf || h_mttr) {
        if (!h_mttf || !h_mttr)
            return bad(c, g, "component '%s': mttf and mttr go together", name);
        if (!(mttf > 0) || !(mttr > 0))
            return bad(c, g, "component '%s': mttf and mttr must be > 0", name);
        n->lambda = 1.0 / mttf;
        n->mu = 1.0 / mttr;
        n->q = mttr / (mttf + mttr);
        if (uncertainty(c, g, "mttf_uncertainty", mttf, &n->u_mttf) ||
            uncertainty(c, g, "mttr_uncertainty", mttr, &n->u_mttr))
            return -1;
        return 0;
    }
    if (config_setting_get_member(g, "mttf_uncertainty") ||
        config_setting_get_member(g, "mttr_uncertainty"))
        return bad(c, g, "component '%s': an uncertainty needs the mttf + mttr form", name);
    if (h_l || h_mu) {
        if (!h_l || !h_mu)
            return bad(c, g, "component '%s': lambda and mu go together", name);
        if (lambda < 0 || mu < 0 || lambda + mu <= 0)
            return bad(c, g,
                       "component '%s': negative rate (lambda and mu "
                       "must be >= 0, not both 0)",
                       name);
        n->lambda = lambda;
        n->mu = mu;
        n->q = lambda / (lambda + mu);
    } else {
        double v = h_a ? 1.0 - a : q;
        if (!((h_a ? a : q) >= 0.0 && (h_a ? a : q) <= 1.0))
            return bad(c, g, "component '%s': %s outside [0, 1]", name,
                       h_a ? "availability" : "unavailability");
        n->q = v;
    }
    return 0;
}

static int parse_gate(cfg_ctx *c, const config_setting_t *g)
{
    static const char *const keys[] = {"name",        "type",    "k", "inputs",
                                       "description", "comment", NULL};
    static const struct {
        const char *name;
        hs_gate_op op;
    } ops[] = {{"and", HS_OP_AND},      {"or", HS_OP_OR},          {"atleast", HS_OP_ATLEAST},
               {"kofn", HS_OP_ATLEAST}, {"k-of-n", HS_OP_ATLEAST}, {"not", HS_OP_NOT},
               {"xor", HS_OP_XOR},      {"nand", HS_OP_NAND},      {"nor", HS_OP_NOR}};
    const char *name, *type;
    if (check_keys(c, g, "a gate", keys) || required_name(c, g, "gate", &name))
        return -1;
    const config_setting_t *ts = config_setting_get_member(g, "type");
    if (!ts)
        return bad(c, g, "gate '%s' without a 'type'", name);
    if (hs_cfg_string(g, "type", "", &type, c->fallback, c->err))
        return -1;
    size_t i;
    for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcasecmp(type, ops[i].name) == 0)
            break;
    if (i == sizeof ops / sizeof ops[0])
        return bad(c, ts,
                   "gate '%s': unknown type '%s' (and, or, atleast, "
                   "not, xor, nand, nor)",
                   name, type);
    int id = hs_model_define(c->m, name, HS_NODE_GATE, file_of(c, g), line_of(g), c->err);
    if (id < 0)
        return -1;
    c->m->nodes[id].op = ops[i].op;
    const config_setting_t *ks = config_setting_get_member(g, "k");
    if (ops[i].op == HS_OP_ATLEAST) {
        if (!ks)
            return bad(c, g, "gate '%s': atleast needs 'k'", name);
        if (config_setting_type(ks) != CONFIG_TYPE_INT)
            return bad(c, ks, "gate '%s': 'k' must be an integer", name);
        c->m->nodes[id].k = config_setting_get_int(ks);
    } else if (ks) {
        return bad(c, ks, "gate '%s': 'k' only applies to atleast gates", name);
    }
    const config_setting_t *in = config_setting_get_member(g, "inputs");
    if (!in || !(config_setting_is_array(in) || config_setting_is_list(in)))
        return bad(c, in ? in : g,
                   "gate '%s' needs 'inputs' = [ \"name\", "
                   "... ]",
                   name);
    for (int j = 0; j < config_setting_length(in); j++) {
        const config_setting_t *e = config_setting_get_elem(in, (unsigned)j);
        if (config_setting_type(e) != CONFIG_TYPE_STRING)
            return bad(c, e, "gate '%s': inputs must be names (strings)", name);
        int line = line_of(e) ? line_of(e) : line_of(in);
        int r = hs_model_ref(c->m, config_setting_get_string(e), HS_NODE_UNDEF, file_of(c, in),
                             line, c->err);
        if (r < 0 || hs_model_add_input(c->m, id, r, file_of(c, in), line, c->err))
            return -1;
    }
    return 0;
}

static int parse_service(cfg_ctx *c, const config_setting_t *g)
{
    static const char *const keys[] = {"name", "top", "importance", "target", "description", NULL};
    const char *name, *top;
    if (check_keys(c, g, "a service", keys) || required_name(c, g, "service", &name))
        return -1;
    const config_setting_t *ts = config_setting_get_member(g, "top");
    if (!ts)
        return bad(c, g, "service '%s' without a 'top'", name);
    if (hs_cfg_string(g, "top", "", &top, c->fallback, c->err))
        return -1;
    int node = hs_model_ref(c->m, top, HS_NODE_UNDEF, file_of(c, ts), line_of(ts), c->err);
    if (node < 0)
        return -1;
    int t = hs_model_add_top(c->m, name, node, file_of(c, g), line_of(g), c->err);
    if (t < 0)
        return -1;
    double v;
    bool have;
    if (opt_number(c, g, "importance", &v, &have))
        return -1;
    if (have) {
        if (!(v >= 0))
            return bad(c, g, "service '%s': importance must be >= 0", name);
        c->m->tops[t].importance = v;
    }
    if (opt_number(c, g, "target", &v, &have))
        return -1;
    if (have) {
        if (!(v >= 0 && v <= 1))
            return bad(c, g,
                       "service '%s': target (an availability) must be "
                       "in [0, 1]",
                       name);
        c->m->tops[t].target = v;
    }
    return opt_string_copy(c, g, "description", &c->m->tops[t].description);
}

static int parse_list(cfg_ctx *c, const config_setting_t *group, const char *key,
                      int (*each)(cfg_ctx *, const config_setting_t *))
{
    const config_setting_t *l = config_setting_get_member(group, key);
    if (!l)
        return 0;
    if (!config_setting_is_list(l) && !config_setting_is_array(l))
        return bad(c, l, "'%s' must be a list ( { ... }, ... )", key);
    for (int i = 0; i < config_setting_length(l); i++)
        if (each(c, config_setting_get_elem(l, (unsigned)i)))
            return -1;
    return 0;
}

static int load_group(hs_model *m, const config_setting_t *g, const char *fallback, hs_error *err)
{
    static const char *const keys[] = {"components", "gates", "services", "description", NULL};
    cfg_ctx c = {m, fallback, err};
    if (m->finished)
        return hs_error_fail(err, fallback, 0, "model already finished; load files first");
    if (!config_setting_is_group(g))
        return bad(&c, g, "'model' must be a group { ... }");
    const config_setting_t *s = hs_cfg_unknown_key(g, keys, NULL);
    if (s) /* a group's members all have names */
        return bad(&c, s,
                   "unknown key '%s' in model (components, gates, "
                   "services)",
                   config_setting_name(s));
    if (!config_setting_get_member(g, "components"))
        return bad(&c, g, "model without 'components'");
    if (parse_list(&c, g, "components", parse_component) ||
        parse_list(&c, g, "gates", parse_gate) || parse_list(&c, g, "services", parse_service))
        return -1;
    return 0;
}

int hs_model_load_config_setting(hs_model *m, const void *model_group, hs_error *err)
{
    return load_group(m, model_group, "<config>", err);
}

int hs_model_cfg_include_dir(void *cfg, const char *file)
{
    char *copy;
    if (!file || !*file || file[0] == '<')
        return 0;
    copy = strdup(file);
    if (!copy)
        return -1;
    /* dirname may modify its argument and return a pointer into it or to a
     * static "."; libconfig copies the string */
    config_set_include_dir((config_t *)cfg, dirname(copy));
    free(copy);
    return 0;
}

int hs_model_load_config_text(hs_model *m, const char *text, const char *file, hs_error *err)
{
    config_t cfg;
    int rc = -1;
    config_init(&cfg);
    if (!file)
        file = "<config>";
    if (hs_model_cfg_include_dir(&cfg, file) < 0) {
        hs_error_fail(err, file, 0, "out of memory");
        goto out;
    }
    if (config_read_string(&cfg, text) != CONFIG_TRUE) {
        hs_error_fail(err, file, config_error_line(&cfg), "%s",
                      config_error_text(&cfg) ? config_error_text(&cfg) : "libconfig syntax error");
        goto out;
    }
    const config_setting_t *g = config_lookup(&cfg, "model");
    if (!g) {
        hs_error_fail(err, file, 0, "no 'model' group in this file");
        goto out;
    }
    rc = load_group(m, g, file, err);
out:
    config_destroy(&cfg);
    return rc;
}
