/* runner.c — the root parent's side of a run: a probe host per plugin and
 * user (probehost.c), their framed results validated, their deadlines kept.
 *
 * The parent only validates what comes back (serialize.c); it never maps
 * plugin code, so a crash, hang, exit, flood or garbage costs one target,
 * and a constructor that misbehaves costs its own plugin's targets. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "util/error.h"
#include "host/loader.h"
#include "host/probehost.h"
#include "util/procutil.h"
#include "host/runner.h"
#include "util/sandbox.h"
#include "abi/secrets.h"
#include "host/serialize.h"
#include "util/trust.h"
#include "abi/warn.h"

void hs_target_result_free(struct hs_target_result *r)
{
    if (!r)
        return;
    free(r->error);
    hs_probe_free(r->probe);
    hs_verdict_free(r->verdict);
    hs_strv_free(&r->warnings);
    memset(r, 0, sizeof *r);
}

static char *failure_doc(const char *target, const char *why)
{
    hs_probe *p = hs_probe_new(target, 0);
    char *doc;
    if (!p)
        return NULL;
    hs_probe_fail(p, "%s", why);
    doc = hs_proto_encode(p, NULL, NULL, 0);
    hs_probe_free(p);
    return doc;
}

char *hs_runner_child_work(const struct hs_target *t, const char *plugin_path,
                           const struct hs_plugin *preloaded, double deadline)
{
    const struct hs_plugin *d = preloaded;
    void *handle = NULL, *state = NULL;
    hs_probe *p = NULL;
    hs_verdict *v = NULL;
    hs_error err;
    char *doc = NULL;
    const char **warns = NULL;
    size_t nw;
    int configured = 0;

    hs_error_clear(&err);
    hs_warn_reset();
    hs_debug_reset();
    if (!d && hs_plugin_open(plugin_path, &d, &handle, &err) < 0) {
        hs_error_prefix(&err, "plugin '%s' refused (%s)", t->plugin, plugin_path);
        doc = failure_doc(t->name, err.msg);
        goto out;
    }
    p = hs_probe_new(t->name, deadline);
    if (!p)
        goto out;
    if (d->configure(t->setting, &state, &err) < 0) {
        hs_probe_fail(p, "configuration: %s", err.msg[0] ? err.msg : "rejected");
        goto encode;
    }
    configured = 1;
    if (d->probe(state, p) < 0) {
        if (!p->fail)
            hs_probe_fail(p, "probe failed without saying why");
        goto encode;
    }
    if (p->fail) {
        /* a probe that reported failure yet returned 0: trust the failure */
        goto encode;
    }
    if (p->malformed) {
        hs_probe_fail(p, "malformed result from plugin: %s", p->malformed);
        goto encode;
    }
    v = hs_verdict_new();
    if (!v)
        goto encode;
    if (d->score(state, p, v) < 0 && v->status != HS_UNKNOWN)
        hs_verdict_raise(v, HS_UNKNOWN, "scoring failed");
encode:
    if (configured && d->release)
        d->release(state);
    hs_debug_move(&p->debug);
    nw = hs_warn_count();
    warns = calloc(nw + 1, sizeof *warns);
    for (size_t i = 0; warns && i < nw; i++)
        warns[i] = hs_warn_at(i);
    doc = hs_proto_encode(p, p->fail ? NULL : v, warns, warns ? nw : 0);
out:
    free(warns);
    hs_probe_free(p);
    hs_verdict_free(v);
    /* the handle stays open: the child exits right after writing */
    (void)handle;
    return doc;
}

/* One probe host: the targets of one plugin that run as one user with one
 * set of probe_caps. */
struct host {
    char *path;         /* the plugin file, owned */
    const char *plugin; /* its name, borrowed */
    struct hs_sandbox sb;
    size_t *idx, n; /* the run's target indices, owned */
    struct hs_child ch;
    double load_deadline; /* absolute: the plugin must be loaded by then */
    double run_time;      /* seconds its probes may take once loaded */
    size_t parsed;        /* bytes of ch.result consumed as frames */
    int loaded, spawned, done;
    char *bad; /* why the host's frames were refused, owned */
};

static void set_error(struct hs_target_result *r, const char *msg)
{
    if (!r->error && !r->probe)
        r->error = strdup(msg);
}

/* A frame's payload: what the host says of one target. */
static void take_result(const struct hs_frame *f, const char *data, const struct hs_target *t,
                        struct hs_target_result *r)
{
    char why[1024], err[512];
    r->duration = f->duration;
    if (f->kind == HS_FRAME_FAIL) {
        snprintf(why, sizeof why, "%.*s", (int)f->len, data);
        for (char *c = why; *c; c++)
            if ((unsigned char)*c < 0x20)
                *c = ' ';
        r->error = strdup(why);
    } else if (hs_proto_decode(data, f->len, t->name, &r->probe, &r->verdict, &r->warnings, err,
                               sizeof err) < 0) {
        snprintf(why, sizeof why, "malformed result: %s", err);
        r->error = strdup(why);
    } else if (r->probe->fail) {
        r->error = strdup(r->probe->fail);
    }
    if (!r->error && f->outbytes) {
        snprintf(why, sizeof why, "plugin wrote %llu bytes to stdout/stderr (ignored)",
                 (unsigned long long)f->outbytes);
        hs_strv_push(&r->warnings, why);
    }
    if (r->error || !r->verdict) {
        r->status = HS_UNKNOWN;
        r->health = NAN;
        if (!r->error)
            r->error = strdup("no verdict");
    } else {
        r->status = r->verdict->status;
        r->health = hs_verdict_effective_health(r->verdict);
    }
}

/* Consume the complete frames in h's buffer. A host is plugin code's
 * neighbour: anything out of protocol ends its say (h->bad). Returns the
 * number of target results taken. */
static size_t take_frames(struct host *h, const struct hs_target *const *targets,
                          struct hs_target_result *results, struct hs_run_opts *opts)
{
    size_t got = 0;
    while (!h->bad && h->ch.result) {
        struct hs_frame f;
        const char *data;
        int r = hs_frame_parse(h->ch.result + h->parsed, h->ch.rlen - h->parsed, h->n, &f, &data);
        if (r < 0)
            h->bad = strdup("the probe host broke the frame protocol");
        if (r <= 0)
            break; /* broken, or the rest is on its way */
        h->parsed += sizeof f + f.len;
        if (f.kind == HS_FRAME_INFO) {
            struct hs_plugin_info *v;
            if (h->loaded++)
                continue;
            /* loaded: its probes get their own deadlines from now on */
            h->ch.deadline = hs_now() + h->run_time;
            v = realloc(opts->infos, (opts->ninfos + 1) * sizeof *v);
            if (v) {
                opts->infos = v;
                if (hs_plugin_info_parse(data, f.len, h->path, &v[opts->ninfos]) == 0)
                    opts->ninfos++;
            }
            continue;
        }
        {
            size_t i = h->idx[f.idx];
            if (results[i].error || results[i].probe)
                continue; /* said twice: the first stands */
            take_result(&f, data, targets[i], &results[i]);
            got++;
        }
    }
    /* keep only what is not consumed: the buffer stays one frame long */
    if (h->parsed && h->ch.result) {
        memmove(h->ch.result, h->ch.result + h->parsed, h->ch.rlen - h->parsed);
        h->ch.rlen -= h->parsed;
        h->ch.result[h->ch.rlen] = '\0';
        h->parsed = 0;
    }
    return got;
}

/* Group the targets into hosts: by plugin file, probe user and caps. Targets
 * that cannot run get their error here. Returns the host count. */
static size_t plan_hosts(const struct hs_target *const *targets, size_t n,
                         const struct hs_run_opts *opts, struct hs_target_result *results,
                         struct host *hosts, size_t *hostof)
{
    size_t nh = 0;
    /* user look-ups read /etc/passwd and /etc/group: once per name */
    const char *last_user = NULL;
    struct hs_sandbox last;
    int have_last = 0;
    for (size_t i = 0; i < n; i++) {
        struct hs_sandbox sb;
        char why[1024], *path;
        size_t h;
        const char *u = targets[i]->probe_user;
        if (have_last && (u == last_user || (u && last_user && strcmp(u, last_user) == 0))) {
            sb = last;
        } else if (hs_sandbox_resolve(u, 0, &sb, why, sizeof why) < 0) {
            results[i].error = strdup(why);
            continue;
        } else {
            last = sb;
            last_user = u;
            have_last = 1;
        }
        sb.memory_limit = targets[i]->memory_limit;
        sb.caps = targets[i]->caps;
        path = hs_plugin_find(opts->plugin_dirs, targets[i]->plugin);
        if (!path) {
            char msg[1024];
            size_t l =
                (size_t)snprintf(msg, sizeof msg, "plugin '%s' not found in:", targets[i]->plugin);
            for (size_t d = 0; opts->plugin_dirs && opts->plugin_dirs[d] && l < sizeof msg; d++)
                l += (size_t)snprintf(msg + l, sizeof msg - l, " %s", opts->plugin_dirs[d]);
            results[i].error = strdup(msg);
            continue;
        }
        for (h = 0; h < nh; h++)
            /* caps too: a target without probe_caps never shares a host
             * (and so a process) with one that has them */
            if (strcmp(hosts[h].path, path) == 0 && hosts[h].sb.uid == sb.uid &&
                hosts[h].sb.drop == sb.drop && hosts[h].sb.caps == sb.caps)
                break;
        if (h < nh) {
            free(path); /* checked when its host was planned */
        } else if (hs_trust_path(path, 0, why, sizeof why) < 0) {
            /* as root, before any host drops to the probe user: a file that
             * user owns would pass the check as "owned by the real uid" */
            char msg[1400];
            snprintf(msg, sizeof msg, "plugin '%s' refused (%s): not trusted: %s",
                     targets[i]->plugin, path, why);
            results[i].error = strdup(msg);
            free(path);
            continue;
        } else {
            hosts[nh].path = path;
            hosts[nh].plugin = targets[i]->plugin;
            hosts[nh].sb = sb;
            hosts[nh].sb.memory_limit = 0; /* per probe: the host keeps none */
            hosts[nh].idx = calloc(n, sizeof *hosts[nh].idx);
            hosts[nh].load_deadline = 1e9;
            nh++;
        }
        if (!hosts[h].idx) {
            results[i].error = strdup("out of memory");
            continue;
        }
        hostof[i] = h;
        hosts[h].idx[hosts[h].n++] = i;
    }
    return nh;
}

/* Fork host h. Its load deadline is the shortest of its targets' (a
 * constructor that sleeps cannot stretch the run), then every probe gets
 * its own deadline; the host as a whole is bounded by the schedule its
 * parallelism allows. */
static void spawn_host(struct host *h, const struct hs_target *const *targets,
                       const int *secret_fds, int par, struct hs_target_result *results)
{
    const struct hs_target **mine = calloc(h->n + 1, sizeof *mine);
    int *fds = calloc(h->n + 1, sizeof *fds);
    double load = 0, longest = 0;
    size_t rounds;

    if (!mine || !fds) {
        for (size_t k = 0; k < h->n; k++)
            set_error(&results[h->idx[k]], "out of memory");
        goto out;
    }
    for (size_t k = 0; k < h->n; k++) {
        const struct hs_target *t = targets[h->idx[k]];
        mine[k] = t;
        fds[k] = secret_fds[h->idx[k]];
        load = k == 0 || t->deadline < load ? t->deadline : load;
        longest = t->deadline > longest ? t->deadline : longest;
    }
    rounds = (h->n + (size_t)par - 1) / (size_t)par;
    /* each probe's reaping may wait HS_REAP_WAIT once killed */
    h->run_time = (double)rounds * (longest + HS_REAP_WAIT) + 1.0 + 0.01 * (double)h->n;
    if (hs_child_spawn(&h->ch, load + 0.5, NULL) < 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "cannot fork a probe host: %s", strerror(errno));
        for (size_t k = 0; k < h->n; k++)
            set_error(&results[h->idx[k]], msg);
        goto out;
    }
    if (h->ch.pid == 0) {
        struct hs_host_job job = {h->plugin, h->path, mine,   fds,
                                  h->n,      par,     &h->sb, h->ch.result_fd};
        hs_probe_host_run(&job);
    }
    /* room for every frame of a usual run, so the host rarely waits on us */
    fcntl(h->ch.result_fd, F_SETPIPE_SZ, 1 << 20);
    h->spawned = 1;
out:
    free(mine);
    free(fds);
}

/* The host ended (or was killed): every target it did not answer for
 * gets why. */
static size_t host_ended(struct host *h, struct hs_target_result *results)
{
    char why[512], msg[1024];
    size_t failed = 0;
    if (h->bad)
        snprintf(why, sizeof why, "%s", h->bad);
    else if (!hs_child_failure(&h->ch, why, sizeof why))
        snprintf(why, sizeof why, "it ended without a result for this target");
    for (size_t k = 0; k < h->n; k++) {
        struct hs_target_result *r = &results[h->idx[k]];
        if (r->error || r->probe)
            continue;
        if (!h->loaded)
            snprintf(msg, sizeof msg, "plugin '%s' (%s) could not be loaded: the probe host %s%s%s",
                     h->plugin, h->path,
                     h->ch.timed_out
                         ? "took longer than the target's deadline (a constructor that hangs?)"
                         : why,
                     h->ch.outhead[0] ? "; it said: " : "", h->ch.outhead);
        else
            snprintf(msg, sizeof msg,
                     "the probe host of plugin '%s' died before this target's "
                     "result: %s",
                     h->plugin, why);
        for (char *c = msg; *c; c++)
            if ((unsigned char)*c < 0x20)
                *c = ' ';
        r->status = HS_UNKNOWN;
        r->health = NAN;
        r->error = strdup(msg);
        failed++;
    }
    h->done = 1;
    hs_child_release(&h->ch);
    return failed;
}

void hs_run_opts_release(struct hs_run_opts *opts)
{
    for (size_t i = 0; i < opts->ninfos; i++)
        hs_plugin_info_free(&opts->infos[i]);
    free(opts->infos);
    opts->infos = NULL;
    opts->ninfos = 0;
}

static void progress(int on, size_t done, size_t n)
{
    if (on)
        fprintf(stderr, "\rprobing: %zu/%zu targets", done, n);
}

/* One call of hs_run_targets: what its steps share. */
struct run {
    const struct hs_target *const *targets;
    size_t n;
    struct hs_run_opts *opts;
    struct hs_target_result *results;
    struct host *hosts; /* nh of them */
    size_t nh;
    struct pollfd *pfds; /* room for two per host */
    size_t done;         /* targets with a result or an error */
    size_t live;         /* hosts spawned and not yet ended */
};

/* Collect every target's secrets (into SECRET_FDS, by target), then spawn
 * every host with its share of the parallelism, then close the secrets:
 * read before any host exists, so no process that maps plugin code ever
 * holds a secret but the one probe that needs it. */
static void start_hosts(struct run *rn, int *secret_fds, const size_t *hostof)
{
    int par = rn->opts->max_parallel > 0 ? rn->opts->max_parallel : 1;
    size_t n = rn->n;
    for (size_t i = 0; i < n; i++)
        secret_fds[i] = rn->results[i].error
                            ? -1
                            : hs_secrets_collect(rn->targets[i]->setting, rn->opts->config_dir,
                                                 &rn->hosts[hostof[i]].sb);
    for (size_t h = 0; h < rn->nh; h++) {
        /* the probes share the parallelism in proportion to their targets */
        int share = (int)(((size_t)par * rn->hosts[h].n + n - 1) / n);
        spawn_host(&rn->hosts[h], rn->targets, secret_fds, share < 1 ? 1 : share, rn->results);
        rn->live += rn->hosts[h].spawned;
    }
    for (size_t i = 0; i < n; i++)
        if (secret_fds[i] >= 0)
            close(secret_fds[i]);
}

/* One look at host HO at time NOW: take its frames; end it when it closed
 * its pipes, passed its deadline or misbehaved and has exited. A host
 * still running adds its pipes to rn->pfds (at *np, waiting for EV) and
 * lowers *ms to the time left before its deadline. */
static void watch_host(struct run *rn, struct host *ho, double now, short ev, int *np, int *ms)
{
    if (!ho->spawned || ho->done)
        return;
    rn->done += take_frames(ho, rn->targets, rn->results, rn->opts);
    if (ho->bad)
        hs_child_kill(&ho->ch);
    if ((ho->ch.result_fd < 0 && ho->ch.out_fd < 0) || now >= ho->ch.deadline || ho->bad) {
        if (hs_child_poll_done(&ho->ch, (size_t)HS_FRAME_MAX * (ho->n + 1))) {
            rn->done += take_frames(ho, rn->targets, rn->results, rn->opts);
            rn->done += host_ended(ho, rn->results);
            rn->live--;
            progress(rn->opts->progress, rn->done, rn->n);
            return;
        }
        *ms = 1;
    }
    if (ho->ch.result_fd >= 0)
        rn->pfds[(*np)++] = (struct pollfd){.fd = ho->ch.result_fd, .events = ev};
    if (ho->ch.out_fd >= 0)
        rn->pfds[(*np)++] = (struct pollfd){.fd = ho->ch.out_fd, .events = ev};
    int lm = ho->ch.deadline - now <= 0 ? 0 : (int)((ho->ch.deadline - now) * 1000) + 1;
    if (lm < *ms)
        *ms = lm;
}

/* Until every host has ended: watch them, sleep until one has something
 * or a deadline comes, drain their pipes. */
static void wait_hosts(struct run *rn)
{
    /* Without a progress line nothing needs each result as it comes: wake
     * when a host ends (POLLHUP) or every 50 ms to drain its pipe (1 MiB),
     * not once per frame. */
    short ev = rn->opts->progress ? POLLIN : 0;
    while (rn->live > 0) {
        int np = 0, ms = rn->opts->progress ? 100 : 50;
        double now = hs_now();
        for (size_t h = 0; h < rn->nh; h++)
            watch_host(rn, &rn->hosts[h], now, ev, &np, &ms);
        if (rn->live == 0)
            break;
        if (np > 0)
            poll(rn->pfds, (nfds_t)np, ms);
        else
            usleep((useconds_t)ms * 1000);
        for (size_t h = 0; h < rn->nh; h++)
            if (rn->hosts[h].spawned && !rn->hosts[h].done)
                hs_child_pump(&rn->hosts[h].ch, (size_t)HS_FRAME_MAX * (rn->hosts[h].n + 1));
        progress(rn->opts->progress, rn->done, rn->n);
    }
    if (rn->opts->progress)
        fputc('\n', stderr);
}

int hs_run_targets(const struct hs_target *const *targets, size_t n, struct hs_run_opts *opts,
                   struct hs_target_result *results)
{
    struct run rn = {.targets = targets, .n = n, .opts = opts, .results = results};
    int *secret_fds = calloc(n + 1, sizeof *secret_fds);
    size_t *hostof = calloc(n + 1, sizeof *hostof);
    rn.hosts = calloc(n + 1, sizeof *rn.hosts);
    rn.pfds = calloc(2 * n + 1, sizeof *rn.pfds);

    opts->infos = NULL;
    opts->ninfos = 0;
    for (size_t i = 0; i < n; i++) {
        results[i].name = targets[i]->name;
        results[i].plugin = targets[i]->plugin;
        results[i].status = HS_UNKNOWN;
        results[i].health = NAN;
    }
    if (!rn.hosts || !secret_fds || !rn.pfds || !hostof) {
        for (size_t i = 0; i < n; i++)
            results[i].error = strdup("out of memory");
        goto out;
    }
    /* orphans of the hosts' probes come to us at worst, never to init */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    rn.nh = plan_hosts(targets, n, opts, results, rn.hosts, hostof);
    start_hosts(&rn, secret_fds, hostof);
    for (size_t i = 0; i < n; i++)
        rn.done += results[i].error != NULL;
    wait_hosts(&rn);
out:
    /* whatever a host left behind, and a host stuck in D state */
    hs_reap_stragglers(NULL, 0, 1.0);
    for (size_t h = 0; rn.hosts && h < rn.nh; h++) {
        if (rn.hosts[h].spawned && !rn.hosts[h].done)
            hs_child_release(&rn.hosts[h].ch);
        free(rn.hosts[h].path);
        free(rn.hosts[h].idx);
        free(rn.hosts[h].bad);
    }
    free(rn.hosts);
    free(secret_fds);
    free(hostof);
    free(rn.pfds);
    return 0;
}
