/*
 * core/model/mef.c — Open-PSA Model Exchange Format reader (pure: bytes in,
 * model out). Only the fault-tree layer is read; every construct outside it
 * (CCF groups, parameters, components/roles, event trees, expressions other
 * than constants, exponential, GLM and the lognormal, gamma, uniform and
 * beta deviates as an event's probability or an exponential's rate) is
 * refused by name with its place,
 * because silently skipping one would change the numbers.
 */
#include "model/mef_tree.h"
#include "model/model.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#define MAX_DEPTH 200

typedef struct mef_ctx {
    hs_model *m;
    const hs_mef_tree *t;
    const char *file; /* interned */
    int tree;         /* current fault tree index, -1 in model-data */
    hs_error *err;
} mef_ctx;

static int line_of(const hs_mef_node *n)
{
    return n->line;
}

static bool is(const hs_mef_node *n, const char *name)
{
    return n && strcmp(n->name, name) == 0;
}

static int fail(mef_ctx *c, const hs_mef_node *n, const char *fmt, const char *a, const char *b)
{
    return hs_error_fail(c->err, c->file, n ? line_of(n) : 0, fmt, a ? a : "", b ? b : "");
}

/* The attribute's value with surrounding blanks removed, copied into BUF.
 * NULL when absent. */
static const char *attr(mef_ctx *c, const hs_mef_node *n, const char *name, char *buf, size_t size)
{
    const char *s = hs_mef_tree_attr(c->t, n, name);
    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t len = strlen(s);
    while (len &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    if (len >= size)
        len = size - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return buf;
}

/* label/attributes are documentation; role="private" is scoping, which we
 * do not model, so it is refused rather than ignored. */
static int check_common(mef_ctx *c, const hs_mef_node *n)
{
    char role[32];
    if (attr(c, n, "role", role, sizeof role) && strcmp(role, "public") != 0)
        return fail(c, n,
                    "<%s role=\"%s\">: roles (name scoping) are not "
                    "supported",
                    n->name, role);
    return 0;
}

static bool is_doc(const hs_mef_node *n)
{
    return is(n, "label") || is(n, "attributes");
}

static int parse_number(mef_ctx *c, const hs_mef_node *n, const char *what, double *out)
{
    char buf[128];
    if (!attr(c, n, "value", buf, sizeof buf))
        return fail(c, n, "<%s> without a value%s", n->name, what);
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (end == buf || *end || errno == ERANGE || !isfinite(v))
        return fail(c, n, "<%s value=\"%s\">: not a number", n->name, buf);
    if (is(n, "int") && (v != floor(v) || fabs(v) > 2147483647.0))
        return fail(c, n, "<int value=\"%s\">: not a 32-bit integer%s", buf, "");
    *out = v;
    return 0;
}

/* A numeric argument of exponential/GLM. */
static int num_arg(mef_ctx *c, const hs_mef_node *n, double *out)
{
    if (is(n, "float") || is(n, "int"))
        return parse_number(c, n, "", out);
    if (is(n, "system-mission-time")) {
        *out = c->m->mission_time;
        return 0;
    }
    if (is(n, "parameter"))
        return fail(c, n,
                    "<parameter>: parameters are not supported "
                    "(only float, int, exponential and GLM)%s%s",
                    "", "");
    return fail(c, n,
                "expression <%s> is not supported (only float, int, "
                "bool, exponential and GLM)%s",
                n->name, "");
}

static bool is_deviate(const hs_mef_node *x)
{
    return is(x, "lognormal-deviate") || is(x, "gamma-deviate") || is(x, "uniform-deviate") ||
           is(x, "beta-deviate");
}

/* The numeric arguments of deviate X (at most 3) into A; their count. */
static int deviate_args(mef_ctx *c, const hs_mef_node *x, double *a)
{
    int na = 0;
    for (const hs_mef_node *k = x->children; k; k = k->next) {
        if (na == 3)
            return fail(c, k, "<%s>: too many arguments%s", x->name, "");
        if (!is(k, "float") && !is(k, "int"))
            return fail(c, k, "<%s>: arguments must be <float> or <int> constants, not <%s>",
                        x->name, k->name);
        if (parse_number(c, k, "", &a[na++]))
            return -1;
    }
    return na;
}

/* MEF deviate X into *d: lognormal (mean, error factor[, level = 0.95]),
 * gamma (k, θ), uniform (min, max), beta (α, β). *mean gets the point
 * value SCRAM uses, the mean. */
static int parse_deviate(mef_ctx *c, const hs_mef_node *x, hs_dist *d, double *mean)
{
    double a[3];
    int na = deviate_args(c, x, a);
    bool logn = is(x, "lognormal-deviate");
    if (na < 0)
        return -1;
    if (na != 2 && !(logn && na == 3))
        return fail(c, x, "<%s>: needs %s arguments", x->name, logn ? "2 or 3" : "2");
    if (logn) {
        double level = na == 3 ? a[2] : 0.95;
        if (!(a[0] > 0) || !(a[1] > 1) || !(level > 0.5 && level < 1))
            return fail(c, x, "<lognormal-deviate>: needs mean > 0, error factor > 1, %s%s",
                        "level in (0.5, 1)", "");
        double sigma = log(a[1]) / gsl_cdf_ugaussian_Pinv(level);
        *d = (hs_dist){HS_DIST_LOGNORMAL, a[0] * exp(-sigma * sigma / 2), sigma, false};
    } else if (is(x, "gamma-deviate")) {
        if (!(a[0] >= 0.1 && a[0] <= 1e4) || !(a[1] > 0))
            return fail(c, x, "<gamma-deviate>: needs shape k in [0.1, 10000], scale > 0%s%s", "",
                        "");
        *d = (hs_dist){HS_DIST_GAMMA, a[0], a[1], false};
    } else if (is(x, "uniform-deviate")) {
        if (!(a[0] >= 0 && a[0] < a[1]))
            return fail(c, x, "<uniform-deviate>: needs 0 <= min < max%s%s", "", "");
        *d = (hs_dist){HS_DIST_UNIFORM, a[0], a[1], false};
    } else {
        if (!(a[0] >= 0.01 && a[0] <= 1e4) || !(a[1] >= 0.01 && a[1] <= 1e4))
            return fail(c, x, "<beta-deviate>: needs alpha and beta in [0.01, 10000]%s%s", "", "");
        *d = (hs_dist){HS_DIST_BETA, a[0], a[1], false};
    }
    *mean = hs_dist_mean(d);
    return 0;
}

/* <exponential> whose failure rate is a deviate: the rate's distribution
 * is kept as an inverse distribution of the MTTF (model.h). */
static int parse_uncertain_exponential(mef_ctx *c, hs_model_node *ev, const hs_mef_node *x)
{
    const hs_mef_node *r = x->children, *t = r ? r->next : NULL;
    double lambda, time;
    if (!t || t->next)
        return fail(c, x, "<exponential>: needs 2 arguments%s%s", "", "");
    if (parse_deviate(c, r, &ev->u_mttf, &lambda) || num_arg(c, t, &time))
        return -1;
    if (is(r, "beta-deviate") || !(lambda > 0) || time < 0)
        return fail(c, r, "<exponential>: the rate's <%s> must be positive (not beta)%s", r->name,
                    "");
    ev->u_mttf.inverse = true;
    ev->lambda = lambda;
    ev->exp_t = time > 0 ? time : 1e-300;
    ev->q = -expm1(-lambda * time);
    return 0;
}

static int parse_expression(mef_ctx *c, hs_model_node *ev, const hs_mef_node *x)
{
    double v;
    const hs_mef_node *r0 = is(x, "exponential") ? x->children : NULL;
    if (r0 && is_deviate(r0)) {
        if (parse_uncertain_exponential(c, ev, x))
            return -1;
    } else if (is_deviate(x)) {
        if (parse_deviate(c, x, &ev->u_q, &ev->q))
            return -1;
        if (ev->u_q.kind == HS_DIST_UNIFORM && ev->u_q.b > 1)
            return fail(c, x, "basic event '%s': <uniform-deviate> beyond 1%s", ev->name, "");
    } else if (is(x, "float") || is(x, "int")) {
        if (parse_number(c, x, "", &v))
            return -1;
        ev->q = v;
    } else if (is(x, "bool")) {
        char buf[16];
        if (!attr(c, x, "value", buf, sizeof buf) || (strcmp(buf, "true") && strcmp(buf, "false")))
            return fail(c, x, "<bool> needs value=\"true\" or \"false\"%s%s", "", "");
        ev->q = strcmp(buf, "true") == 0 ? 1.0 : 0.0;
    } else if (is(x, "exponential") || is(x, "GLM")) {
        bool glm = is(x, "GLM");
        double a[4];
        int na = 0, want = glm ? 4 : 2;
        for (const hs_mef_node *k = x->children; k; k = k->next) {
            if (na == want)
                return fail(c, k, "<%s>: too many arguments (needs %s)", x->name, glm ? "4" : "2");
            if (num_arg(c, k, &a[na++]))
                return -1;
        }
        if (na != want)
            return fail(c, x, "<%s>: needs %s arguments", x->name, glm ? "4" : "2");
        double lambda = glm ? a[1] : a[0], t = glm ? a[3] : a[1];
        double mu = glm ? a[2] : 0.0, gamma = glm ? a[0] : 0.0;
        if (lambda < 0 || mu < 0 || t < 0)
            return fail(c, x, "<%s>: negative rate or time%s", x->name, "");
        if (gamma < 0 || gamma > 1)
            return fail(c, x, "<GLM>: gamma outside [0, 1]%s%s", "", "");
        if (glm) {
            double s = lambda + mu;
            ev->q = s > 0 ? (lambda - (lambda - s * gamma) * exp(-s * t)) / s : gamma;
        } else {
            ev->q = -expm1(-lambda * t);
        }
        ev->lambda = lambda;
        ev->mu = mu;
    } else if (is(x, "parameter")) {
        return fail(c, x,
                    "basic event '%s': <parameter> references are not "
                    "supported%s",
                    ev->name, "");
    } else {
        return fail(c, x,
                    "basic event '%s': expression <%s> is not "
                    "supported (only float, int, bool, exponential, GLM and deviates)",
                    ev->name, x->name);
    }
    if (!(ev->q >= 0.0 && ev->q <= 1.0))
        return hs_error_fail(c->err, c->file, line_of(x),
                             "basic event '%s': probability %g outside "
                             "[0, 1]",
                             ev->name, ev->q);
    return 0;
}

/* Defines the event or gate named by N's name attribute (refusing roles);
 * the node index, or -1. */
static int define_named(mef_ctx *c, const hs_mef_node *n, hs_node_kind kind)
{
    char name[256];
    if (check_common(c, n))
        return -1;
    if (!attr(c, n, "name", name, sizeof name) || !*name)
        return fail(c, n, "<%s> without a name%s", n->name, "");
    return hs_model_define(c->m, name, kind, c->file, line_of(n), c->err);
}

/* The one non-documentation child of definition N (NULL when there is
 * none); *bad is set when there are several. */
static const hs_mef_node *only_child(mef_ctx *c, const hs_mef_node *n, const char *name, bool *bad)
{
    const hs_mef_node *one = NULL;
    *bad = false;
    for (const hs_mef_node *k = n->children; k; k = k->next) {
        if (is_doc(k))
            continue;
        if (one) {
            *bad = true;
            fail(c, k, "'%s': more than one value or formula in <%s>", name, n->name);
            return NULL;
        }
        one = k;
    }
    return one;
}

static int parse_basic_event(mef_ctx *c, const hs_mef_node *n)
{
    bool bad;
    int id = define_named(c, n, HS_NODE_EVENT);
    if (id < 0)
        return -1;
    const hs_mef_node *x = only_child(c, n, c->m->nodes[id].name, &bad);
    if (bad)
        return -1;
    return x ? parse_expression(c, &c->m->nodes[id], x) : 0;
}

static int parse_house_event(mef_ctx *c, const hs_mef_node *n)
{
    bool bad;
    char v[16];
    int id = define_named(c, n, HS_NODE_HOUSE);
    if (id < 0)
        return -1;
    const char *name = c->m->nodes[id].name;
    const hs_mef_node *k = only_child(c, n, name, &bad);
    if (bad)
        return -1;
    if (!k)
        return 0;
    if (!is(k, "constant") && !is(k, "bool"))
        return fail(c, k, "house event '%s': <%s> is not a boolean constant", name, k->name);
    if (!attr(c, k, "value", v, sizeof v) || (strcmp(v, "true") && strcmp(v, "false")))
        return fail(c, k,
                    "house event '%s': value must be \"true\" or "
                    "\"false\"%s",
                    name, "");
    c->m->nodes[id].value = strcmp(v, "true") == 0;
    return 0;
}

static int parse_formula(mef_ctx *c, int gate, const hs_mef_node *f, int depth);

static int ref_kind(mef_ctx *c, const hs_mef_node *f, hs_node_kind *kind)
{
    char type[64];
    *kind = HS_NODE_UNDEF;
    if (is(f, "gate"))
        *kind = HS_NODE_GATE;
    else if (is(f, "basic-event"))
        *kind = HS_NODE_EVENT;
    else if (is(f, "house-event"))
        *kind = HS_NODE_HOUSE;
    else if (attr(c, f, "type", type, sizeof type)) {
        if (strcmp(type, "gate") == 0)
            *kind = HS_NODE_GATE;
        else if (strcmp(type, "basic-event") == 0)
            *kind = HS_NODE_EVENT;
        else if (strcmp(type, "house-event") == 0)
            *kind = HS_NODE_HOUSE;
        else
            return fail(c, f, "<event type=\"%s\">: unknown type%s", type, "");
    }
    return 0;
}

static bool is_ref(const hs_mef_node *f)
{
    return is(f, "event") || is(f, "gate") || is(f, "basic-event") || is(f, "house-event");
}

/* Node index for one argument of a formula (a reference, a constant or a
 * nested formula, which becomes an anonymous gate). */
static int parse_arg(mef_ctx *c, int parent, const hs_mef_node *f, int depth)
{
    if (is_ref(f)) {
        char name[256];
        hs_node_kind kind;
        if (ref_kind(c, f, &kind))
            return -1;
        if (!attr(c, f, "name", name, sizeof name) || !*name)
            return fail(c, f, "<%s> reference without a name%s", f->name, "");
        return hs_model_ref(c->m, name, kind, c->file, line_of(f), c->err);
    }
    int id = hs_model_define_anonymous(c->m, parent, c->file, line_of(f), c->err);
    if (id < 0)
        return -1;
    if (parse_formula(c, id, f, depth + 1))
        return -1;
    return id;
}

static int int_attr(mef_ctx *c, const hs_mef_node *f, const char *name, int *out)
{
    char buf[64];
    if (!attr(c, f, name, buf, sizeof buf))
        return fail(c, f, "<%s> needs a '%s' attribute", f->name, name);
    char *end;
    errno = 0;
    long v = strtol(buf, &end, 10);
    if (end == buf || *end || errno || v < 0 || v > 1000000)
        return fail(c, f, "<%s %s=...>: not a valid count", f->name, name);
    *out = (int)v;
    return 0;
}

static int parse_formula(mef_ctx *c, int gate, const hs_mef_node *f, int depth)
{
    static const struct {
        const char *name;
        hs_gate_op op;
    } ops[] = {{"and", HS_OP_AND},         {"or", HS_OP_OR},   {"atleast", HS_OP_ATLEAST},
               {"not", HS_OP_NOT},         {"xor", HS_OP_XOR}, {"nand", HS_OP_NAND},
               {"nor", HS_OP_NOR},         {"iff", HS_OP_IFF}, {"imply", HS_OP_IMPLY},
               {"cardinality", HS_OP_CARD}};
    if (depth > MAX_DEPTH)
        return fail(c, f, "formula nested deeper than %s levels%s", "200", "");
    if (is_ref(f) || is(f, "constant")) {
        /* A bare argument: the gate passes it through (null gate). */
        if (is(f, "constant")) {
            char v[16];
            if (!attr(c, f, "value", v, sizeof v) || (strcmp(v, "true") && strcmp(v, "false")))
                return fail(c, f,
                            "<constant> value must be \"true\" or "
                            "\"false\"%s%s",
                            "", "");
            c->m->nodes[gate].op = strcmp(v, "true") ? HS_OP_FALSE : HS_OP_TRUE;
            return 0;
        }
        int a = parse_arg(c, gate, f, depth);
        if (a < 0)
            return -1;
        c->m->nodes[gate].op = HS_OP_NULL;
        return hs_model_add_input(c->m, gate, a, c->file, line_of(f), c->err);
    }
    size_t i;
    for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (is(f, ops[i].name))
            break;
    if (i == sizeof ops / sizeof ops[0])
        return fail(c, f, "gate '%s': formula <%s> is not supported", c->m->nodes[gate].name,
                    f->name);
    hs_gate_op op = ops[i].op;
    int k = 0, kmax = 0;
    if (op == HS_OP_ATLEAST && int_attr(c, f, "min", &k))
        return -1;
    if (op == HS_OP_CARD && (int_attr(c, f, "min", &k) || int_attr(c, f, "max", &kmax)))
        return -1;
    c->m->nodes[gate].op = op;
    c->m->nodes[gate].k = k;
    c->m->nodes[gate].kmax = kmax;
    for (const hs_mef_node *a = f->children; a; a = a->next) {
        int id = parse_arg(c, gate, a, depth);
        if (id < 0 || hs_model_add_input(c->m, gate, id, c->file, line_of(a), c->err))
            return -1;
    }
    return 0;
}

static int parse_gate(mef_ctx *c, const hs_mef_node *n)
{
    bool bad;
    int id = define_named(c, n, HS_NODE_GATE);
    if (id < 0)
        return -1;
    c->m->nodes[id].tree = c->tree;
    const hs_mef_node *formula = only_child(c, n, c->m->nodes[id].name, &bad);
    if (bad)
        return -1;
    if (!formula)
        return fail(c, n, "gate '%s' has no formula%s", c->m->nodes[id].name, "");
    return parse_formula(c, id, formula, 0);
}

/* Definitions allowed in a fault tree or in model-data. */
static int parse_definition(mef_ctx *c, const hs_mef_node *k, bool in_tree)
{
    if (is_doc(k))
        return 0;
    if (is(k, "define-basic-event"))
        return parse_basic_event(c, k);
    if (is(k, "define-house-event"))
        return parse_house_event(c, k);
    if (in_tree && is(k, "define-gate"))
        return parse_gate(c, k);
    if (is(k, "define-parameter"))
        return fail(c, k,
                    "<define-parameter>: parameters are not supported"
                    "%s%s",
                    "", "");
    if (is(k, "define-CCF-group"))
        return fail(c, k,
                    "<define-CCF-group>: common-cause failure groups "
                    "are not supported%s%s",
                    "", "");
    if (is(k, "define-component"))
        return fail(c, k,
                    "<define-component>: components (scoped names) "
                    "are not supported%s%s",
                    "", "");
    return fail(c, k, "<%s> is not supported in <%s>", k->name,
                in_tree ? "define-fault-tree" : "model-data");
}

static int parse_root(mef_ctx *c, const hs_mef_node *root)
{
    if (!is(root, "opsa-mef"))
        return fail(c, root, "root element <%s> is not <opsa-mef>", root ? root->name : "", "");
    for (const hs_mef_node *k = root->children; k; k = k->next) {
        if (is_doc(k))
            continue;
        if (is(k, "define-fault-tree")) {
            char name[256];
            if (check_common(c, k))
                return -1;
            if (!attr(c, k, "name", name, sizeof name) || !*name)
                return fail(c, k, "<define-fault-tree> without a name%s%s", "", "");
            c->tree = hs_model_add_tree(c->m, name, c->file, line_of(k), c->err);
            if (c->tree < 0)
                return -1;
            for (const hs_mef_node *d = k->children; d; d = d->next)
                if (parse_definition(c, d, true))
                    return -1;
            c->tree = -1;
        } else if (is(k, "model-data")) {
            for (const hs_mef_node *d = k->children; d; d = d->next)
                if (parse_definition(c, d, false))
                    return -1;
        } else {
            return fail(c, k,
                        "<%s> is not supported (hascout reads fault "
                        "trees and model-data only)",
                        k->name, "");
        }
    }
    return 0;
}

int hs_model_load_mef(hs_model *m, const char *buf, size_t len, const char *file, hs_error *err)
{
    int rc = -1;
    hs_mef_tree t = {0};
    mef_ctx c = {m, &t, hs_model_intern_file(m, file), -1, err};
    if (!c.file)
        return hs_error_fail(err, NULL, 0, "out of memory");
    if (m->finished)
        return hs_error_fail(err, c.file, 0, "model already finished; load files first");
    /* the whole document is read (and found well-formed) before any of it
     * is judged, so a broken file gets its XML error whatever it holds */
    if (hs_mef_tree_read(&t, buf, len, c.file, err))
        goto out;
    rc = parse_root(&c, hs_mef_tree_root(&t));
out:
    hs_mef_tree_free(&t);
    return rc;
}
