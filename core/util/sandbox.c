/* sandbox.c — dropping root and setting limits for probes (sandbox.h). */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/sandbox.h"

static int lookup(const char *user, struct passwd *out, char *buf, size_t blen)
{
    struct passwd *pw = NULL;
    return getpwnam_r(user, out, buf, blen, &pw) == 0 && pw ? 0 : -1;
}

int hs_sandbox_resolve(const char *user, size_t memory_limit, struct hs_sandbox *sb, char *why,
                       size_t len)
{
    struct passwd pw;
    char buf[4096];
    int ng;

    memset(sb, 0, sizeof *sb);
    sb->memory_limit = memory_limit;
    if (geteuid() != 0) {
        /* nothing to drop: probes run as whoever runs hascout */
        sb->uid = geteuid();
        sb->gid = getegid();
        snprintf(sb->user, sizeof sb->user, "uid %u", (unsigned)sb->uid);
        return 0;
    }
    if (!user || !*user)
        user = lookup(HS_PROBE_USER_DEFAULT, &pw, buf, sizeof buf) == 0 ? HS_PROBE_USER_DEFAULT
                                                                        : HS_PROBE_USER_FALLBACK;
    if (lookup(user, &pw, buf, sizeof buf) < 0) {
        snprintf(why, len, "probe_user '%.60s' does not exist on this host", user);
        return -1;
    }
    sb->uid = pw.pw_uid;
    sb->gid = pw.pw_gid;
    sb->drop = pw.pw_uid != 0;
    snprintf(sb->user, sizeof sb->user, "%s", pw.pw_name);
    ng = (int)(sizeof sb->groups / sizeof sb->groups[0]);
    if (getgrouplist(pw.pw_name, pw.pw_gid, sb->groups, &ng) < 0)
        ng = (int)(sizeof sb->groups / sizeof sb->groups[0]); /* the first 64 */
    sb->ngroups = ng;
    return 0;
}

static int limit(int res, rlim_t v)
{
    struct rlimit rl;
    if (getrlimit(res, &rl) < 0)
        return -1;
    /* never raise: a lower limit set by the operator stays */
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < v)
        v = rl.rlim_max;
    rl.rlim_cur = rl.rlim_max = v;
    return setrlimit(res, &rl);
}

size_t hs_sandbox_data_now(void)
{
    FILE *f = fopen("/proc/self/status", "re");
    char line[128];
    unsigned long kib = 0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmData: %lu kB", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return (size_t)kib << 10;
}

int hs_sandbox_memory_limit(size_t mib, size_t base)
{
    /* on top of what is mapped already: the probe's start-up image is not
     * its to spend, and a sanitizer's shadow memory counts as data too */
    if (!mib)
        return 0;
    return limit(RLIMIT_DATA, (rlim_t)(base ? base : hs_sandbox_data_now()) + ((rlim_t)mib << 20));
}

uint64_t hs_sandbox_cap_parse(const char *name)
{
    return name && strcmp(name, "net_raw") == 0 ? (uint64_t)1 << CAP_NET_RAW : 0;
}

/* After the switch to the probe user with PR_SET_KEEPCAPS: the permitted
 * set still holds all of root's capabilities (the effective one is empty).
 * Cut it to `caps`, make them effective and inheritable, and raise them as
 * ambient ones, which survive execve under NO_NEW_PRIVS. No libcap: the
 * two syscalls are all it would do. 0, or -1 with errno set. */
static int keep_caps(uint64_t caps)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    int cap;

    memset(data, 0, sizeof data);
    data[0].permitted = data[0].effective = data[0].inheritable = (uint32_t)caps;
    data[1].permitted = data[1].effective = data[1].inheritable = (uint32_t)(caps >> 32);
    if (syscall(SYS_capset, &hdr, data) < 0)
        return -1;
    for (cap = 0; cap < 64; cap++)
        if ((caps >> cap) & 1 && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
            return -1;
    return prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
}

int hs_sandbox_enter(const struct hs_sandbox *sb, char *why, size_t len)
{
    if (sb->drop) {
        /* without it the switch below empties the permitted set */
        if (sb->caps && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) {
            snprintf(why, len, "PR_SET_KEEPCAPS: %s", strerror(errno));
            return -1;
        }
        if (setgroups((size_t)sb->ngroups, sb->groups) < 0 ||
            setresgid(sb->gid, sb->gid, sb->gid) < 0 || setresuid(sb->uid, sb->uid, sb->uid) < 0) {
            snprintf(why, len, "cannot switch to probe_user '%s': %s", sb->user, strerror(errno));
            return -1;
        }
        /* a switch that silently kept root would be worse than none */
        if (getuid() == 0 || geteuid() == 0 || setuid(0) == 0) {
            snprintf(why, len, "still root after switching to probe_user '%s'", sb->user);
            return -1;
        }
        if (sb->caps && keep_caps(sb->caps) < 0) {
            snprintf(why, len, "cannot keep probe_caps as probe_user '%s': %s", sb->user,
                     strerror(errno));
            return -1;
        }
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
        snprintf(why, len, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
        return -1;
    }
    if (limit(RLIMIT_CORE, 0) < 0 || limit(RLIMIT_FSIZE, HS_FILE_LIMIT) < 0 ||
        hs_sandbox_memory_limit(sb->memory_limit, 0) < 0) {
        snprintf(why, len, "cannot set the probe's limits: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int hs_close_fds_except(int keep)
{
    if (keep > 3) {
        if (dup2(keep, 3) < 0)
            return -1;
        keep = 3;
    } else if (keep < 3) {
        return -1; /* 0..2 are stdio: callers keep their pipe above them */
    }
    if (close_range(4, ~0U, 0) < 0) {
        /* kernels before 5.9: the slow way */
        long max = sysconf(_SC_OPEN_MAX);
        for (long fd = 4; fd < (max > 0 ? max : 1024); fd++)
            close((int)fd);
    }
    return keep;
}

static int in_groups(const struct hs_sandbox *sb, gid_t g)
{
    for (int i = 0; i < sb->ngroups; i++)
        if (sb->groups[i] == g)
            return 1;
    return g == sb->gid;
}

/* May the user do `bit` (4 read, 1 search) on st? */
static int allowed(const struct hs_sandbox *sb, const struct stat *st, unsigned bit)
{
    if (sb->uid == 0)
        return 1;
    if (st->st_uid == sb->uid)
        return (st->st_mode & (bit << 6)) != 0;
    if (in_groups(sb, st->st_gid))
        return (st->st_mode & (bit << 3)) != 0;
    return (st->st_mode & bit) != 0;
}

int hs_sandbox_can_read(const struct hs_sandbox *sb, const char *path)
{
    char real[PATH_MAX];
    struct stat st;

    if (!realpath(path, real) || stat(real, &st) < 0 || !allowed(sb, &st, 4))
        return 0;
    /* every directory above must let the user through */
    for (char *slash = strrchr(real, '/'); slash; slash = strrchr(real, '/')) {
        *slash = '\0';
        if (stat(*real ? real : "/", &st) < 0 || !allowed(sb, &st, 1))
            return 0;
        if (!*real)
            break;
    }
    return 1;
}
