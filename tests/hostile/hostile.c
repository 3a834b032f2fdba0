/* hostile.c — hostile plugins for tests/hostile/test-hostile.sh, one per
 * HOSTILE value; the test script compiles this file once per fixture:
 *
 *   cc -shared -fPIC -pthread -I$top_srcdir/core $(pkg-config --cflags libconfig) \
 *      -DHOSTILE=N -DHNAME='"stem"' -DHMARKDIR='"/dir"' [-DHSLEEP=S] -o stem.so hostile.c
 *
 * HNAME must equal the file stem (the loader refuses a mismatch). Every
 * fixture's constructor appends "pid uid" to HMARKDIR/HNAME.ctor, so a test
 * can tell whether (and as whom) its code ever ran. HMARKDIR should be a
 * 1777 directory: probes may run as an unprivileged user.
 *
 *   1  runtime behaviours picked by the target's `behaviour` key (below)
 *   2  constructor starts a thread that calls _exit(42) 0.3 s later;
 *      probe() takes 2 s, so a probe of it never returns a result
 *   3  constructor ignores SIGTERM and SIGINT; probe() touches
 *      HMARKDIR/HNAME.probing and sleeps `delay` seconds (default 3)
 *   4  constructor sleeps HSLEEP seconds
 *   5  constructor only writes the marker (an untrusted, valid plugin)
 *   6  constructor only writes the marker, and no entry symbol: not a plugin
 *
 * Behaviours of HOSTILE=1 (target keys: behaviour, pidfile, delay, mib):
 *   observe    report what the probe process may do, as metrics of
 *              component "self": uid, euid, gid, no_new_privs, dumpable,
 *              nfds (open fds), core_soft/core_hard, as_soft, data_soft
 *              (RLIM_INFINITY as -1), data_vm (VmData now, bytes), label
 *              "fds" = the open fd numbers
 *   sigterm    ignore SIGTERM/SIGINT/SIGHUP, then hang
 *   closefds   close every fd 0..1023, then return a normal result
 *   writefds   write junk to every fd 0..1023, then return a normal result
 *   grandchild fork a child (same process group) that writes its pid to
 *              `pidfile` and sleeps; return a normal result at once
 *   setsid     the same, but the child calls setsid() first
 *   unlock     flock(fd, LOCK_UN) on every fd 0..1023, touch `pidfile`,
 *              sleep `delay` s, return a normal result
 *   pidsleep   write its own pid to `pidfile`, sleep `delay` s, return a
 *              normal result (for a test that freezes it: D state)
 *   hog        allocate and touch `mib` MiB, report it as metric
 *              allocated_mib; fail the probe if the allocation fails
 *   secret     read its own secret with hs_config_secret(t, "password")
 *              (key password_file) in configure() and compare it with the
 *              key `expect`: metric secret_ok 1/0 (never the secret); then
 *              try to open the file `steal` (another target's secret) and
 *              report metric steal_errno (0 when it could read it)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <hascout/plugin.h>

#ifndef HOSTILE
#error "compile with -DHOSTILE=N"
#endif
#ifndef HNAME
#error "compile with -DHNAME='\"stem\"'"
#endif
#ifndef HMARKDIR
#define HMARKDIR "/tmp"
#endif
#ifndef HSLEEP
#define HSLEEP 4
#endif

#define UNUSED __attribute__((unused))

UNUSED static void sleep_for(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static void mark(const char *suffix)
{
    char path[4096], line[64];
    int fd, n;
    snprintf(path, sizeof path, "%s/%s.%s", HMARKDIR, HNAME, suffix);
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd < 0)
        return;
    n = snprintf(line, sizeof line, "%ld %ld\n", (long)getpid(), (long)getuid());
    if (write(fd, line, (size_t)n) < 0)
        n = 0;
    close(fd);
}

#if HOSTILE == 2
static void *exit_later(void *arg)
{
    (void)arg;
    sleep_for(0.3);
    _exit(42);
    return NULL;
}
#endif

__attribute__((constructor)) static void hostile_ctor(void)
{
    mark("ctor");
#if HOSTILE == 2
    pthread_t t;
    if (pthread_create(&t, NULL, exit_later, NULL) == 0)
        pthread_detach(t);
#elif HOSTILE == 3
    signal(SIGTERM, SIG_IGN);
    signal(SIGINT, SIG_IGN);
#elif HOSTILE == 4
    sleep_for(HSLEEP);
#endif
}

#if HOSTILE != 6

struct hstate {
    const char *behaviour, *pidfile, *steal;
    double delay, mib;
    int secret_ok;
};

static int configure(const config_setting_t *t, void **out, hs_error *err)
{
    struct hstate *st = calloc(1, sizeof *st);
    if (!st) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    /* unknown keys are tolerated on purpose: the core may add per-target
     * keys (probe_user, memory_limit) that reach the plugin */
    if (hs_config_string(t, "behaviour", "normal", &st->behaviour, err) < 0 ||
        hs_config_string(t, "pidfile", NULL, &st->pidfile, err) < 0 ||
        hs_config_number(t, "delay", HOSTILE == 3 ? 3 : 0, &st->delay, err) < 0 ||
        hs_config_number(t, "mib", 64, &st->mib, err) < 0 ||
        hs_config_string(t, "steal", NULL, &st->steal, err) < 0) {
        free(st);
        return -1;
    }
    if (strcmp(st->behaviour, "secret") == 0) {
        char buf[256];
        const char *expect = NULL;
        if (hs_config_string(t, "expect", "", &expect, err) < 0 ||
            hs_config_secret(t, "password", buf, sizeof buf, err) < 0) {
            free(st);
            return -1;
        }
        st->secret_ok = strcmp(buf, expect) == 0;
    }
    *out = st;
    return 0;
}

static void release(void *p)
{
    free(p);
}

static double lim(int res, int hard)
{
    struct rlimit rl;
    rlim_t v;
    if (getrlimit(res, &rl) < 0)
        return -2;
    v = hard ? rl.rlim_max : rl.rlim_cur;
    return v == RLIM_INFINITY ? -1 : (double)v;
}

/* VmData: the private writable memory mapped now, bytes (-1: unknown) */
static double data_vm(void)
{
    FILE *f = fopen("/proc/self/status", "re");
    char line[128];
    double kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmData: %lf kB", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib < 0 ? -1 : kib * 1024;
}

/* Whether capability `cap` is in the effective set (CapEff), -1 unknown. */
static double cap_eff(int cap)
{
    FILE *f = fopen("/proc/self/status", "re");
    char line[128];
    unsigned long long mask = 0;
    int found = 0;
    while (f && !found && fgets(line, sizeof line, f))
        found = sscanf(line, "CapEff: %llx", &mask) == 1;
    if (f)
        fclose(f);
    return found ? (double)((mask >> cap) & 1) : -1;
}

static void observe(hs_probe *p)
{
    hs_component *c = hs_probe_component(p, "self", "process", NULL, HS_STATE_UP);
    char fds[1024] = "";
    size_t used = 0;
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (d) {
        struct dirent *e;
        int self = dirfd(d);
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.' || atoi(e->d_name) == self)
                continue;
            n++;
            if (used + strlen(e->d_name) + 2 < sizeof fds)
                used += (size_t)snprintf(fds + used, sizeof fds - used, "%s%s", used ? "," : "",
                                         e->d_name);
        }
        closedir(d);
    } else {
        n = -1;
    }
    hs_component_metric(c, "uid", getuid(), "");
    hs_component_metric(c, "euid", geteuid(), "");
    hs_component_metric(c, "gid", getgid(), "");
    hs_component_metric(c, "no_new_privs", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), "");
    hs_component_metric(c, "dumpable", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), "");
    hs_component_metric(c, "nfds", n, "");
    hs_component_metric(c, "core_soft", lim(RLIMIT_CORE, 0), "B");
    hs_component_metric(c, "core_hard", lim(RLIMIT_CORE, 1), "B");
    hs_component_metric(c, "as_soft", lim(RLIMIT_AS, 0), "B");
    hs_component_metric(c, "data_soft", lim(RLIMIT_DATA, 0), "B");
    hs_component_metric(c, "data_vm", data_vm(), "B");
    hs_component_metric(c, "cap_net_raw", cap_eff(13), ""); /* CAP_NET_RAW */
    hs_component_metric(c, "cap_setuid", cap_eff(7), "");   /* CAP_SETUID */
    hs_component_label(c, "fds", fds);
}

static void write_pidfile_of(const char *path, long pid)
{
    char buf[32];
    int fd, n;
    if (!path)
        return;
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0)
        return;
    n = snprintf(buf, sizeof buf, "%ld\n", pid);
    if (write(fd, buf, (size_t)n) < 0)
        n = 0;
    close(fd);
}

static void write_pidfile(const char *path)
{
    write_pidfile_of(path, (long)getpid());
}

static void spawn_lingerer(const char *pidfile, int new_session)
{
    pid_t pid = fork();
    if (pid > 0) {
        /* written here, before the probe returns: the test never races the
         * child's own start against its being killed */
        write_pidfile_of(pidfile, (long)pid);
        return;
    }
    if (pid < 0)
        return;
    if (new_session)
        setsid();
    sleep_for(60);
    _exit(0);
}

static int probe(void *vst, hs_probe *p)
{
    struct hstate *st = vst;
    const char *b = st->behaviour;

#if HOSTILE == 2
    sleep_for(2); /* the constructor's thread ends this process first */
#elif HOSTILE == 3
    mark("probing");
    sleep_for(st->delay);
#endif
    if (strcmp(b, "observe") == 0) {
        observe(p);
        return 0;
    }
    if (strcmp(b, "sigterm") == 0) {
        signal(SIGTERM, SIG_IGN);
        signal(SIGINT, SIG_IGN);
        signal(SIGHUP, SIG_IGN);
        for (;;)
            pause();
    }
    if (strcmp(b, "closefds") == 0)
        for (int fd = 0; fd < 1024; fd++)
            close(fd);
    if (strcmp(b, "writefds") == 0) {
        static const char junk[] = "\x01\xffHOSTILE-JUNK{not json]]\n";
        for (int fd = 0; fd < 1024; fd++)
            if (write(fd, junk, sizeof junk - 1) < 0)
                continue;
    }
    if (strcmp(b, "grandchild") == 0)
        spawn_lingerer(st->pidfile, 0);
    if (strcmp(b, "setsid") == 0)
        spawn_lingerer(st->pidfile, 1);
    if (strcmp(b, "unlock") == 0) {
        for (int fd = 0; fd < 1024; fd++)
            flock(fd, LOCK_UN);
        write_pidfile(st->pidfile);
        sleep_for(st->delay);
    }
    if (strcmp(b, "secret") == 0) {
        hs_component *c = hs_probe_component(p, "self", "process", NULL, HS_STATE_UP);
        int fd = st->steal ? open(st->steal, O_RDONLY) : -1;
        hs_component_metric(c, "secret_ok", st->secret_ok, "");
        hs_component_metric(c, "steal_errno", fd >= 0 ? 0 : errno, "");
        if (fd >= 0)
            close(fd);
        return 0;
    }
    if (strcmp(b, "pidsleep") == 0) {
        write_pidfile(st->pidfile);
        sleep_for(st->delay);
    }
    if (strcmp(b, "hog") == 0) {
        size_t len = (size_t)(st->mib * 1048576.0);
        char *m = malloc(len);
        if (!m) {
            hs_probe_fail(p, "could not allocate %g MiB", st->mib);
            return -1;
        }
        for (size_t i = 0; i < len; i += 4096)
            m[i] = 1;
        hs_component_metric(hs_probe_component(p, "self", "process", NULL, HS_STATE_UP),
                            "allocated_mib", st->mib, "MiB");
        free(m);
        return 0;
    }
    hs_probe_component(p, "self", "process", NULL, HS_STATE_UP);
    return 0;
}

static int score(void *st, const hs_probe *p, hs_verdict *v)
{
    (void)st;
    (void)p;
    hs_verdict_health(v, 100);
    return 0;
}

static const struct hs_plugin desc = {
    .abi_version = HS_PLUGIN_ABI_VERSION,
    .name = HNAME,
    .version = "0",
    .technology = HNAME,
    .ha_class = HS_CLASS_OTHER,
    .scores = {3, 3, 3, NULL, NULL, NULL},
    .description = "hostile fixture",
    .configure = configure,
    .probe = probe,
    .score = score,
    .release = release,
};
HS_PLUGIN_DEFINE(desc)

#else /* HOSTILE == 6: a shared object without the entry symbol */
int hs_hostile_not_a_plugin(void);
int hs_hostile_not_a_plugin(void)
{
    return 42;
}
#endif
