/*
 * plugins/keepalived/config.h — a keepalived target as configured: the
 * VRRP group's nodes and how each is read (see README.md for the keys).
 */
#ifndef KA_CONFIG_H
#define KA_CONFIG_H

#include <hascout/plugin.h>

#include "reader.h"

#define KA_DEFAULT_STATE_DIR "/var/lib/hascout/keepalived"

struct ka_target {
    const char *name;            /* the target's name (for the flap file) */
    const char *state_dir;       /* flap history; borrowed from the config */
    const char *preferred;       /* preferred MASTER node or NULL */
    const char **expected;       /* owned array of borrowed strings */
    size_t n_expected;
    hs_range transitions_warn;   /* flapping threshold per run */
    const char *transitions_warn_text; /* the same as written (perfdata) */
    struct ka_node_cfg *nodes;   /* owned */
    size_t n_nodes;
};

/* Read and check target group `g` into a new *out (owned by the caller,
 * freed with ka_target_free). Unknown keys, missing or duplicate nodes and
 * bad values are refused with file:line. Returns 0 or -1. */
int ka_target_configure(const config_setting_t *g, struct ka_target **out,
                        hs_error *err);

/* Free a target from ka_target_configure (NULL is fine). */
void ka_target_free(struct ka_target *t);

#endif /* KA_CONFIG_H */
