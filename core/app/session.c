/* session.c — the live view for what-if and plans: probed through the run
 * pipeline, or replayed from the history. */
#include <stdlib.h>
#include <string.h>

#include "live/histstream.h"

#include "live/history.h"
#include "util/error.h"
#include "app/session.h"

/* The sink keeping the newest record's component entries (their names
 * interned in the scan's interner, which outlives them). */
struct last_rec {
    double t;
    struct hs_hist_entry *e; /* owned copy of the entries */
    size_t n, cap;
    int seen;
};

static int keep_last(void *ctx, const struct hs_hist_record *rec, double until, hs_error *err)
{
    struct last_rec *l = ctx;
    size_t n = rec->n[HS_HIST_COMPONENT];
    (void)until;
    if (n > l->cap) {
        struct hs_hist_entry *e = realloc(l->e, n * sizeof *e);
        if (!e) {
            hs_error_set(err, "history: out of memory");
            return -1;
        }
        l->e = e;
        l->cap = n;
    }
    if (n)
        memcpy(l->e, rec->e[HS_HIST_COMPONENT], n * sizeof *l->e);
    l->n = n;
    l->t = rec->t;
    l->seen = 1;
    return 0;
}

/* Component states from the newest history record. */
static int replay_history(struct hs_session *s, hs_error *err)
{
    struct last_rec last = {0};
    struct hs_hist_sink sink = {keep_last, &last};
    struct hs_hist_scan scan = {.end = s->run.now, .sinks = &sink, .nsinks = 1};
    int rc = -1;

    if (!(scan.names = hs_intern_new())) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    if (hs_history_scan(s->run.state_dir, &scan, err) < 0)
        goto out;
    if (!last.seen) {
        hs_error_set(err, "no history in %s: run `hascout report` first, or probe live",
                     s->run.state_dir);
        goto out;
    }
    s->state_time = last.t;
    for (size_t c = 0; c < s->run.live->ncomps; c++) {
        struct hs_live_component *cp = &s->run.live->comps[c];
        if (cp->state == HS_LIVE_UNMAPPED)
            continue;
        cp->state = HS_LIVE_UNKNOWN;
        for (size_t i = 0; i < last.n; i++)
            if (strcmp(last.e[i].name, cp->name) == 0 &&
                hs_live_state_parse(last.e[i].state, &cp->state) < 0)
                cp->state = HS_LIVE_UNKNOWN;
    }
    if (hs_live_assess(s->run.live) < 0) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    rc = 0;
out:
    free(last.e);
    hs_intern_free(scan.names);
    return rc;
}

static int no_model(const struct hs_run *r, int from_history, hs_error *err)
{
    hs_error_set(err,
                 from_history ? "%s has no 'model': the history alone cannot show one (without "
                                "--from-history, hascout derives it from a fresh probe)"
                              : "%s has no 'model', and none could be derived from the probes",
                 r->cfg.path);
    return -1;
}

/* The model with every component's state from the history. */
static int open_from_history(struct hs_session *s, hs_error *err)
{
    struct hs_run *r = &s->run;
    if (hs_live_build(&r->cfg.cfg, NULL, 0, NULL, &r->live, err) < 0)
        return -1;
    if (!r->live)
        return no_model(r, 1, err);
    return replay_history(s, err);
}

int hs_session_open(const struct hs_session_opts *o, struct hs_session *s, hs_error *err)
{
    const struct hs_pipeline_opts po = {.config = o->config,
                                        .state_dir = o->state_dir,
                                        .quiet = o->quiet,
                                        .parallel = o->parallel,
                                        .progress = 1};
    struct hs_run *r = &s->run;

    memset(s, 0, sizeof *s);
    if (hs_run_open(&po, r, err) < 0)
        return -1;
    if (o->from_history)
        return open_from_history(s, err);
    /* validate the model before spending time on probes (without one, the
       probes' own is derived: hs_run_probe) */
    if (hs_run_validate(r, err) < 0 || hs_run_select(r, NULL, 0, err) < 0 ||
        hs_run_probe(r, err) < 0)
        return -1;
    if (!r->live)
        return no_model(r, 0, err);
    s->state_time = r->now;
    return 0;
}

void hs_session_free(struct hs_session *s)
{
    hs_run_free(&s->run);
    memset(s, 0, sizeof *s);
}
