/* runner.c — fork per target, bounded parallelism, one poll loop.
 *
 * The parent only validates what comes back (serialize.c); it never calls
 * plugin code, so a crash, hang, exit, flood or garbage costs one target. */
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs_error.h"
#include "loader.h"
#include "procutil.h"
#include "runner.h"
#include "serialize.h"
#include "warn.h"

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

/* One plugin used by the run. */
struct loaded {
    char *path;
    const struct hs_plugin *desc; /* NULL: refused (see why) */
    void *handle;
    char *why;
};

/* Count the threads of this process: fork is only safe while it is 1. */
static int thread_count(void)
{
    FILE *f = fopen("/proc/self/status", "re");
    char line[128];
    int n = 1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "Threads: %d", &n) == 1)
            break;
    if (f)
        fclose(f);
    return n;
}

/* Validate each distinct plugin in an isolated child (a constructor that
 * crashes or hangs costs nothing here), then load it into this process so
 * the probe children inherit it instead of loading it again each: with
 * many targets that is most of the runner's cost. A plugin whose loading
 * starts threads is not kept loaded, since forking a threaded process is
 * unsafe; its children load it themselves. */
static void preload(struct loaded *l)
{
    struct hs_plugin_info info;
    hs_error err;
    hs_error_clear(&err);
    if (hs_plugin_inspect(l->path, 10.0, &info) < 0) {
        l->why = strdup("cannot inspect the plugin (fork failed)");
        return;
    }
    if (info.error) {
        char msg[1024];
        snprintf(msg, sizeof msg, "plugin refused (%s): %s", l->path, info.error);
        l->why = strdup(msg);
    } else if (thread_count() == 1 && hs_plugin_open(l->path, &l->desc, &l->handle, &err) == 0 &&
               thread_count() > 1) {
        l->desc = NULL; /* keep it mapped (threads may run its code), load per child */
    }
    hs_plugin_info_free(&info);
}

/* Touch the encoder once so lazy symbol binding and allocator set-up
 * happen here, once, not again in every child. */
static void warm_up(void)
{
    hs_probe *p = hs_probe_new("warm-up", 0);
    hs_verdict *v = hs_verdict_new();
    char *doc;
    if (p && v) {
        hs_component *c = hs_probe_component(p, "c", "node", NULL, HS_STATE_UP);
        hs_component_metric(c, "m", 1, "s");
        hs_verdict_raise(v, HS_WARNING, "warm-up");
        doc = hs_proto_encode(p, v, NULL, 0);
        free(doc);
    }
    hs_probe_free(p);
    hs_verdict_free(v);
}

struct slot {
    struct hs_child ch;
    size_t idx;
    int busy;
};

static void finish(struct slot *s, const struct hs_target *t,
                   struct hs_target_result *r)
{
    char why[1024], err[512];
    r->duration = hs_now() - s->ch.started;
    if (hs_child_failure(&s->ch, why, sizeof why)) {
        if (s->ch.outbytes && !s->ch.flooded) {
            size_t l = strlen(why);
            snprintf(why + l, sizeof why - l, "; its output began: %.120s", s->ch.outhead);
            for (char *c = why + l; *c; c++)
                if ((unsigned char)*c < 0x20)
                    *c = ' ';
        }
        r->error = strdup(why);
    } else if (hs_proto_decode(s->ch.result, s->ch.rlen, t->name, &r->probe,
                               &r->verdict, &r->warnings, err, sizeof err) < 0) {
        snprintf(why, sizeof why, "malformed result: %s", err);
        r->error = strdup(why);
    } else if (r->probe->fail) {
        r->error = strdup(r->probe->fail);
    }
    if (!r->error && s->ch.outbytes) {
        snprintf(why, sizeof why, "plugin wrote %zu bytes to stdout/stderr (ignored)",
                 s->ch.outbytes);
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
    hs_child_release(&s->ch);
    s->busy = 0;
}

static void progress(int on, size_t done, size_t n)
{
    if (on)
        fprintf(stderr, "\rprobing: %zu/%zu targets", done, n);
}

int hs_run_targets(const struct hs_target *const *targets, size_t n,
                   const struct hs_run_opts *opts,
                   struct hs_target_result *results)
{
    int par = opts->max_parallel > 0 ? opts->max_parallel : 1;
    struct slot *slots = calloc((size_t)par, sizeof *slots);
    struct pollfd *pfds = calloc((size_t)par * 2, sizeof *pfds);
    char **paths = calloc(n + 1, sizeof *paths);
    struct loaded *plugins = calloc(n + 1, sizeof *plugins);
    size_t *which = calloc(n + 1, sizeof *which), nplugins = 0;
    size_t next = 0, done = 0;
    int running = 0, *pslot = calloc((size_t)par * 2 + 1, sizeof *pslot);

    for (size_t i = 0; i < n; i++) {
        results[i].name = targets[i]->name;
        results[i].plugin = targets[i]->plugin;
        results[i].status = HS_UNKNOWN;
        results[i].health = NAN;
    }
    if (!slots || !pfds || !paths || !plugins || !which || !pslot) {
        for (size_t i = 0; i < n; i++)
            results[i].error = strdup("out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        paths[i] = hs_plugin_find(opts->plugin_dirs, targets[i]->plugin);
        if (!paths[i]) {
            char msg[1024];
            size_t l = (size_t)snprintf(msg, sizeof msg, "plugin '%s' not found in:",
                                        targets[i]->plugin);
            for (size_t d = 0; opts->plugin_dirs && opts->plugin_dirs[d] && l < sizeof msg; d++)
                l += (size_t)snprintf(msg + l, sizeof msg - l, " %s", opts->plugin_dirs[d]);
            results[i].error = strdup(msg);
            continue;
        }
        for (which[i] = 0; which[i] < nplugins; which[i]++)
            if (strcmp(plugins[which[i]].path, paths[i]) == 0)
                break;
        if (which[i] == nplugins) {
            plugins[nplugins].path = strdup(paths[i]);
            if (!plugins[nplugins].path) {
                results[i].error = strdup("out of memory");
                free(paths[i]);
                paths[i] = NULL;
                continue;
            }
            preload(&plugins[nplugins++]);
        }
        if (plugins[which[i]].why) {
            results[i].error = strdup(plugins[which[i]].why);
            free(paths[i]);
            paths[i] = NULL;
        }
    }
    warm_up();
    while (done < n) {
        int np = 0, ms = 100;
        double now;
        /* start as many as allowed */
        while (running < par && next < n) {
            size_t i = next++;
            struct slot *s = NULL;
            if (!paths[i]) {
                done++;
                continue;
            }
            for (int k = 0; k < par; k++)
                if (!slots[k].busy) {
                    s = &slots[k];
                    break;
                }
            if (hs_child_spawn(&s->ch, targets[i]->deadline, NULL) < 0) {
                char msg[256];
                snprintf(msg, sizeof msg, "cannot fork a probe process: %s", strerror(errno));
                results[i].error = strdup(msg);
                done++;
                continue;
            }
            if (s->ch.pid == 0) {
                char *doc = hs_runner_child_work(targets[i], paths[i],
                                                 plugins[which[i]].desc, s->ch.deadline);
                if (doc)
                    hs_write_all(s->ch.result_fd, doc, strlen(doc));
                _exit(doc ? 0 : 70);
            }
            s->idx = i;
            s->busy = 1;
            running++;
        }
        if (done >= n)
            break;
        now = hs_now();
        for (int k = 0; k < par; k++) {
            struct slot *s = &slots[k];
            int lm;
            if (!s->busy)
                continue;
            /* closed pipes: the child is exiting; at the deadline: kill it */
            if ((s->ch.result_fd < 0 && s->ch.out_fd < 0) || now >= s->ch.deadline) {
                if (hs_child_poll_done(&s->ch, HS_PROTO_MAX_BYTES)) {
                    finish(s, targets[s->idx], &results[s->idx]);
                    running--;
                    done++;
                    progress(opts->progress, done, n);
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
        if (running > 0 && done < n && (next >= n || running >= par)) {
            int r = np > 0 ? poll(pfds, (nfds_t)np, ms) : (usleep((useconds_t)ms * 1000), 0);
            /* read what arrived; a slot whose pipes both closed is reaped
             * on the next pass */
            for (int q = 0; r > 0 && q < np; q++)
                if (pfds[q].revents)
                    hs_child_pump(&slots[pslot[q]].ch, HS_PROTO_MAX_BYTES);
        }
    }
    if (opts->progress)
        fputc('\n', stderr);
out:
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    for (size_t k = 0; plugins && k < nplugins; k++) {
        /* handles stay loaded until exit: plugin code may still be referenced */
        free(plugins[k].why);
        free(plugins[k].path);
    }
    free(plugins);
    free(which);
    free(pslot);
    free(paths);
    free(slots);
    free(pfds);
    return 0;
}
