/* live/drift.c — a hand-written model against what the probes see
 * (contract in drift.h). Per target: its component graph, which of its
 * components the model maps; then groups (a component whose children are
 * leaves: a cluster's nodes, a backend's servers) are matched with the model
 * gates that take one member per input, by labelling every model node with
 * the (group, member) pairs of the components mapped below it. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live/compgraph.h"
#include "live/drift.h"
#include "model/model.h"

/* Up to LABCAP (group, member) pairs per model node; past that a node mixes
 * too much to stand for one member of anything. */
#define LABCAP 8

struct pair {
    int group, member;
};

struct label {
    int n, over;
    struct pair v[LABCAP];
};

/* One target as the drift check sees it. */
struct tgt {
    struct hs_compgraph g;
    int built;             /* g holds a graph */
    unsigned char *mapped; /* per component: some model component maps it */
    int whole;             /* the model maps the target's status as a whole */
    int *group;            /* per component: its group (as a leaf member), -1 */
    int *member;           /* its index among the group's children */
};

/* A group: component `comp` of target `t`, with its declared rule. */
struct group {
    size_t t, comp;
    int n, k; /* n children, works while k of them do */
};

struct ctx {
    const struct hs_live *lv;
    const struct hs_target_result *res;
    size_t n;
    struct tgt *t;
    struct group *groups;
    size_t ngroups;
    struct hs_drift *out;
};

const char *hs_drift_kind_name(enum hs_drift_kind k)
{
    static const char *const names[] = {"unobserved", "unmodeled", "redundancy", "unchecked"};
    return (unsigned)k < 4 ? names[k] : "?";
}

static int add(struct hs_drift *d, enum hs_drift_kind k, const char *fmt, ...) HS_PRINTF(3, 4);
static int add(struct hs_drift *d, enum hs_drift_kind k, const char *fmt, ...)
{
    va_list ap;
    char *text = NULL;
    int len;

    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        struct hs_drift_item *v = realloc(d->v, cap * sizeof *v);
        if (!v)
            return -1;
        d->v = v;
        d->cap = cap;
    }
    va_start(ap, fmt);
    len = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (len < 0)
        return -1;
    d->v[d->n++] = (struct hs_drift_item){k, text};
    return 0;
}

static size_t result_of(const struct ctx *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->res[i].name, name) == 0)
            return i;
    return SIZE_MAX;
}

/* Each target's graph; an unusable result is UNCHECKED. */
static int build_targets(struct ctx *c, hs_error *err)
{
    for (size_t i = 0; i < c->n; i++) {
        const struct hs_target_result *r = &c->res[i];
        struct tgt *t = &c->t[i];
        hs_error gerr;
        if (!r->probe || r->probe->ncomps == 0) {
            if (add(c->out, HS_DRIFT_UNCHECKED, "target %s: no components to compare (%s)", r->name,
                    r->error ? r->error : "the plugin reported none") < 0)
                goto oom;
            continue;
        }
        hs_error_clear(&gerr);
        if (hs_compgraph_build(&t->g, r->probe, r->name, &gerr) < 0) {
            hs_compgraph_free(&t->g);
            if (add(c->out, HS_DRIFT_UNCHECKED, "%s", gerr.msg) < 0)
                goto oom;
            continue;
        }
        t->built = 1;
        t->mapped = calloc(t->g.n + 1, 1);
        t->group = malloc((t->g.n + 1) * sizeof *t->group);
        t->member = calloc(t->g.n + 1, sizeof *t->member);
        if (!t->mapped || !t->group || !t->member)
            goto oom;
        for (size_t k = 0; k < t->g.n; k++)
            t->group[k] = -1;
    }
    return 0;
oom:
    return hs_error_fail(err, NULL, 0, "out of memory");
}

/* UNOBSERVED: model components mapped onto components not reported. */
static int check_mappings(struct ctx *c)
{
    for (size_t e = 0; e < c->lv->ncomps; e++) {
        const struct hs_live_component *lc = &c->lv->comps[e];
        size_t ti = lc->target ? result_of(c, lc->target) : SIZE_MAX, ci;
        struct tgt *t;
        if (ti == SIZE_MAX || !c->t[ti].built)
            continue;
        t = &c->t[ti];
        if (!lc->source) {
            t->whole = 1;
            continue;
        }
        ci = hs_compgraph_find(&t->g, lc->source);
        if (ci != SIZE_MAX)
            t->mapped[ci] = 1;
        else if (add(c->out, HS_DRIFT_UNOBSERVED,
                     "model component '%s' stands for %s/%s, which the probe of %s did not report",
                     lc->name, lc->target, lc->source, lc->target) < 0)
            return -1;
    }
    return 0;
}

/* UNMODELED: leaves no model component maps. */
static int check_unmodeled(struct ctx *c)
{
    for (size_t ti = 0; ti < c->n; ti++) {
        const struct tgt *t = &c->t[ti];
        int any = 0;
        if (!t->built)
            continue;
        for (size_t k = 0; k < t->g.n; k++)
            any |= t->mapped[k];
        if (!any && !t->whole) {
            if (add(c->out, HS_DRIFT_UNMODELED, "target %s: nothing of it is in the model",
                    c->res[ti].name) < 0)
                return -1;
            continue;
        }
        for (size_t k = 0; any && k < t->g.n; k++)
            if (HS_CG_NKIDS(&t->g, k) == 0 && !t->mapped[k] &&
                add(c->out, HS_DRIFT_UNMODELED,
                    "%s reported %s '%s', which no model component stands for", c->res[ti].name,
                    t->g.p->comps[k]->kind, t->g.p->comps[k]->id) < 0)
                return -1;
    }
    return 0;
}

/* Groups: components with a declared rule over two or more children, all
 * of them leaves. */
static int find_groups(struct ctx *c)
{
    for (size_t ti = 0; ti < c->n; ti++) {
        struct tgt *t = &c->t[ti];
        for (size_t k = 0; t->built && k < t->g.n; k++) {
            size_t nk = HS_CG_NKIDS(&t->g, k), j;
            struct group *gs;
            if (nk < 2 || t->g.p->comps[k]->require == 0)
                continue; /* no declared rule: nothing to hold the model to */
            for (j = 0; j < nk && HS_CG_NKIDS(&t->g, t->g.kid[t->g.koff[k] + j]) == 0; j++)
                ;
            if (j < nk)
                continue;
            gs = realloc(c->groups, (c->ngroups + 1) * sizeof *gs);
            if (!gs)
                return -1;
            c->groups = gs;
            gs[c->ngroups] =
                (struct group){ti, k, (int)nk,
                               t->g.p->comps[k]->require > 0 ? t->g.p->comps[k]->require : (int)nk};
            for (j = 0; j < nk; j++) {
                size_t leaf = t->g.kid[t->g.koff[k] + j];
                t->group[leaf] = (int)c->ngroups;
                t->member[leaf] = (int)j;
            }
            c->ngroups++;
        }
    }
    return 0;
}

static void label_add(struct label *l, struct pair p)
{
    for (int i = 0; i < l->n; i++)
        if (l->v[i].group == p.group && l->v[i].member == p.member)
            return;
    if (l->n == LABCAP)
        l->over = 1;
    else
        l->v[l->n++] = p;
}

/* The one member of group gid that label l holds, -1 for none, -2 for
 * several or an overflowing label. */
static int member_in(const struct label *l, int gid)
{
    int m = -1;
    if (l->over)
        return -2;
    for (int i = 0; i < l->n; i++)
        if (l->v[i].group == gid) {
            if (m >= 0 && m != l->v[i].member)
                return -2;
            m = l->v[i].member;
        }
    return m;
}

/* The basic events' labels: the (group, member) of what they map. */
static void label_events(const struct ctx *c, struct label *lab)
{
    const hs_model *m = c->lv->model;
    for (int id = 0; id < m->n_nodes; id++) {
        const hs_model_node *nd = &m->nodes[id];
        const struct hs_live_component *lc;
        size_t ti, ci;
        if (nd->kind != HS_NODE_EVENT || nd->event < 0 || (size_t)nd->event >= c->lv->ncomps)
            continue;
        lc = &c->lv->comps[nd->event];
        ti = lc->target && lc->source ? result_of(c, lc->target) : SIZE_MAX;
        if (ti == SIZE_MAX || !c->t[ti].built)
            continue;
        ci = hs_compgraph_find(&c->t[ti].g, lc->source);
        if (ci != SIZE_MAX && c->t[ti].group[ci] >= 0)
            label_add(&lab[id], (struct pair){c->t[ti].group[ci], c->t[ti].member[ci]});
    }
}

/* Gate `id` over group gid, one distinct member per input: compare how
 * many working inputs it needs with the group's declared rule. */
static int compare_gate(struct ctx *c, const struct label *lab, int id, int gid)
{
    const hs_model_node *g = &c->lv->model->nodes[id];
    const struct group *gr = &c->groups[gid];
    const struct hs_component *gc = c->t[gr->t].g.p->comps[gr->comp];
    unsigned char seen[LABCAP * 64] = {0};
    int need;

    if (g->n_in < 2 || g->n_in > (int)sizeof seen)
        return 0;
    for (int i = 0; i < g->n_in; i++) {
        int mb = member_in(&lab[g->in[i]], gid);
        if (mb < 0 || mb >= (int)sizeof seen || seen[mb])
            return 0; /* not one distinct member per input: another shape */
        seen[mb] = 1;
    }
    need = g->op == HS_OP_AND ? 1 : g->op == HS_OP_OR ? g->n_in : g->n_in - g->k + 1;
    if (need == gr->k && g->n_in == gr->n)
        return 0;
    /* Same members, some of them not up: the rule read now may follow the
     * failures (Galera's quorum is a majority of the last Primary view, so a
     * 4-node cluster with a node killed declares 2 of 4), which is not drift. */
    if (g->n_in == gr->n) {
        const struct hs_compgraph *cg = &c->t[gr->t].g;
        int notup = 0;
        for (size_t j = 0; j < (size_t)gr->n; j++)
            notup += cg->p->comps[cg->kid[cg->koff[gr->comp] + j]]->state != HS_STATE_UP;
        if (notup > 0)
            return add(c->out, HS_DRIFT_UNCHECKED,
                       "model gate '%s' works while %d of its %d inputs work; %s %s '%s' declares "
                       "%d of %d (%s) with %d of its members not up: not compared, a rule may "
                       "follow failures",
                       g->name, need, g->n_in, c->res[gr->t].name, gc->kind, gc->id, gr->k, gr->n,
                       gc->require_why ? gc->require_why : "the plugin's rule", notup);
    }
    return add(c->out, HS_DRIFT_REDUNDANCY,
               "model gate '%s' works while %d of its %d inputs work; %s %s '%s' now declares %d "
               "of %d (%s)",
               g->name, need, g->n_in, c->res[gr->t].name, gc->kind, gc->id, gr->k, gr->n,
               gc->require_why ? gc->require_why : "the plugin's rule");
}

/* Whether entry k of l is the first of its group (each group tried once). */
static int first_of_group(const struct label *l, int k)
{
    for (int i = 0; i < k; i++)
        if (l->v[i].group == l->v[k].group)
            return 0;
    return 1;
}

/* REDUNDANCY: every k-of-n shaped gate against the groups it spans. */
static int check_redundancy(struct ctx *c, hs_error *err)
{
    const hs_model *m = c->lv->model;
    struct label *lab = calloc((size_t)m->n_nodes + 1, sizeof *lab);
    int *post = NULL, *uses = NULL, np = 0, rc = -1;

    if (!lab)
        goto oom;
    if (c->ngroups == 0) {
        rc = 0;
        goto out;
    }
    if (hs_model_postorder(m, &post, &np, &uses, err) < 0)
        goto out;
    label_events(c, lab);
    for (int p = 0; p < np; p++) {
        const hs_model_node *g = &m->nodes[post[p]];
        for (int i = 0; i < g->n_in; i++) {
            const struct label *in = &lab[g->in[i]];
            lab[post[p]].over |= in->over;
            for (int k = 0; k < in->n; k++)
                label_add(&lab[post[p]], in->v[k]);
        }
        if (g->op != HS_OP_AND && g->op != HS_OP_OR && g->op != HS_OP_ATLEAST)
            continue;
        /* each group the gate's first input belongs to is a candidate */
        for (int k = 0; g->n_in > 0 && k < lab[g->in[0]].n; k++)
            if (first_of_group(&lab[g->in[0]], k) &&
                compare_gate(c, lab, post[p], lab[g->in[0]].v[k].group) < 0)
                goto oom;
    }
    rc = 0;
    goto out;
oom:
    hs_error_set(err, "out of memory");
out:
    free(lab);
    free(post);
    free(uses);
    return rc;
}

int hs_drift_check(const struct hs_live *lv, const struct hs_target_result *results, size_t n,
                   struct hs_drift *out, hs_error *err)
{
    struct ctx c = {lv, results, n, NULL, NULL, 0, out};
    int rc = -1;

    c.t = calloc(n + 1, sizeof *c.t);
    if (!c.t) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    if (build_targets(&c, err) < 0)
        goto out;
    if (check_mappings(&c) < 0 || check_unmodeled(&c) < 0 || find_groups(&c) < 0) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    rc = check_redundancy(&c, err);
out:
    for (size_t i = 0; i < n; i++) {
        if (c.t[i].built)
            hs_compgraph_free(&c.t[i].g);
        free(c.t[i].mapped);
        free(c.t[i].group);
        free(c.t[i].member);
    }
    free(c.t);
    free(c.groups);
    return rc;
}

size_t hs_drift_count(const struct hs_drift *d, int k)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += k < 0 ? d->v[i].kind != HS_DRIFT_UNCHECKED : (int)d->v[i].kind == k;
    return n;
}

void hs_drift_free(struct hs_drift *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->v[i].text);
    free(d->v);
    memset(d, 0, sizeof *d);
}
