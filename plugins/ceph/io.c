/*
 * plugins/ceph/io.c — librados connect and mon commands with
 * timeouts bounded by the caller's budget (see ceph.h).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rados/librados.h>

#include "ceph.h"

struct ceph_conn {
    rados_t cluster;
    double op_timeout;
    char mons[256]; /* mon_host as librados has it, for the error messages */
};

/* Whole seconds to give librados: the configured value capped by the
 * budget, rounded down, at least 1; 0 when the budget is under 1 s. */
static int bounded_secs(double configured, double budget)
{
    double s = configured < budget ? configured : budget;

    if (budget < 1.0)
        return 0;
    s = floor(s);
    return s < 1.0 ? 1 : (int)s;
}

/* The MonClient gives up on a mon session that is not up within
 * mon_client_hunt_interval (3 s) and starts over. A msgr2 connect with
 * cephx takes about six round trips: over a 600 ms round trip that is
 * 3.6 s, and every attempt would be cut short (a half-connect-time
 * interval of 3 s still was: 13 s to connect). So the whole connect time,
 * never less than Ceph's own 3 s: it hunts up to three mons in parallel
 * anyway and takes the first that answers. */
static int hunt_secs(int mount_secs)
{
    return mount_secs > 3 ? mount_secs : 3;
}

static int set_secs(rados_t r, const char *key, int secs, char *err, size_t errlen)
{
    char val[16];
    int rc;

    snprintf(val, sizeof val, "%d", secs);
    rc = rados_conf_set(r, key, val);
    if (rc < 0)
        snprintf(err, errlen, "setting %s: %s (%d)", key, strerror(-rc), rc);
    return rc;
}

/* Settings a monitoring probe must not inherit from a daemon's ceph.conf:
 * it prints nothing (the core counts stray output as a failure) and leaves
 * no admin socket behind. */
static int set_quiet(rados_t r, char *err, size_t errlen)
{
    static const char *const quiet[][2] = {
        {"log_to_stderr", "false"},
        {"err_to_stderr", "false"},
        {"log_to_syslog", "false"},
        {"admin_socket", ""},
    };

    for (size_t i = 0; i < sizeof quiet / sizeof quiet[0]; i++) {
        int rc = rados_conf_set(r, quiet[i][0], quiet[i][1]);
        if (rc < 0) {
            snprintf(err, errlen, "setting %s: %s (%d)", quiet[i][0], strerror(-rc), rc);
            return rc;
        }
    }
    return 0;
}

/* The monitors librados will ask (ceph.conf's mon_host or our override),
 * cut to fit: a blackholed mon gives no error of its own, so the message
 * must say whom we waited for. */
static void mons_of(rados_t r, char *buf, size_t len)
{
    if (rados_conf_get(r, "mon_host", buf, len) < 0 || !buf[0])
        snprintf(buf, len, "the mons of ceph.conf");
}

/* What the common connect errors mean for an operator. */
static const char *connect_hint(int rc)
{
    switch (rc) {
    case -ETIMEDOUT: return " after client_mount_timeout";
    case -EACCES: return ": the key was refused (wrong key or unknown client?)";
    case -EPERM: return ": the client lacks the caps (needs mon 'allow r')";
    case -ENOENT: return ": no keyring found (check 'keyring' and ceph.conf)";
    default: return "";
    }
}

static int unreachable(int rc)
{
    return rc == -ETIMEDOUT || rc == -ECONNREFUSED || rc == -EHOSTUNREACH || rc == -ENETUNREACH;
}

int ceph_conn_open(const struct ceph_conn_opts *o, double budget, ceph_conn **out, char *err,
                   size_t errlen)
{
    ceph_conn *c = NULL;
    int created = 0, secs, rc;
    int ret = -1;

    *out = NULL;
    /* rados_connect opens two mon sessions one after the other (the first
     * fetches the config), and each may take the whole
     * client_mount_timeout: half the budget each keeps the pair inside it.
     * At least 1 s all the same: a healthy connect takes milliseconds. */
    secs = bounded_secs(fmin(o->mount_timeout, budget / 2), budget);
    if (secs == 0) {
        snprintf(err, errlen, "connect: only %.2f s left before the deadline", budget);
        goto out;
    }
    c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "connect: out of memory");
        goto out;
    }
    c->op_timeout = o->op_timeout;
    rc = rados_create2(&c->cluster, "ceph", o->client, 0);
    if (rc < 0) {
        snprintf(err, errlen, "rados_create2(%s): %s (%d)", o->client, strerror(-rc), rc);
        goto out;
    }
    created = 1;
    if (set_quiet(c->cluster, err, errlen) < 0)
        goto out;
    rc = rados_conf_read_file(c->cluster, o->conf);
    if (rc < 0) {
        snprintf(err, errlen, "reading %s: %s (%d)", o->conf ? o->conf : "the default ceph.conf",
                 strerror(-rc), rc);
        goto out;
    }
    /* Again: the file just read may have turned logging back on. */
    if (set_quiet(c->cluster, err, errlen) < 0)
        goto out;
    if (o->keyring && (rc = rados_conf_set(c->cluster, "keyring", o->keyring)) < 0) {
        snprintf(err, errlen, "setting keyring: %s (%d)", strerror(-rc), rc);
        goto out;
    }
    if (o->mon_host && (rc = rados_conf_set(c->cluster, "mon_host", o->mon_host)) < 0) {
        snprintf(err, errlen, "setting mon_host '%s': %s (%d)", o->mon_host, strerror(-rc), rc);
        goto out;
    }
    /* The OSD timeout too, though the probe sends only mon commands: a
     * ceph.conf must not give librados a wait longer than the deadline. */
    if (set_secs(c->cluster, "client_mount_timeout", secs, err, errlen) < 0 ||
        set_secs(c->cluster, "rados_mon_op_timeout", secs, err, errlen) < 0 ||
        set_secs(c->cluster, "rados_osd_op_timeout", secs, err, errlen) < 0 ||
        set_secs(c->cluster, "mon_client_hunt_interval", hunt_secs(secs), err, errlen) < 0)
        goto out;
    mons_of(c->cluster, c->mons, sizeof c->mons);
    rc = rados_connect(c->cluster);
    if (rc < 0) {
        snprintf(err, errlen, "connect as %s: %s (%d)%s", o->client, strerror(-rc), rc,
                 connect_hint(rc));
        if (rc == -ETIMEDOUT) {
            size_t n = strlen(err);
            snprintf(err + n, errlen - n, " = %d s (no answer within %d s from mon %s)", secs, secs,
                     c->mons);
        }
        if (unreachable(rc))
            ret = CEPH_CONN_UNREACHABLE;
        goto out;
    }
    *out = c;
    c = NULL;
    ret = 0;
out:
    if (c) {
        if (created)
            rados_shutdown(c->cluster);
        free(c);
    }
    return ret;
}

int ceph_conn_command(ceph_conn *c, const char *cmd, double budget, char **reply, size_t *len,
                      char *err, size_t errlen)
{
    const char *cmds[1] = {cmd};
    char *outbuf = NULL, *outs = NULL;
    size_t outlen = 0, outslen = 0;
    int secs, rc, ret = -1;

    *reply = NULL;
    *len = 0;
    secs = bounded_secs(c->op_timeout, budget);
    if (secs == 0) {
        snprintf(err, errlen, "only %.2f s left before the deadline", budget);
        goto out;
    }
    /* Read by the MonClient when each command starts, so a per-command
     * value keeps the sum of all commands inside the deadline. */
    if (set_secs(c->cluster, "rados_mon_op_timeout", secs, err, errlen) < 0)
        goto out;
    rc = rados_mon_command(c->cluster, cmds, 1, "", 0, &outbuf, &outlen, &outs, &outslen);
    if (rc < 0) {
        char late[400] = "";
        if (rc == -ETIMEDOUT)
            snprintf(late, sizeof late,
                     " after rados_mon_op_timeout = %d s (no answer within %d s from mon %s)", secs,
                     secs, c->mons);
        snprintf(err, errlen, "%s (%d)%s%s%.*s", strerror(-rc), rc, late, outslen ? ": " : "",
                 (int)(outslen > 300 ? 300 : outslen), outs ? outs : "");
        if (unreachable(rc))
            ret = CEPH_CONN_UNREACHABLE;
        goto out;
    }
    *reply = malloc(outlen + 1);
    if (!*reply) {
        snprintf(err, errlen, "out of memory for a %zu-byte reply", outlen);
        goto out;
    }
    if (outlen)
        memcpy(*reply, outbuf, outlen);
    (*reply)[outlen] = '\0';
    *len = outlen;
    ret = 0;
out:
    if (outbuf)
        rados_buffer_free(outbuf);
    if (outs)
        rados_buffer_free(outs);
    return ret;
}

void ceph_conn_close(ceph_conn *c)
{
    if (!c)
        return;
    rados_shutdown(c->cluster);
    free(c);
}
