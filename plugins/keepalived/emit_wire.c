/*
 * plugins/keepalived/emit_wire.c — method "wire" as the core's components:
 * "wire:IFACE" (the listening itself), one "vrrp:vridN" service per
 * configured VRID over IPv4 ("vrrp6:vridN" over IPv6) and one
 * "vrrp:vridN@ADDR" cell per router heard or expected, in the kinds and
 * states the node methods use (emit.c).
 */
#include <stdio.h>
#include <string.h>

#include "keepalived.h"

static const char *family_name(int family)
{
    return family == 6 ? "ipv6" : family == 4 ? "ipv4" : "ipv4 or ipv6";
}

static void report_router(hs_probe *p, const char *svc, int family, const struct ka_wire_router *r,
                          const char *addr)
{
    char id[96];
    hs_component *c;

    snprintf(id, sizeof id, "%s@%s", svc, addr);
    /* a router not heard may be a silent BACKUP or down: the wire cannot
     * tell, so it is not observed rather than DOWN */
    c = hs_probe_component(p, id, "instance", svc,
                           !r           ? HS_STATE_UNKNOWN
                           : r->adverts ? HS_STATE_UP
                                        : HS_STATE_DOWN);
    if (!c)
        return;
    hs_component_label(c, "node", addr);
    hs_component_label(c, "family", family_name(family));
    hs_component_label(c, "state", !r ? "SILENT" : r->adverts ? "MASTER" : "RESIGNED");
    if (!r) {
        hs_component_message(c, "not heard: a BACKUP (backups are silent) or down");
        return;
    }
    hs_component_label(c, "version", r->version == 3 ? "3" : "2");
    hs_component_label(c, "checksum", r->bad_checksum ? "bad" : "ok");
    hs_component_label(c, "vips", r->addrs);
    hs_component_metric(c, "priority", (double)r->priority, "");
    hs_component_metric(c, "advert_interval", r->interval, "s");
    hs_component_metric(c, "adverts", (double)r->adverts, "");
    hs_component_metric(c, "resigned", (double)r->resigned, "");
    hs_component_metric(c, "bad_checksum", (double)r->bad_checksum, "");
}

/* 1 when configured router `addr` belongs in a slot of `family` (0:
 * either family, every router). */
static int router_in(const char *addr, int family)
{
    return family == 0 || (strchr(addr, ':') ? 6 : 4) == family;
}

static void report_vrid(hs_probe *p, const struct ka_target *t, const struct ka_wire_vrid *v,
                        const struct ka_wire_sum *s)
{
    char id[32], vrid[8];
    const struct ka_wire_router *owner = s->owner >= 0 ? &v->r[s->owner] : NULL;
    hs_component *c;
    size_t i, k;

    snprintf(id, sizeof id, "%s:vrid%d", s->family == 6 ? "vrrp6" : "vrrp", v->vrid);
    snprintf(vrid, sizeof vrid, "%d", v->vrid);
    c = hs_probe_component(p, id, "service", NULL, s->service);
    if (!c)
        return;
    hs_component_label(c, "vrid", vrid);
    hs_component_label(c, "family", family_name(s->family));
    hs_component_label(c, "master", s->repeated >= 2 ? "several" : owner ? owner->addr : "none");
    if (owner)
        hs_component_label(c, "vips", owner->addrs);
    hs_component_metric(c, "nodes_master", (double)s->owners, "");
    for (i = 0; i < v->n; i++)
        report_router(p, id, v->family, &v->r[i], v->r[i].addr);
    for (k = 0; k < t->n_routers; k++) {
        if (!router_in(t->routers[k], s->family))
            continue;
        for (i = 0; i < v->n; i++)
            if (ka_addr_same(v->r[i].addr, t->routers[k]))
                break;
        if (i == v->n)
            report_router(p, id, s->family, NULL, t->routers[k]);
    }
}

void ka_emit_wire(hs_probe *p, const struct ka_target *t, const struct ka_wire_obs *o,
                  const struct ka_wire_judgement *j)
{
    char id[32];
    hs_component *c;
    size_t k;

    snprintf(id, sizeof id, "wire:%s", t->interface);
    c = hs_probe_component(p, id, "interface", NULL, o->why[0] ? HS_STATE_UNKNOWN : HS_STATE_UP);
    if (c) {
        hs_component_label(c, "method", "wire");
        hs_component_metric(c, "window", o->window, "s");
        hs_component_metric(c, "packets", (double)o->packets, "");
        hs_component_metric(c, "malformed", (double)o->malformed, "");
        hs_component_label(c, "families",
                           (o->families & KA_FAM_BOTH) == KA_FAM_BOTH ? "ipv4,ipv6"
                           : o->families & KA_FAM_IPV6                ? "ipv6"
                                                                      : "ipv4");
        if (o->why[0])
            hs_component_message(c, "%s", o->why);
        else if (o->note[0])
            hs_component_message(c, "%s", o->note);
    }
    if (o->why[0])
        return;
    for (k = 0; k < j->n; k++)
        report_vrid(p, t, &o->v[j->s[k].slot], &j->s[k]);
}
