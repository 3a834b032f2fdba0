/* session.h — config → live view in one call, for commands that reason on
 * the live state (what-if, rolling plans): either a fresh probe of every
 * target through the run pipeline (pipeline.h), or the last record of the
 * history. */
#ifndef HS_SESSION_H
#define HS_SESSION_H
#include "app/pipeline.h"

struct hs_session {
    struct hs_run run; /* owned: cfg, state_dir, results, live (NULL when
                           the config has no model) */
    double state_time; /* when the live state was observed (epoch s) */
};

struct hs_session_opts {
    const char *config;    /* NULL: /etc/hascout/hascout.conf, else the demo */
    const char *state_dir; /* NULL: config's, else the default */
    int from_history;      /* 1: take states from the last history record */
    int quiet;             /* no notes on stderr */
    int parallel;          /* 0: config's */
};

/* Fill *s (caller-owned; release with hs_session_free, also after an
 * error). With from_history the components' states are those of the last
 * complete history record (a component absent from it is UNKNOWN), else
 * every target is probed now. Takes no lock and writes no history.
 * Returns 0, or -1 with the reason in err. */
int hs_session_open(const struct hs_session_opts *o, struct hs_session *s, hs_error *err);
void hs_session_free(struct hs_session *s);

#endif
