/* live/discover.c — a model from the components and redundancy rules the
 * probes reported (contract in discover.h). One target at a time, on its
 * component graph (compgraph.h): leaves become basic events, the rest
 * gates, and the target a service over its tops. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/result.h"
#include "live/compgraph.h"
#include "live/discover.h"

/* "TARGET/ID+needs": component ID together with what it needs. */
#define NEEDS_SUFFIX "+needs"

struct out {
    FILE *comps, *gates, *svcs;
    const struct hs_discover_opts *o;
    size_t nleaves, ngates, nsvcs;
};

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
static void put_full(FILE *f, const char *target, const struct hs_compgraph *g, size_t i)
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
static void put_gate(struct out *w, const struct hs_target_result *r, const struct hs_compgraph *g,
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
    fprintf(f, "%s    # %s\n", w->ngates++ ? ",\n" : "", why);
    {
        /* A rule may follow failures (Galera's quorum is a majority of the
         * last Primary view): read with children down, it may be the
         * degraded one, not the design's. */
        size_t notup = 0;
        for (size_t e = g->koff[i]; e < g->koff[i + 1]; e++)
            notup += g->p->comps[g->kid[e]]->state != HS_STATE_UP;
        if (notup && c->require > 0)
            fprintf(f,
                    "    # discovered with %zu of its %zu children not up: a rule that follows\n"
                    "    # failures may be the degraded one; discover again with all of them up\n",
                    notup, n);
    }
    fputs("    { name = ", f);
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
static void put_needs(struct out *w, const struct hs_target_result *r, const struct hs_compgraph *g,
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
static void put_service(struct out *w, const struct hs_target_result *r,
                        const struct hs_compgraph *g)
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
static void put_whole(struct out *w, const struct hs_target_result *r, const char *why)
{
    FILE *s = w->svcs;
    put_leaf(w, r, NULL, "target");
    fprintf(s, "%s    # %s %s: modelled as one unit, up while its status is\n    { name = ",
            w->nsvcs++ ? ",\n" : "", r->name, why);
    put_name(s, r->name, NULL, "");
    fputs("; top = ", s);
    put_name(s, r->name, NULL, "");
    fputs("; importance = 1.0; }", s);
}

/* A plugin that states no rule at all would be read as "every component is
 * needed", which contradicts its own verdict whenever it tolerates a failure
 * (a check of "any" endpoint): such a target stays one unit on its status. */
static int declares_rules(const hs_probe *p)
{
    for (size_t i = 0; i < p->ncomps; i++)
        if (p->comps[i]->require > 0 || p->comps[i]->needs.n > 0)
            return 1;
    return 0;
}

static int add_target(struct out *w, const struct hs_target_result *r, hs_error *err)
{
    struct hs_compgraph g;
    int rc = -1;

    if (!r->probe || r->probe->ncomps == 0) {
        put_whole(w, r,
                  r->error ? "reported no components (its probe failed)"
                           : "reported no components");
        return 0;
    }
    if (!declares_rules(r->probe)) {
        put_whole(w, r, "declares no redundancy rules (its plugin predates them)");
        return 0;
    }
    if (hs_compgraph_build(&g, r->probe, r->name, err) < 0 ||
        hs_compgraph_check_cycles(&g, r->name, err) < 0)
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
    hs_compgraph_free(&g);
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
            "# of its children). Services: one per target, down when any of its tops is.\n"
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
