/*
 * plugins/galera/judge.c — the scoring rules of the Galera plugin (issue 5,
 * README.md "Scoring"). Each rule adds one reason naming the node it is
 * about, so an operator reads why without looking at the metrics.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "galera.h"

static int rank(hs_status s)
{
    return s == HS_OK ? 0 : s == HS_WARNING ? 1 : s == HS_UNKNOWN ? 2 : 3;
}

static void reason(gal_assessment *a, hs_status s, const char *fmt, ...) HS_PRINTF(3, 4);
static void reason(gal_assessment *a, hs_status s, const char *fmt, ...)
{
    va_list ap;
    gal_reason *r;
    if (a->nreasons >= GAL_MAX_REASONS)
        return;
    r = &a->reasons[a->nreasons++];
    r->status = s;
    va_start(ap, fmt);
    vsnprintf(r->text, sizeof r->text, fmt, ap);
    va_end(ap);
}

/* A node state only ever gets worse while rules are applied. */
static hs_state worse(hs_state a, hs_state b)
{
    static const int order[] = {0, 1, 3, 2}; /* UP, DEGRADED, DOWN, UNKNOWN */
    return order[b] > order[a] ? b : a;
}

static const char *state_word(const gal_status *st)
{
    if (st->local_state_comment[0])
        return st->local_state_comment;
    switch (st->local_state) {
    case GAL_LS_INITIALIZED: return "Initialized";
    case GAL_LS_JOINING: return "Joining";
    case GAL_LS_DONOR: return "Donor/Desynced";
    case GAL_LS_JOINED: return "Joined";
    case GAL_LS_SYNCED: return "Synced";
    }
    return "unknown";
}

static hs_state judge_node(const gal_node *n, const gal_policy *pol, gal_assessment *a)
{
    const gal_status *st = &n->st;
    hs_state s = HS_STATE_UP;

    if (n->reach == GAL_REACH_DOWN) {
        reason(a, HS_WARNING, "node %s down: %s", n->id, n->error);
        return HS_STATE_DOWN;
    }
    if (n->reach != GAL_REACH_OK) {
        reason(a, HS_WARNING, "node %s unreachable: %s", n->id, n->error);
        return HS_STATE_UNKNOWN;
    }
    if ((st->seen & GAL_F_WSREP_ON) && !st->wsrep_on) {
        reason(a, HS_CRITICAL,
               "node %s: wsrep_on is OFF (a standalone server, "
               "not replicating)",
               n->id);
        s = worse(s, HS_STATE_DOWN);
    }
    if (st->cluster_status != GAL_CS_PRIMARY) {
        reason(a, HS_CRITICAL, "node %s is %s (cluster size %llu as it sees it)", n->id,
               gal_cluster_status_name(st->cluster_status), (unsigned long long)st->cluster_size);
        s = worse(s, HS_STATE_DOWN);
    }
    if (!st->ready) {
        reason(a, HS_CRITICAL, "node %s: wsrep_ready is OFF (refuses queries)", n->id);
        s = worse(s, HS_STATE_DOWN);
    }
    if (!st->connected) {
        reason(a, HS_CRITICAL, "node %s: wsrep_connected is OFF", n->id);
        s = worse(s, HS_STATE_DOWN);
    }
    if (s == HS_STATE_DOWN)
        return s; /* its local state and queues say nothing more */
    switch (st->local_state) {
    case GAL_LS_SYNCED: break;
    case GAL_LS_DONOR:
        reason(a, pol->donor_status, "node %s is %s (backup or SST donor%s)", n->id, state_word(st),
               st->desync ? ", wsrep_desync=ON" : "");
        s = worse(s, HS_STATE_DEGRADED);
        break;
    case GAL_LS_JOINING:
    case GAL_LS_JOINED:
        reason(a, HS_WARNING, "node %s is %s (catching up with the cluster)", n->id,
               state_word(st));
        s = worse(s, HS_STATE_DEGRADED);
        break;
    default:
        reason(a, HS_WARNING, "node %s is in local state %d (%s)", n->id, st->local_state,
               state_word(st));
        s = worse(s, HS_STATE_DEGRADED);
    }
    if (hs_range_alerts(&pol->crit_fc, st->fc_paused) ||
        hs_range_alerts(&pol->warn_fc, st->fc_paused)) {
        int crit = hs_range_alerts(&pol->crit_fc, st->fc_paused);
        reason(a, crit ? HS_CRITICAL : HS_WARNING,
               "node %s: flow control paused %.1f%% of the time", n->id, st->fc_paused * 100);
        s = worse(s, HS_STATE_DEGRADED);
    }
    if (hs_range_alerts(&pol->crit_rq, st->recv_queue_avg) ||
        hs_range_alerts(&pol->warn_rq, st->recv_queue_avg)) {
        int crit = hs_range_alerts(&pol->crit_rq, st->recv_queue_avg);
        reason(a, crit ? HS_CRITICAL : HS_WARNING, "node %s: receive queue averages %g write sets",
               n->id, st->recv_queue_avg);
        s = worse(s, HS_STATE_DEGRADED);
    }
    return s;
}

/* Primary nodes of one cluster agree on the state UUID and the configuration
 * id; two Primary components (split brain) do not. */
static int check_split(const gal_node *nodes, size_t count, gal_assessment *a)
{
    const gal_node *first = NULL;
    size_t i;
    int split = 0;
    for (i = 0; i < count; i++) {
        const gal_node *n = &nodes[i];
        if (n->reach != GAL_REACH_OK || n->st.cluster_status != GAL_CS_PRIMARY)
            continue;
        if (!first) {
            first = n;
            continue;
        }
        if (strcmp(n->st.state_uuid, first->st.state_uuid) != 0 ||
            n->st.conf_id != first->st.conf_id) {
            reason(a, HS_CRITICAL,
                   "split brain: Primary nodes %s (%s, conf %llu) and %s "
                   "(%s, conf %llu) disagree",
                   first->id, first->st.state_uuid, (unsigned long long)first->st.conf_id, n->id,
                   n->st.state_uuid, (unsigned long long)n->st.conf_id);
            split = 1;
        }
    }
    return split;
}

/* A partition as the nodes see it: some answer from a Primary component,
 * others from a non-Primary one. Each cut-off node gets one reason naming
 * both sides, so the verdict says "split", not only "node down". */
static void check_partition(const gal_node *nodes, size_t count, gal_assessment *a)
{
    char side[256] = "";
    size_t i, used = 0;
    unsigned size = 0;

    for (i = 0; i < count; i++) {
        const gal_node *n = &nodes[i];
        int w;
        if (n->reach != GAL_REACH_OK || n->st.cluster_status != GAL_CS_PRIMARY)
            continue;
        if (n->st.cluster_size > size)
            size = (unsigned)n->st.cluster_size;
        if (used >= sizeof side)
            continue; /* truncated: the first names are enough */
        w = snprintf(side + used, sizeof side - used, "%s%s", used ? ", " : "", n->id);
        used += w > 0 ? (size_t)w : 0;
    }
    for (i = 0; i < count && side[0]; i++) {
        const gal_node *n = &nodes[i];
        if (n->reach != GAL_REACH_OK || n->st.cluster_status == GAL_CS_PRIMARY)
            continue;
        reason(a, HS_CRITICAL,
               "partition: %s (%s, sees %llu node(s)) is cut off from the Primary "
               "component of %u node(s): %s",
               n->id, gal_cluster_status_name(n->st.cluster_status),
               (unsigned long long)n->st.cluster_size, size, side);
    }
}

void gal_assess(const gal_node *nodes, size_t count, const gal_policy *pol, gal_assessment *out)
{
    size_t i;
    int cluster_crit = 0;
    unsigned usable = 0, in_sync;

    memset(out, 0, sizeof *out);
    if (count > GAL_MAX_NODES)
        count = GAL_MAX_NODES;
    for (i = 0; i < count; i++) {
        const gal_node *n = &nodes[i];
        out->node[i] = judge_node(n, pol, out);
        if (n->reach != GAL_REACH_OK)
            continue;
        out->reachable++;
        if (n->st.cluster_status != GAL_CS_PRIMARY)
            continue;
        out->primary++;
        if (n->st.cluster_size > out->primary_size)
            out->primary_size = (unsigned)n->st.cluster_size;
        if (n->st.local_state == GAL_LS_SYNCED && n->st.ready && n->st.connected)
            out->synced++;
        if (out->node[i] != HS_STATE_DOWN)
            usable++;
    }

    if (out->primary == 0) {
        reason(out, HS_CRITICAL,
               "cluster: no reachable node is in a Primary component (%u of %zu answered)",
               out->reachable, count);
        cluster_crit = 1;
    } else {
        cluster_crit |= check_split(nodes, count, out);
        check_partition(nodes, count, out);
        if (out->primary_size < pol->min_primary) {
            reason(out, HS_CRITICAL,
                   "cluster: Primary component has %u node(s), fewer than the minimum %u",
                   out->primary_size, pol->min_primary);
            cluster_crit = 1;
        }
        if (out->primary_size < pol->expected_size)
            reason(out, HS_WARNING, "cluster: size %u below the expected %u", out->primary_size,
                   pol->expected_size);
    }

    /* In sync: the Primary component's size as its nodes report it, less
     * the Primary nodes we saw that are not Synced. The reported size covers
     * nodes this target does not list (a target may watch one node only). */
    in_sync = out->primary_size > out->primary - out->synced
                  ? out->primary_size - (out->primary - out->synced)
                  : 0;
    if (in_sync > pol->expected_size)
        in_sync = pol->expected_size;
    if (cluster_crit || usable == 0)
        out->cluster = HS_STATE_DOWN;
    else if (gal_assess_status(out) != HS_OK || in_sync < pol->expected_size)
        out->cluster = HS_STATE_DEGRADED;
    else
        out->cluster = HS_STATE_UP;
    /* Health: the share of the expected nodes that serve in sync; nothing
     * when the cluster as a whole cannot take writes. */
    if (out->cluster == HS_STATE_DOWN || pol->expected_size == 0)
        out->health = 0;
    else
        out->health = 100.0 * in_sync / pol->expected_size;
}

hs_status gal_assess_status(const gal_assessment *a)
{
    hs_status s = HS_OK;
    size_t i;
    for (i = 0; i < a->nreasons; i++)
        if (rank(a->reasons[i].status) > rank(s))
            s = a->reasons[i].status;
    return s;
}
