/*
 * plugins/ceph/settings.h — a ceph target's configuration, read and
 * checked once in configure() (every key is documented in README.md).
 */
#ifndef CEPH_SETTINGS_H
#define CEPH_SETTINGS_H

#include "hascout/plugin.h"
#include "plugins/ceph/policy.h"
#include "plugins/ceph/rados_io.h"

struct ceph_settings {
    struct ceph_conn_opts conn; /* paths point into the owned copies below */
    struct ceph_policy policy;  /* overrides point into `overrides` */
    hs_status unreachable;      /* status when no mon answers: UNKNOWN/CRITICAL */
    hs_range warn_active_clean, crit_active_clean; /* % of PGs active+clean */
    const char *warn_active_clean_text, *crit_active_clean_text; /* as given */
    struct ceph_override *overrides; /* owned; codes borrowed from the config */
    char *conf_path, *keyring_path;  /* owned, resolved against the config dir */
};

/* The shortest target deadline a probe can succeed in, seconds (why: in
 * settings.c). A shorter one, on the target or as hascout.deadline, is a
 * configuration error. */
#define CEPH_MIN_DEADLINE 2.0

/* Read the target group `target` into *s (zeroed first). Unknown keys,
 * wrong types and bad values fail with file:line in err. On failure
 * everything allocated is freed; on success the caller frees with
 * ceph_settings_free. Returns 0 or -1. */
int ceph_settings_read(const config_setting_t *target, struct ceph_settings *s,
                       hs_error *err);

/* Free what ceph_settings_read allocated; NULL-safe. */
void ceph_settings_free(struct ceph_settings *s);

#endif /* CEPH_SETTINGS_H */
