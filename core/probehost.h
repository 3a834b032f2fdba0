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
#include "hsconfig.h"
#include "sandbox.h"
#include "serialize.h"

/* Frames from host to parent: a header, then `len` bytes of payload. */
#define HS_FRAME_MAGIC 0x31465348u /* "HSF1" */
enum hs_frame_kind {
    HS_FRAME_INFO = 1, /* the plugin's description (loader.h JSON) or its refusal */
    HS_FRAME_DOC = 2,  /* one target's protocol document (serialize.h) */
    HS_FRAME_FAIL = 3  /* one target's failure, as text */
};
struct hs_frame {
    uint32_t magic, kind, idx, len; /* idx: into the host's job targets */
    double duration;                /* the probe's seconds, fork to reap */
    uint64_t outbytes;              /* stray stdout/stderr bytes of the probe */
};
/* Most payload bytes of one frame (a result document, with room). */
#define HS_FRAME_MAX ((uint32_t)(HS_PROTO_MAX_BYTES + 4096))

/* What one host is to do. */
struct hs_host_job {
    const char *plugin;                  /* name */
    const char *path;                    /* the .so file */
    const struct hs_target *const *targets; /* the host's targets */
    const int *secret_fds;               /* per target: secrets.h pipe or -1 */
    size_t n;
    int max_parallel;
    const struct hs_sandbox *sb;         /* the user it runs as */
    int result_fd;                       /* frames go here */
};

/* Run job in this (freshly forked) process and _exit(): never returns. */
void hs_probe_host_run(const struct hs_host_job *job) __attribute__((noreturn));

#endif
