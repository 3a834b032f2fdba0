/* sandbox.h — what a probe may do: the unprivileged user it runs as, its
 * limits, and the fds it keeps.
 *
 * hascout runs as root from cron; plugin code does not need root to read a
 * stats page or a database status, and every byte a server sends it is
 * hostile. So a probe (and the probe host that loads plugins for it) runs
 * as `probe_user` with PR_SET_NO_NEW_PRIVS, memory, file-size and core
 * limits, and no fd but its pipes: an exploited probe cannot write as
 * root, cannot unlock the run lock, and cannot read what its user cannot.
 * A target may ask for root explicitly (keepalived's dump method signals a
 * root daemon), or keep one capability across the switch (probe_caps:
 * keepalived's wire method needs CAP_NET_RAW for its raw socket, nothing
 * else of root's). When hascout itself is not root, nothing is dropped. */
#ifndef HS_SANDBOX_H
#define HS_SANDBOX_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The user probes run as when the config names none: a `hascout` system
 * user if the host has one (the Debian package creates it), else nobody. */
#define HS_PROBE_USER_DEFAULT "hascout"
#define HS_PROBE_USER_FALLBACK "nobody"
/* Default memory limit of a probe, MiB (RLIMIT_DATA: heap and private
 * writable mappings). librados' threads need a few hundred MiB; one probe
 * was seen reaching 2.8 GB when none was set. */
#define HS_MEMORY_LIMIT_DEFAULT 1024
/* A probe writes no files of its own: this only stops a runaway one. */
#define HS_FILE_LIMIT (16u << 20)

struct hs_sandbox {
    int drop; /* 1: switch to uid/gid (we are root, user is not) */
    uid_t uid;
    gid_t gid;
    char user[64];    /* the name, for messages */
    gid_t groups[64]; /* its supplementary groups (getgrouplist) */
    int ngroups;
    size_t memory_limit; /* MiB, 0: none */
    uint64_t caps;       /* capabilities kept (1 << CAP_*), 0: none */
};

/* The capability named `name` in probe_caps ("net_raw") as a mask for
 * hs_sandbox.caps; 0 when it is not one a probe may keep. Only net_raw
 * is allowed for now: every other one is a way back to root. */
uint64_t hs_sandbox_cap_parse(const char *name);

/* Resolve `user` (NULL or "": the default, HS_PROBE_USER_DEFAULT when it
 * exists, else HS_PROBE_USER_FALLBACK) into *sb. When this process is not
 * root, sb->drop is 0 and sb names the current user: nothing to drop.
 * Returns 0, or -1 with the reason in why (an unknown user). */
int hs_sandbox_resolve(const char *user, size_t memory_limit, struct hs_sandbox *sb, char *why,
                       size_t len);

/* In a freshly forked child, before any plugin code: supplementary groups,
 * gid and uid of sb (when sb->drop), keeping sb->caps as permitted,
 * effective, inheritable and ambient capabilities (so they survive the
 * switch, fork and exec), PR_SET_NO_NEW_PRIVS, and the limits (memory,
 * file size, no core dumps). Returns 0, or -1 with the reason in
 * why; on -1 the caller must not run plugin code. */
int hs_sandbox_enter(const struct hs_sandbox *sb, char *why, size_t len);

/* Private writable memory this process has mapped now (VmData), bytes; 0
 * when unknown. */
size_t hs_sandbox_data_now(void);

/* Limit this process to `mib` MiB of private writable memory (heap, anonymous
 * mappings: RLIMIT_DATA) beyond `base` bytes (0: what it has mapped now,
 * read from /proc; a forked child may pass its parent's figure instead);
 * mib 0: no limit. Never raises a lower limit. 0, or -1 (errno set). */
int hs_sandbox_memory_limit(size_t mib, size_t base);

/* Close every fd from 3 up except `keep` (which is moved to 3 first when it
 * is above it). Returns the fd `keep` now has, or -1. */
int hs_close_fds_except(int keep);

/* 1 when the user of sb could open `path` for reading (every directory on
 * the way searchable, the file readable, by owner, group or others bits,
 * with the user's supplementary groups); 0 when not or not known. For
 * deciding whether the root parent must read a secret for the probe. */
int hs_sandbox_can_read(const struct hs_sandbox *sb, const char *path);

#endif
