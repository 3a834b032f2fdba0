/* probehost.c — one plugin loaded once, its probes forked from here
 * (probehost.h). Everything in this file runs in the host process, after
 * the root parent forked it and before any plugin code, unless said. */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "util/error.h"
#include "host/loader.h"
#include "host/probehost.h"
#include "util/procutil.h"
#include "host/runner.h"
#include "abi/secrets.h"

static int send_frame(int fd, enum hs_frame_kind kind, size_t idx, const char *data, size_t len,
                      double duration, size_t outbytes)
{
    struct hs_frame f = {HS_FRAME_MAGIC, (uint32_t)kind,    (uint32_t)idx, 0,
                         duration,       (uint64_t)outbytes};
    if (len > HS_FRAME_MAX)
        len = HS_FRAME_MAX; /* the parent refuses it as too large anyway */
    f.len = (uint32_t)len;
    if (hs_write_all(fd, &f, sizeof f) < 0 || hs_write_all(fd, data, len) < 0)
        return -1;
    return 0;
}

static void send_fail(const struct hs_host_job *job, size_t i, const char *why, double duration,
                      size_t outbytes)
{
    send_frame(job->result_fd, HS_FRAME_FAIL, i, why, strlen(why), duration, outbytes);
}

/* Close every fd but `keep` and the job's secret pipes: the run lock, the
 * parent's other pipes and whatever else the root parent held stay out of
 * reach of plugin code. */
static void close_foreign_fds(const struct hs_host_job *job)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int dfd = d ? dirfd(d) : -1;

    if (!d) {
        /* no /proc: the secret pipes are lost, the rest still closed */
        hs_close_fds_except(job->result_fd);
        return;
    }
    while ((e = readdir(d))) {
        int fd = atoi(e->d_name), keep = fd <= 2 || fd == dfd || fd == job->result_fd;
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        for (size_t i = 0; !keep && i < job->n; i++)
            keep = job->secret_fds[i] == fd;
        if (!keep)
            close(fd);
    }
    closedir(d);
}

/* The probe child: take this target's secrets, shed every other fd, set
 * its memory limit, and run the plugin. Never returns. */
static void probe_child(const struct hs_host_job *job, size_t i, const struct hs_plugin *desc,
                        struct hs_child *ch, size_t data_base)
{
    const struct hs_target *t = job->targets[i];
    char *doc;
    int fd;

    prctl(PR_SET_PDEATHSIG, SIGKILL);
    hs_secrets_reset();
    if (job->secret_fds[i] >= 0 && hs_secrets_load(job->secret_fds[i]) < 0)
        _exit(72);
    fd = hs_close_fds_except(ch->result_fd);
    if (fd < 0)
        _exit(73);
    hs_sandbox_memory_limit(t->memory_limit, data_base);
    doc = hs_runner_child_work(t, job->path, desc, ch->deadline);
    if (doc)
        hs_write_all(fd, doc, strlen(doc));
    _exit(doc ? 0 : 70);
}

struct slot {
    struct hs_child ch;
    size_t idx;
    int busy;
};

/* A probe ended: send its result or why it has none. */
static void finish(const struct hs_host_job *job, struct slot *s)
{
    char why[1024];
    double duration = hs_now() - s->ch.started;
    if (hs_child_failure(&s->ch, why, sizeof why)) {
        if (s->ch.outbytes && !s->ch.flooded) {
            size_t l = strlen(why);
            snprintf(why + l, sizeof why - l, "; its output began: %.120s", s->ch.outhead);
            for (char *c = why + l; *c; c++)
                if ((unsigned char)*c < 0x20)
                    *c = ' ';
        }
        send_fail(job, s->idx, why, duration, s->ch.outbytes);
    } else {
        send_frame(job->result_fd, HS_FRAME_DOC, s->idx, s->ch.result, s->ch.rlen, duration,
                   s->ch.outbytes);
    }
    hs_child_release(&s->ch);
    s->busy = 0;
}

/* Kill what the finished probes left behind: orphans of a probe are our
 * children now (subreaper), and any child not in a busy slot is one. */
static void sweep(const struct slot *slots, int par)
{
    pid_t keep[1024];
    size_t nk = 0;
    for (int k = 0; k < par && nk < 1024; k++)
        if (slots[k].busy)
            keep[nk++] = slots[k].ch.pid;
    hs_reap_stragglers(keep, nk, 0);
}

static int start_next(const struct hs_host_job *job, struct slot *slots, int par, size_t i,
                      const struct hs_plugin *desc, size_t data_base)
{
    struct slot *s = NULL;
    char msg[256];
    for (int k = 0; k < par && !s; k++)
        if (!slots[k].busy)
            s = &slots[k];
    if (hs_child_spawn(&s->ch, job->targets[i]->deadline, NULL) < 0) {
        snprintf(msg, sizeof msg, "cannot fork a probe process: %s", strerror(errno));
        send_fail(job, i, msg, 0, 0);
        return -1;
    }
    if (s->ch.pid == 0)
        probe_child(job, i, desc, &s->ch, data_base);
    /* the child has its copy: ours is no longer needed */
    if (job->secret_fds[i] >= 0)
        close(job->secret_fds[i]);
    s->idx = i;
    s->busy = 1;
    return 0;
}

/* Poll the busy slots once, at most until the nearest deadline; finish the
 * probes that ended. Returns how many finished. */
static size_t poll_slots(const struct hs_host_job *job, struct slot *slots, int par,
                         struct pollfd *pfds, int *pslot)
{
    double now = hs_now();
    int np = 0, ms = 100;
    size_t ended = 0;

    for (int k = 0; k < par; k++) {
        struct slot *s = &slots[k];
        int lm;
        if (!s->busy)
            continue;
        /* closed pipes: the child is exiting; at the deadline: kill it */
        if ((s->ch.result_fd < 0 && s->ch.out_fd < 0) || now >= s->ch.deadline) {
            if (hs_child_poll_done(&s->ch, HS_PROTO_MAX_BYTES)) {
                finish(job, s);
                ended++;
                continue;
            }
            ms = 1;
        }
        if (s->ch.result_fd >= 0) {
            pslot[np] = k;
            pfds[np++] = (struct pollfd){.fd = s->ch.result_fd, .events = POLLIN};
        }
        if (s->ch.out_fd >= 0) {
            pslot[np] = k;
            pfds[np++] = (struct pollfd){.fd = s->ch.out_fd, .events = POLLIN};
        }
        lm = s->ch.deadline - now <= 0 ? 0 : (int)((s->ch.deadline - now) * 1000) + 1;
        if (lm < ms)
            ms = lm;
    }
    if (ended)
        return ended;
    {
        int r = np > 0 ? poll(pfds, (nfds_t)np, ms) : (usleep((useconds_t)ms * 1000), 0);
        /* read what arrived; a slot whose pipes both closed is reaped on
         * the next pass */
        for (int q = 0; r > 0 && q < np; q++)
            if (pfds[q].revents)
                hs_child_pump(&slots[pslot[q]].ch, HS_PROTO_MAX_BYTES);
    }
    return 0;
}

/* Touch the encoder once so lazy symbol binding and allocator set-up
 * happen here, once, not again in every child. */
static void warm_up(void)
{
    hs_probe *p = hs_probe_new("warm-up", 0);
    hs_verdict *v = hs_verdict_new();
    if (p && v) {
        hs_component *c = hs_probe_component(p, "c", "node", NULL, HS_STATE_UP);
        hs_component_metric(c, "m", 1, "s");
        hs_verdict_raise(v, HS_WARNING, "warm-up");
        free(hs_proto_encode(p, v, NULL, 0));
    }
    hs_probe_free(p);
    hs_verdict_free(v);
}

/* Load the plugin after checking the file; tell the parent what it is.
 * Returns its descriptor, or NULL after failing every target. */
static const struct hs_plugin *load(const struct hs_host_job *job)
{
    const struct hs_plugin *d = NULL;
    void *handle = NULL;
    hs_error err;
    char msg[1400];
    char *info;

    hs_error_clear(&err);
    /* the parent checked the file's trust as root (runner.c) */
    if (hs_plugin_open(job->path, &d, &handle, &err) < 0)
        d = NULL;
    info = hs_plugin_describe(d, d ? NULL : err.msg);
    if (info)
        send_frame(job->result_fd, HS_FRAME_INFO, 0, info, strlen(info), 0, 0);
    free(info);
    if (!d) {
        snprintf(msg, sizeof msg, "plugin '%s' refused (%s): %s", job->plugin, job->path, err.msg);
        for (size_t i = 0; i < job->n; i++)
            send_fail(job, i, msg, 0, 0);
    }
    /* the handle stays open until the host exits: probes use its code */
    return d;
}

void hs_probe_host_run(const struct hs_host_job *job)
{
    int par = job->max_parallel > 0 ? job->max_parallel : 1;
    struct slot *slots = NULL;
    struct pollfd *pfds = NULL;
    int *pslot = NULL;
    const struct hs_plugin *desc;
    char why[256];
    size_t next = 0, done = 0, data_base;
    int running = 0;

    close_foreign_fds(job);
    /* die with the parent; collect what our probes orphan */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    if (hs_sandbox_enter(job->sb, why, sizeof why) < 0) {
        for (size_t i = 0; i < job->n; i++)
            send_fail(job, i, why, 0, 0);
        _exit(71);
    }
    desc = load(job);
    if (!desc)
        _exit(0);
    if ((size_t)par > job->n)
        par = (int)job->n;
    slots = calloc((size_t)par, sizeof *slots);
    pfds = calloc((size_t)par * 2, sizeof *pfds);
    pslot = calloc((size_t)par * 2, sizeof *pslot);
    if (!slots || !pfds || !pslot) {
        for (size_t i = 0; i < job->n; i++)
            send_fail(job, i, "out of memory in the probe host", 0, 0);
        _exit(70);
    }
    warm_up();
    /* a probe starts as a copy of this image: measured once, here */
    data_base = hs_sandbox_data_now();
    while (done < job->n) {
        size_t ended;
        while (running < par && next < job->n) {
            if (start_next(job, slots, par, next++, desc, data_base) < 0)
                done++;
            else
                running++;
        }
        if (done >= job->n)
            break;
        ended = poll_slots(job, slots, par, pfds, pslot);
        if (ended) {
            running -= (int)ended;
            done += ended;
            sweep(slots, par);
        }
    }
    /* nothing a probe started outlives the host */
    hs_reap_stragglers(NULL, 0, 1.0);
    _exit(0);
}
