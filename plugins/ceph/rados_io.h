/*
 * plugins/ceph/rados_io.h — the only file that talks to librados: connect
 * to the monitors with bounded timeouts and run mon commands.
 *
 * librados cannot be interrupted; it only gives up after
 * client_mount_timeout (connect) and rados_mon_op_timeout (each command).
 * So every call takes a time budget in seconds, and the timeouts are set
 * to the lesser of the configured value and that budget (whole seconds,
 * as Ceph takes them, at least 1). A budget below one second is refused
 * up front: the call would overrun the caller's deadline.
 */
#ifndef CEPH_RADOS_IO_H
#define CEPH_RADOS_IO_H

#include <stddef.h>

struct ceph_conn_opts {
    const char *conf;       /* ceph.conf path, NULL: librados' default search */
    const char *client;     /* entity name, "client.hascout" */
    const char *keyring;    /* NULL: what ceph.conf says */
    const char *mon_host;   /* NULL: what ceph.conf says */
    double mount_timeout;   /* configured client_mount_timeout, s */
    double op_timeout;      /* configured rados_mon_op_timeout, s */
};

typedef struct ceph_conn ceph_conn;

/* Returned instead of -1 when no monitor answered in time (the cluster is
 * unreachable from here), as opposed to a local or credentials problem. */
#define CEPH_CONN_UNREACHABLE (-2)

/* Connect within `budget` seconds. On success *out is a connection the
 * caller owns (close with ceph_conn_close) and 0 is returned; on failure
 * -1 with the librados error in err, CEPH_CONN_UNREACHABLE when that
 * error is a timeout or a refused connection. */
int ceph_conn_open(const struct ceph_conn_opts *o, double budget,
                   ceph_conn **out, char *err, size_t errlen);

/* Run one mon command (a JSON command object) within `budget` seconds.
 * On success *reply holds the reply bytes (NUL terminated, caller frees
 * with free()) and *len their count; returns 0. On failure -1 with the
 * error and the monitor's status text in err. */
int ceph_conn_command(ceph_conn *c, const char *cmd, double budget,
                      char **reply, size_t *len, char *err, size_t errlen);

/* Shut down and free; NULL-safe. */
void ceph_conn_close(ceph_conn *c);

#endif /* CEPH_RADOS_IO_H */
