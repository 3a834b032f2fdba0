/* live/discover.c — a model from the components and redundancy rules the
 * probes reported (contract in discover.h). One target at a time: index its
 * components by id, resolve each one's inputs (named, else its children),
 * refuse a cycle, then write leaves as basic events, the rest as gates, and
 * the target as a service over what nobody takes as an input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/result.h"
#include "live/discover.h"

/* "TARGET/ID+needs": component ID together with what it needs. */
#define NEEDS_SUFFIX "+needs"

struct idref {
    const char *id;
    size_t i;
};

/* One target's components as a graph: the children of component i are
 * kid[koff[i] .. koff[i + 1]), what it needs besides need[noff[i] ..
 * noff[i + 1]). */
struct graph {
    const hs_probe *p;
    size_t n;
    struct idref *byid; /* sorted by id, for lookups */
    size_t *koff, *kid, *noff, *need;
    unsigned char *used; /* 1: has a parent or is needed: not a top */
};

struct out {
    FILE *comps, *gates, *svcs;
    const struct hs_discover_opts *o;
    size_t nleaves, ngates, nsvcs;
};

static int cmp_id(const void *a, const void *b)
{
    return strcmp(((const struct idref *)a)->id, ((const struct idref *)b)->id);
}

/* Index of the component `id` of g, or SIZE_MAX. */
static size_t find(const struct graph *g, const char *id)
{
    struct idref key = {id, 0}, *r;
    if (!id)
        return SIZE_MAX;
    r = bsearch(&key, g->byid, g->n, sizeof *g->byid, cmp_id);
    return r ? r->i : SIZE_MAX;
}

static void graph_free(struct graph *g)
{
    free(g->byid);
    free(g->koff);
    free(g->kid);
    free(g->noff);
    free(g->need);
    free(g->used);
}

/* Children by parent, needs by name: counts, offsets, then the lists. A
 * needed id the probe did not report is an error. */
static int link_graph(struct graph *g, const char *target, size_t *fill, hs_error *err)
{
    const hs_probe *p = g->p;

    for (size_t i = 0; i < g->n; i++) {
        size_t pi = find(g, p->comps[i]->parent);
        if (pi != SIZE_MAX)
            fill[pi]++;
        g->noff[i + 1] = g->noff[i] + p->comps[i]->needs.n;
    }
    for (size_t i = 0; i < g->n; i++) {
        g->koff[i + 1] = g->koff[i] + fill[i];
        fill[i] = g->koff[i];
    }
    g->kid = calloc(g->koff[g->n] + 1, sizeof *g->kid);
    g->need = calloc(g->noff[g->n] + 1, sizeof *g->need);
    if (!g->kid || !g->need)
        return hs_error_fail(err, NULL, 0, "out of memory");
    for (size_t i = 0; i < g->n; i++) {
        const struct hs_component *c = p->comps[i];
        size_t pi = find(g, c->parent);
        if (pi != SIZE_MAX) {
            g->kid[fill[pi]++] = i;
            g->used[i] = 1;
        }
        for (size_t k = 0; k < c->needs.n; k++) {
            size_t j = find(g, c->needs.v[k]);
            if (j == SIZE_MAX)
                return hs_error_fail(err, NULL, 0,
                                     "target '%s': component '%s' needs '%s', which its probe "
                                     "did not report",
                                     target, c->id, c->needs.v[k]);
            g->need[g->noff[i] + k] = j;
            g->used[j] = 1;
        }
    }
    return 0;
}

static int graph_build(struct graph *g, const hs_probe *p, const char *target, hs_error *err)
{
    size_t *fill = NULL;
    int rc = -1;

    memset(g, 0, sizeof *g);
    g->p = p;
    g->n = p->ncomps;
    g->byid = calloc(g->n + 1, sizeof *g->byid);
    g->koff = calloc(g->n + 1, sizeof *g->koff);
    g->noff = calloc(g->n + 1, sizeof *g->noff);
    g->used = calloc(g->n + 1, 1);
    fill = calloc(g->n + 1, sizeof *fill);
    if (!g->byid || !g->koff || !g->noff || !g->used || !fill) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < g->n; i++)
        g->byid[i] = (struct idref){p->comps[i]->id, i};
    qsort(g->byid, g->n, sizeof *g->byid, cmp_id);
    rc = link_graph(g, target, fill, err);
out:
    free(fill);
    return rc;
}

/* The e-th edge out of v (children first, then needs), or SIZE_MAX. */
static size_t edge(const struct graph *g, size_t v, size_t e)
{
    size_t nk = g->koff[v + 1] - g->koff[v];
    if (e < nk)
        return g->kid[g->koff[v] + e];
    e -= nk;
    return e < g->noff[v + 1] - g->noff[v] ? g->need[g->noff[v] + e] : SIZE_MAX;
}

/* A cycle through children and needs would leave the gates undefined: find
 * one by an iterative depth-first walk (0 unseen, 1 on the path, 2 done). */
static int check_cycles(const struct graph *g, const char *target, hs_error *err)
{
    unsigned char *color = calloc(g->n + 1, 1);
    size_t *stack = calloc(g->n + 1, sizeof *stack), *next = calloc(g->n + 1, sizeof *next);
    int rc = -1;

    if (!color || !stack || !next) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    for (size_t s = 0; s < g->n; s++) {
        size_t top = 0;
        if (color[s])
            continue;
        stack[top++] = s;
        color[s] = 1;
        while (top > 0) {
            size_t v = stack[top - 1], w = edge(g, v, next[v]++);
            if (w == SIZE_MAX) {
                color[v] = 2;
                top--;
            } else if (color[w] == 1) {
                hs_error_fail(err, NULL, 0,
                              "target '%s': component '%s' needs itself, through its children "
                              "or needs (a cycle)",
                              target, g->p->comps[w]->id);
                goto out;
            } else if (color[w] == 0) {
                color[w] = 1;
                stack[top++] = w;
            }
        }
    }
    rc = 0;
out:
    free(color);
    free(stack);
    free(next);
    return rc;
}

/* A libconfig string literal of s: quotes, backslashes and control bytes
 * escaped (ids are a server's text). */
static void put_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(f, "\\%c", *c);
        else if (*c < 0x20 || *c == 0x7f)
            fprintf(f, "\\x%02x", *c);
        else
            fputc(*c, f);
    }
    fputc('"', f);
}

/* "TARGET/ID" + suffix (or "TARGET" when id is NULL) as a string literal. */
static void put_name(FILE *f, const char *target, const char *id, const char *suffix)
{
    size_t len = strlen(target) + (id ? strlen(id) + 1 : 0) + strlen(suffix) + 1;
    char *s = malloc(len);
    if (!s) {
        put_str(f, target); /* the model reader then names the clash */
        return;
    }
    snprintf(s, len, "%s%s%s%s", target, id ? "/" : "", id ? id : "", suffix);
    put_str(f, s);
    free(s);
}

/* The name that stands for component i working with all it needs: its own
 * event or gate, or with needs, the gate over those. */
static void put_full(FILE *f, const char *target, const struct graph *g, size_t i)
{
    put_name(f, target, g->p->comps[i]->id, g->noff[i + 1] > g->noff[i] ? NEEDS_SUFFIX : "");
}

/* A basic event: the component (or, id NULL, the whole target) with its
 * assumed rates and its live mapping. */
static void put_leaf(struct out *w, const struct hs_target_result *r, const char *id,
                     const char *kind)
{
    const struct hs_rate *rt = hs_rates_find(w->o->rates, r->plugin, kind);
    FILE *f = w->comps;
    char note[1024];

    fprintf(f, "%s    { name = ", w->nleaves++ ? ",\n" : "");
    put_name(f, r->name, id, "");
    fputs("; technology = ", f);
    put_str(f, r->plugin);
    fprintf(f, "; mttf = %.6g; mttr = %.6g;\n      live = { target = ", rt->mttf, rt->mttr);
    put_str(f, r->name);
    if (id) {
        fputs("; component = ", f);
        put_str(f, id);
    }
    fputs("; };\n      comment = ", f);
    snprintf(note, sizeof note, "ASSUMED rates for a %s %s (rates.conf %s/%s): %s", r->plugin, kind,
             rt->technology, rt->kind, rt->source);
    put_str(f, note);
    fputs("; }", f);
}

/* The gate of component i over its n children: it fails once more than
 * n - k of them have. One child: a pass-through (atleast 1 of 1). */
static void put_gate(struct out *w, const struct hs_target_result *r, const struct graph *g,
                     size_t i)
{
    const struct hs_component *c = g->p->comps[i];
    size_t n = g->koff[i + 1] - g->koff[i];
    size_t k = c->require > 0 ? (size_t)c->require : n;
    char why[1024];
    FILE *f = w->gates;

    snprintf(why, sizeof why, "%s %s '%s': works while %zu of its %zu children work (%s%s)",
             r->plugin, c->kind, c->id, k > n ? n : k, n,
             c->require_why ? c->require_why
                            : (c->require > 0 ? "the plugin's rule" : "no rule: all needed"),
             k > n ? "; it asks for more than it has, so all are needed" : "");
    if (k > n)
        k = n;
    fprintf(f, "%s    # %s\n    { name = ", w->ngates++ ? ",\n" : "", why);
    put_name(f, r->name, c->id, "");
    if (n == 1 || n - k + 1 == 1)
        fputs(n == 1 ? "; type = \"atleast\"; k = 1" : "; type = \"or\"", f);
    else if (n - k + 1 == n)
        fputs("; type = \"and\"", f);
    else
        fprintf(f, "; type = \"atleast\"; k = %zu", n - k + 1);
    fputs(";\n      inputs = [ ", f);
    for (size_t e = g->koff[i]; e < g->koff[i + 1]; e++) {
        fputs(e > g->koff[i] ? ", " : "", f);
        put_full(f, r->name, g, g->kid[e]);
    }
    fputs(" ];\n      description = ", f);
    put_str(f, why);
    fputs("; }", f);
}

/* Component i with what it needs: fails when it or any of them does. */
static void put_needs(struct out *w, const struct hs_target_result *r, const struct graph *g,
                      size_t i)
{
    FILE *f = w->gates;

    fprintf(f, "%s    # %s '%s' and the %zu component%s it needs\n    { name = ",
            w->ngates++ ? ",\n" : "", g->p->comps[i]->kind, g->p->comps[i]->id,
            g->noff[i + 1] - g->noff[i], g->noff[i + 1] - g->noff[i] == 1 ? "" : "s");
    put_full(f, r->name, g, i);
    fputs("; type = \"or\";\n      inputs = [ ", f);
    put_name(f, r->name, g->p->comps[i]->id, "");
    for (size_t e = g->noff[i]; e < g->noff[i + 1]; e++) {
        fputs(", ", f);
        put_full(f, r->name, g, g->need[e]);
    }
    fputs(" ]; }", f);
}

/* The target as one service: it fails when any of its tops (components
 * without a parent that nothing needs) does. */
static void put_service(struct out *w, const struct hs_target_result *r, const struct graph *g)
{
    size_t ntops = 0, last = 0;
    FILE *s = w->svcs;
    char d[512];

    for (size_t i = 0; i < g->n; i++)
        if (!g->used[i]) {
            ntops++;
            last = i;
        }
    fprintf(s, "%s    { name = ", w->nsvcs++ ? ",\n" : "");
    put_str(s, r->name);
    fputs("; top = ", s);
    if (ntops == 1) {
        put_full(s, r->name, g, last);
    } else {
        FILE *f = w->gates;
        put_name(s, r->name, NULL, "");
        fprintf(f, "%s    # target %s: down when any of its %zu tops is\n    { name = ",
                w->ngates++ ? ",\n" : "", r->name, ntops);
        put_name(f, r->name, NULL, "");
        fputs("; type = \"or\";\n      inputs = [ ", f);
        for (size_t i = 0, k = 0; i < g->n; i++)
            if (!g->used[i]) {
                fputs(k++ ? ", " : "", f);
                put_full(f, r->name, g, i);
            }
        fputs(" ]; }", f);
    }
    snprintf(d, sizeof d, "target %s (%s) as its probe saw it; importance is yours to set", r->name,
             r->plugin);
    fputs("; importance = 1.0;\n      description = ", s);
    put_str(s, d);
    fputs("; }", s);
}

/* A target without components: one basic event on its status. */
static void put_whole(struct out *w, const struct hs_target_result *r)
{
    FILE *s = w->svcs;
    put_leaf(w, r, NULL, "target");
    fprintf(s, "%s    # %s reported no components%s: modelled as one unit\n    { name = ",
            w->nsvcs++ ? ",\n" : "", r->name, r->error ? " (its probe failed)" : "");
    put_name(s, r->name, NULL, "");
    fputs("; top = ", s);
    put_name(s, r->name, NULL, "");
    fputs("; importance = 1.0; }", s);
}

static int add_target(struct out *w, const struct hs_target_result *r, hs_error *err)
{
    struct graph g;
    int rc = -1;

    if (!r->probe || r->probe->ncomps == 0) {
        put_whole(w, r);
        return 0;
    }
    if (graph_build(&g, r->probe, r->name, err) < 0 || check_cycles(&g, r->name, err) < 0)
        goto out;
    for (size_t i = 0; i < g.n; i++) {
        if (g.koff[i + 1] == g.koff[i])
            put_leaf(w, r, g.p->comps[i]->id, g.p->comps[i]->kind);
        else
            put_gate(w, r, &g, i);
        if (g.noff[i + 1] > g.noff[i])
            put_needs(w, r, &g, i);
    }
    put_service(w, r, &g);
    rc = 0;
out:
    graph_free(&g);
    return rc;
}

static void put_header(FILE *f, const struct hs_discover_opts *o, size_t n)
{
    char when[64] = "";
    struct tm tm;
    if (o->generated && gmtime_r(&o->generated, &tm))
        strftime(when, sizeof when, " at %Y-%m-%d %H:%M:%S UTC", &tm);
    fprintf(f,
            "# Discovered by `hascout model discover`%s from %s (%zu target%s).\n"
            "# Basic events: one per leaf component the probes reported, mapped live onto\n"
            "# it. Gates: the plugins' redundancy rules (a component without one needs all\n"
            "# of its inputs). Services: one per target, down when any of its tops is.\n"
            "# The failure and repair rates are ASSUMPTIONS from %s (each\n"
            "# comment cites its source): replace them with your own, and set each\n"
            "# service's importance.\n",
            when, o->source ? o->source : "the configuration", n, n == 1 ? "" : "s",
            o->rates->path ? o->rates->path : "rates.conf");
}

int hs_discover_text(const struct hs_target_result *results, size_t n,
                     const struct hs_discover_opts *o, char **out, hs_error *err)
{
    char *bc = NULL, *bg = NULL, *bs = NULL, *text = NULL;
    size_t lc = 0, lg = 0, ls = 0, lt = 0;
    struct out w = {NULL, NULL, NULL, o, 0, 0, 0};
    FILE *t = NULL;
    int rc = -1;

    *out = NULL;
    w.comps = open_memstream(&bc, &lc);
    w.gates = open_memstream(&bg, &lg);
    w.svcs = open_memstream(&bs, &ls);
    if (!w.comps || !w.gates || !w.svcs)
        goto oom;
    for (size_t i = 0; i < n; i++)
        if (add_target(&w, &results[i], err) < 0)
            goto out;
    if (fclose(w.comps) | fclose(w.gates) | fclose(w.svcs)) {
        w.comps = w.gates = w.svcs = NULL;
        goto oom;
    }
    w.comps = w.gates = w.svcs = NULL;
    if (!(t = open_memstream(&text, &lt)))
        goto oom;
    put_header(t, o, n);
    fprintf(t,
            "model = {\n  components = (\n%s\n  );\n  gates = (\n%s%s  );\n"
            "  services = (\n%s\n  );\n};\n",
            bc, bg, lg ? "\n" : "", bs);
    if (fclose(t)) {
        t = NULL;
        goto oom;
    }
    t = NULL;
    *out = text;
    text = NULL;
    rc = 0;
    goto out;
oom:
    hs_error_set(err, "out of memory");
out:
    if (w.comps)
        fclose(w.comps);
    if (w.gates)
        fclose(w.gates);
    if (w.svcs)
        fclose(w.svcs);
    if (t)
        fclose(t);
    free(bc);
    free(bg);
    free(bs);
    free(text);
    return rc;
}
