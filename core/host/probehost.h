/* probehost.h — the process that loads a plugin and forks its probes.
 *
 * The root parent never maps plugin code (privilege separation, as OpenSSH
 * and Nagios do it). For each plugin a run uses, and each user its targets
 * run as, the parent forks a probe host before any plugin is loaded. The
 * host closes every fd it does not need (the run lock among them), becomes
 * the subreaper of its probes, drops to the probe user, checks the plugin
 * file's trust, loads it once, and forks one probe per target from its own
 * small image. It sends the parent framed results over one pipe; the
 * parent validates every byte and enforces the host's deadline. A plugin
 * whose constructor crashes, exits, hangs or starts threads costs only its
 * own targets, and only its own host. */
#ifndef HS_PROBEHOST_H
#define HS_PROBEHOST_H
#include <stddef.h>
#include <stdint.h>
#include "host/config.h"
#include "host/frame.h"
#include "util/sandbox.h"

/* What one host is to do. */
struct hs_host_job {
    const char *plugin;                     /* name */
    const char *path;                       /* the .so file */
    const struct hs_target *const *targets; /* the host's targets */
    const int *secret_fds;                  /* per target: secrets.h pipe or -1 */
    size_t n;
    int max_parallel;
    const struct hs_sandbox *sb; /* the user it runs as */
    int result_fd;               /* frames go here */
};

/* Run job in this (freshly forked) process and _exit(): never returns. */
void hs_probe_host_run(const struct hs_host_job *job) __attribute__((noreturn));

#endif
