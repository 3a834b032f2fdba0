/*
 * plugins/keepalived/judge.c — who is MASTER per VRRP instance across the
 * group, and what that means for the VIP (see keepalived.h and README.md,
 * "Scoring").
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived.h"

void ka_node_obs_init(struct ka_node_obs *o, const char *name)
{
    memset(o, 0, sizeof *o);
    snprintf(o->name, sizeof o->name, "%s", name);
    o->running = -1;
    o->latency_s = -1.0;
    ka_view_init(&o->view);
}

/* The name a node reporting names gives VRID `vrid`, or NULL. */
static const char *name_of_vrid(const struct ka_node_obs *obs, size_t n, long vrid)
{
    size_t k, i;

    for (k = 0; k < n; k++) {
        if (obs[k].by_vrid || !obs[k].readable)
            continue;
        for (i = 0; i < obs[k].view.n; i++)
            if (obs[k].view.inst[i].vrid == vrid)
                return obs[k].view.inst[i].name;
    }
    return NULL;
}

void ka_name_by_vrid(struct ka_node_obs *obs, size_t n)
{
    struct ka_instance *in;
    const char *name;
    char own[KA_NAME_MAX];
    size_t k, i;

    for (k = 0; k < n; k++) {
        if (!obs[k].by_vrid || !obs[k].readable)
            continue;
        for (i = 0; i < obs[k].view.n; i++) {
            in = &obs[k].view.inst[i];
            snprintf(own, sizeof own, KA_VRID_NAME, (unsigned long)in->vrid);
            name = name_of_vrid(obs, n, in->vrid);
            /* only the IPv4 row ("vridN"), and never onto a name in use */
            if (name && strcmp(in->name, own) == 0 && !ka_view_find(&obs[k].view, name))
                snprintf(in->name, sizeof in->name, "%s", name);
        }
    }
}

void ka_node_obs_free(struct ka_node_obs *o)
{
    ka_view_free(&o->view);
}

void ka_judgement_free(struct ka_judgement *j)
{
    free(j->inst);
    free(j->cells);
    free(j->f);
    memset(j, 0, sizeof *j);
}

const struct ka_cell *ka_cell_at(const struct ka_judgement *j, size_t i, size_t k)
{
    return &j->cells[i * j->n_nodes + k];
}

long ka_counter(const struct ka_instance *in)
{
    if (in->transitions >= 0)
        return in->transitions;
    if (in->become_master >= 0 && in->release_master >= 0)
        return in->become_master + in->release_master;
    return -1;
}

long ka_transitions_since(const struct ka_flap_entry *prev, const struct ka_instance *cur)
{
    long now = ka_counter(cur);
    int moved;

    if (!prev || now < 0 || prev->counter < 0)
        return -1;
    moved = cur->last_transition > 0 && cur->last_transition != prev->last_transition;
    if (now < prev->counter)
        return now + 1;
    if (now == prev->counter)
        return moved ? 1 : 0;
    return now - prev->counter;
}

static int add_finding(struct ka_judgement *j, hs_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int add_finding(struct ka_judgement *j, hs_status st, const char *fmt, ...)
{
    struct ka_finding *nf;
    va_list ap;

    if (j->nf == j->capf) {
        size_t ncap = j->capf ? j->capf * 2 : 8;
        nf = realloc(j->f, ncap * sizeof *nf);
        if (!nf)
            return -1;
        j->f = nf;
        j->capf = ncap;
    }
    j->f[j->nf].status = st;
    va_start(ap, fmt);
    vsnprintf(j->f[j->nf].text, sizeof j->f[j->nf].text, fmt, ap);
    va_end(ap);
    j->nf++;
    return 0;
}

static int known(const struct ka_inst_sum *s, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(s[i].name, name) == 0)
            return 1;
    return 0;
}

/* The union of expected and reported instance names, in a stable order:
 * expected first, then as the nodes report them. */
static int collect(const struct ka_node_obs *nodes, size_t n, const struct ka_judge_cfg *cfg,
                   struct ka_judgement *j)
{
    size_t cap = cfg->n_expected, k, i;

    for (k = 0; k < n; k++)
        cap += nodes[k].view.n;
    j->inst = calloc(cap ? cap : 1, sizeof *j->inst);
    if (!j->inst)
        return -1;
    for (i = 0; i < cfg->n_expected; i++)
        if (!known(j->inst, j->n_inst, cfg->expected[i]))
            snprintf(j->inst[j->n_inst++].name, KA_NAME_MAX, "%s", cfg->expected[i]);
    for (k = 0; k < n; k++)
        for (i = 0; i < nodes[k].view.n; i++)
            if (!known(j->inst, j->n_inst, nodes[k].view.inst[i].name))
                memcpy(j->inst[j->n_inst++].name, nodes[k].view.inst[i].name, KA_NAME_MAX);
    return 0;
}

static int is_ok(enum ka_state s)
{
    return s == KA_MASTER || s == KA_BACKUP;
}

/* Why node k does not back instance i up, for a WARNING reason. */
static int node_warning(struct ka_judgement *j, const struct ka_inst_sum *s,
                        const struct ka_node_obs *o, const struct ka_cell *c)
{
    if (o->running == 0)
        return add_finding(j, HS_WARNING,
                           "VRRP %s: node %s STOP: %s "
                           "(redundancy lost)",
                           s->name, o->name, o->why);
    if (!o->readable)
        return add_finding(j, HS_WARNING,
                           "VRRP %s: node %s unreadable: %s "
                           "(redundancy lost)",
                           s->name, o->name, o->why);
    if (!c->in)
        return add_finding(j, HS_WARNING,
                           "VRRP %s: node %s does not report "
                           "this instance (redundancy lost)",
                           s->name, o->name);
    return add_finding(j, HS_WARNING,
                       "VRRP %s: node %s is %s (redundancy "
                       "lost)",
                       s->name, o->name, ka_state_name(c->state));
}

static int judge_instance(struct ka_judgement *j, size_t i, const struct ka_node_obs *nodes,
                          const struct ka_judge_cfg *cfg, const struct ka_flap *prev)
{
    struct ka_inst_sum *s = &j->inst[i];
    struct ka_cell *c;
    char list[256] = "";
    size_t k, used = 0;
    int ok = 0;

    s->master_node = -1;
    for (k = 0; k < j->n_nodes; k++) {
        c = &j->cells[i * j->n_nodes + k];
        c->in = nodes[k].readable ? ka_view_find(&nodes[k].view, s->name) : NULL;
        c->state = c->in ? c->in->state : (nodes[k].running == 0 ? KA_STOP : KA_UNKNOWN);
        c->delta = c->in && prev
                       ? ka_transitions_since(ka_flap_find(prev, nodes[k].name, s->name), c->in)
                       : -1;
        s->count[c->state]++;
        if (c->state == KA_MASTER) {
            if (s->master_node < 0)
                s->master_node = (int)k;
            s->masters++;
            used += (size_t)snprintf(list + used, used < sizeof list ? sizeof list - used : 0,
                                     "%s%s", s->masters > 1 ? ", " : "", nodes[k].name);
            if (used >= sizeof list)
                used = sizeof list - 1;
        }
        ok += is_ok(c->state);
    }
    if (s->masters == 0) {
        s->service = HS_STATE_DOWN;
        s->health = 0;
        if (add_finding(j, HS_CRITICAL,
                        "VRRP %s: no MASTER on any of %zu "
                        "nodes (the VIP has no owner)",
                        s->name, j->n_nodes) < 0)
            return -1;
    } else if (s->masters > 1) {
        s->service = HS_STATE_DOWN;
        s->health = 0;
        if (add_finding(j, HS_CRITICAL,
                        "VRRP %s: %d masters (split brain): "
                        "%s",
                        s->name, s->masters, list) < 0)
            return -1;
    } else {
        s->service = ok == (int)j->n_nodes ? HS_STATE_UP : HS_STATE_DEGRADED;
        s->health = 100.0 * ok / (double)j->n_nodes;
        if (cfg->preferred && strcmp(nodes[s->master_node].name, cfg->preferred) != 0 &&
            add_finding(j, HS_WARNING,
                        "VRRP %s: MASTER is %s, not the "
                        "preferred %s",
                        s->name, nodes[s->master_node].name, cfg->preferred) < 0)
            return -1;
    }
    for (k = 0; k < j->n_nodes; k++) {
        c = &j->cells[i * j->n_nodes + k];
        if (!is_ok(c->state) && node_warning(j, s, &nodes[k], c) < 0)
            return -1;
    }
    return 0;
}

int ka_judge(const struct ka_node_obs *nodes, size_t n, const struct ka_judge_cfg *cfg,
             const struct ka_flap *prev, struct ka_judgement *out, char *err, size_t errlen)
{
    size_t i;

    memset(out, 0, sizeof *out);
    out->n_nodes = n;
    out->health = 100;
    if (n == 0)
        return ka_fail(err, errlen, "no nodes to judge");
    if (collect(nodes, n, cfg, out) < 0)
        goto oom;
    out->cells = calloc(out->n_inst ? out->n_inst * n : 1, sizeof *out->cells);
    if (!out->cells)
        goto oom;
    if (out->n_inst == 0) {
        out->health = 0;
        if (add_finding(out, HS_CRITICAL,
                        "no VRRP instance seen on any of "
                        "%zu nodes (the VIP has no owner)",
                        n) < 0)
            goto oom;
    }
    for (i = 0; i < out->n_inst; i++) {
        if (judge_instance(out, i, nodes, cfg, prev) < 0)
            goto oom;
        if (out->inst[i].health < out->health)
            out->health = out->inst[i].health;
    }
    return 0;
oom:
    return ka_fail(err, errlen, "out of memory");
}

int ka_flap_from(const struct ka_judgement *j, const struct ka_node_obs *nodes, struct ka_flap *out,
                 char *err, size_t errlen)
{
    const struct ka_cell *c;
    size_t i, k;

    for (i = 0; i < j->n_inst; i++)
        for (k = 0; k < j->n_nodes; k++) {
            c = ka_cell_at(j, i, k);
            if (c->in && ka_counter(c->in) >= 0 &&
                ka_flap_add(out, nodes[k].name, j->inst[i].name, ka_counter(c->in),
                            c->in->last_transition, err, errlen) < 0)
                return -1;
        }
    return 0;
}
