/* test.c — the `test` plugin: behaviour set entirely by the config, so the
 * core's tests, benchmarks and the demo can exercise every path (fixed
 * states and metrics, delays, crashes, hangs, exits, floods, garbage)
 * without any server.
 *
 * Target keys:
 *   components = ( { id = "n1"; kind = "node"; parent = "svc"; state = "UP";
 *                    metrics = ( { name = "lag"; value = 1.5; unit = "s";
 *                                  warn = "10"; crit = "20"; } );
 *                    require = 2; require_why = "..."; needs = [ "a", "b" ]; } );
 *                          (require/needs: the redundancy rule, ABI rev. 3)
 *   states_file = "path";  lines "ID STATE" override component states (read
 *                          at each probe, so a test can flip states)
 *   delay = 0.1;           seconds to sleep inside probe()
 *   behaviour = "normal" | "fail" | "crash" | "abort" | "hang" | "exit" |
 *               "flood" | "garbage" | "malformed" | "print";
 *   degraded_is = "WARNING" (default) | "OK" | "CRITICAL"
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hascout/plugin.h>

struct tmetric {
    const char *name, *unit;
    double value;
    hs_range warn, crit;
    const char *warn_text, *crit_text;
};

struct tcomp {
    const char *id, *kind, *parent;
    hs_state state;
    struct tmetric *metrics;
    int nmetrics;
    int require; /* 0: no rule */
    const char *require_why;
    const char **needs; /* owned array (strings: the config's) */
    size_t nneeds;
};

struct tstate {
    struct tcomp *comps;
    int ncomps;
    const char *states_file;
    const char *behaviour;
    double delay;
    hs_status degraded_is;
};

static const char *const target_keys[] = {"components", "states_file", "delay",
                                          "behaviour",  "degraded_is", NULL};
static const char *const behaviours[] = {"normal", "fail",    "crash",     "abort", "hang", "exit",
                                         "flood",  "garbage", "malformed", "print", NULL};

static int listed(const char *s, const char *const *l)
{
    for (; *l; l++)
        if (strcmp(*l, s) == 0)
            return 1;
    return 0;
}

static void release(void *p)
{
    struct tstate *st = p;
    if (!st)
        return;
    for (int i = 0; i < st->ncomps; i++) {
        free(st->comps[i].metrics);
        free(st->comps[i].needs);
    }
    free(st->comps);
    free(st);
}

static int parse_state(const config_setting_t *c, const char *text, hs_state *out, hs_error *err)
{
    static const char *const names[] = {"UP", "DEGRADED", "DOWN", "UNKNOWN"};
    for (int i = 0; i < 4; i++)
        if (strcmp(text, names[i]) == 0) {
            *out = (hs_state)i;
            return 0;
        }
    hs_error_at(err, c, "state '%s' is not UP, DEGRADED, DOWN or UNKNOWN", text);
    return -1;
}

static int read_metric(const config_setting_t *m, struct tmetric *tm, hs_error *err)
{
    if (!config_setting_is_group(m)) {
        hs_error_at(err, m, "a metric must be a group { name = ...; value = ...; }");
        return -1;
    }
    if (hs_config_string(m, "name", NULL, &tm->name, err) < 0 ||
        hs_config_string(m, "unit", "", &tm->unit, err) < 0 ||
        hs_config_number(m, "value", NAN, &tm->value, err) < 0 ||
        hs_config_range(m, "warn", NULL, &tm->warn, err) < 0 ||
        hs_config_range(m, "crit", NULL, &tm->crit, err) < 0 ||
        hs_config_string(m, "warn", NULL, &tm->warn_text, err) < 0 ||
        hs_config_string(m, "crit", NULL, &tm->crit_text, err) < 0)
        return -1;
    if (!tm->name) {
        hs_error_at(err, m, "metric without a 'name'");
        return -1;
    }
    return 0;
}

static int read_require(const config_setting_t *c, struct tcomp *tc, hs_error *err)
{
    double k;
    if (hs_config_number(c, "require", 0, &k, err) < 0)
        return -1;
    if (k < 0 || k > 100000 || k != (int)k) {
        hs_error_at(err, config_setting_get_member(c, "require"),
                    "'require' must be a whole number of inputs");
        return -1;
    }
    tc->require = (int)k;
    return 0;
}

static int read_component(const config_setting_t *c, struct tcomp *tc, hs_error *err)
{
    const char *state;
    config_setting_t *ms;
    if (!config_setting_is_group(c)) {
        hs_error_at(err, c, "a component must be a group { id = ...; state = ...; }");
        return -1;
    }
    if (hs_config_string(c, "id", NULL, &tc->id, err) < 0 ||
        hs_config_string(c, "kind", "node", &tc->kind, err) < 0 ||
        hs_config_string(c, "parent", NULL, &tc->parent, err) < 0 ||
        hs_config_string(c, "state", "UP", &state, err) < 0 ||
        hs_config_strings(c, "needs", &tc->needs, &tc->nneeds, err) < 0 ||
        hs_config_string(c, "require_why", NULL, &tc->require_why, err) < 0 ||
        read_require(c, tc, err) < 0)
        return -1;
    if (!tc->id) {
        hs_error_at(err, c, "component without an 'id'");
        return -1;
    }
    if (parse_state(c, state, &tc->state, err) < 0)
        return -1;
    ms = config_setting_get_member(c, "metrics");
    if (ms) {
        int n = config_setting_length(ms);
        if (!config_setting_is_list(ms)) {
            hs_error_at(err, ms, "'metrics' must be a list ( { ... } )");
            return -1;
        }
        tc->metrics = calloc((size_t)n + 1, sizeof *tc->metrics);
        if (!tc->metrics) {
            hs_error_set(err, "out of memory");
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (read_metric(config_setting_get_elem(ms, (unsigned)i), &tc->metrics[i], err) < 0)
                return -1;
            tc->nmetrics++;
        }
    }
    return 0;
}

static int configure(const config_setting_t *t, void **out, hs_error *err)
{
    struct tstate *st = calloc(1, sizeof *st);
    config_setting_t *cs;
    const char *deg;
    int rc = -1;

    if (!st) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    if (hs_config_check_keys(t, target_keys, err) < 0)
        goto out;
    if (hs_config_string(t, "states_file", NULL, &st->states_file, err) < 0 ||
        hs_config_string(t, "behaviour", "normal", &st->behaviour, err) < 0 ||
        hs_config_number(t, "delay", 0, &st->delay, err) < 0 ||
        hs_config_string(t, "degraded_is", "WARNING", &deg, err) < 0)
        goto out;
    if (!listed(st->behaviour, behaviours)) {
        hs_error_at(err, config_setting_get_member(t, "behaviour"), "unknown behaviour '%s'",
                    st->behaviour);
        goto out;
    }
    if (st->delay < 0 || st->delay > 3600) {
        hs_error_at(err, config_setting_get_member(t, "delay"),
                    "'delay' must be from 0 to 3600 seconds");
        goto out;
    }
    if (strcmp(deg, "OK") == 0)
        st->degraded_is = HS_OK;
    else if (strcmp(deg, "WARNING") == 0)
        st->degraded_is = HS_WARNING;
    else if (strcmp(deg, "CRITICAL") == 0)
        st->degraded_is = HS_CRITICAL;
    else {
        hs_error_at(err, config_setting_get_member(t, "degraded_is"),
                    "'degraded_is' must be OK, WARNING or CRITICAL");
        goto out;
    }
    cs = config_setting_get_member(t, "components");
    if (cs) {
        int n = config_setting_length(cs);
        if (!config_setting_is_list(cs)) {
            hs_error_at(err, cs, "'components' must be a list ( { ... } )");
            goto out;
        }
        st->comps = calloc((size_t)n + 1, sizeof *st->comps);
        if (!st->comps) {
            hs_error_set(err, "out of memory");
            goto out;
        }
        for (int i = 0; i < n; i++) {
            if (read_component(config_setting_get_elem(cs, (unsigned)i), &st->comps[i], err) < 0)
                goto out;
            st->ncomps++;
        }
    }
    rc = 0;
out:
    if (rc < 0)
        release(st);
    else
        *out = st;
    return rc;
}

/* "ID STATE" lines; unknown ids are ignored, so one file can serve many
 * targets. Returns 0, or -1 after hs_probe_fail(). */
static int apply_states_file(struct tstate *st, hs_probe *p)
{
    char line[512];
    FILE *f = fopen(st->states_file, "re");
    if (!f) {
        if (errno == ENOENT)
            return 0; /* no overrides yet */
        hs_probe_fail(p, "cannot read states_file %s: %s", st->states_file, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        char id[256], state[32];
        if (line[0] == '#' || sscanf(line, "%255s %31s", id, state) != 2)
            continue;
        for (int i = 0; i < st->ncomps; i++) {
            static const char *const names[] = {"UP", "DEGRADED", "DOWN", "UNKNOWN"};
            if (strcmp(st->comps[i].id, id) != 0)
                continue;
            for (int k = 0; k < 4; k++)
                if (strcmp(state, names[k]) == 0)
                    st->comps[i].state = (hs_state)k;
        }
    }
    fclose(f);
    return 0;
}

static void sleep_for(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static int probe(void *vst, hs_probe *p)
{
    struct tstate *st = vst;
    const char *b = st->behaviour;

    if (st->delay > 0)
        sleep_for(st->delay);
    if (strcmp(b, "crash") == 0)
        raise(SIGSEGV);
    if (strcmp(b, "abort") == 0)
        abort();
    if (strcmp(b, "hang") == 0)
        for (;;)
            pause();
    if (strcmp(b, "exit") == 0)
        exit(3);
    if (strcmp(b, "flood") == 0) {
        static const char junk[4096] = {'x'};
        for (;;)
            if (write(1, junk, sizeof junk) < 0 && errno != EINTR)
                break;
    }
    if (strcmp(b, "garbage") == 0) {
        /* a buggy plugin scribbling on descriptors it does not own */
        static const char junk[] = "\x01\xff{not json]]";
        for (int fd = 3; fd < 64; fd++)
            if (write(fd, junk, sizeof junk - 1) < 0)
                continue;
    }
    if (strcmp(b, "print") == 0)
        printf("a plugin must not print, but this one does\n");
    if (strcmp(b, "fail") == 0) {
        hs_probe_fail(p, "simulated failure: server unreachable");
        return -1;
    }
    if (st->states_file && apply_states_file(st, p) < 0)
        return -1;
    for (int i = 0; i < st->ncomps; i++) {
        struct tcomp *tc = &st->comps[i];
        hs_component *c = hs_probe_component(p, tc->id, tc->kind, tc->parent, tc->state);
        if (tc->require)
            hs_component_require(c, tc->require, tc->require_why);
        for (size_t k = 0; k < tc->nneeds; k++)
            hs_component_needs(c, tc->needs[k]);
        for (int m = 0; c && m < tc->nmetrics; m++) {
            hs_metric *hm = hs_component_metric(c, tc->metrics[m].name, tc->metrics[m].value,
                                                tc->metrics[m].unit);
            hs_metric_thresholds(hm, tc->metrics[m].warn_text, tc->metrics[m].crit_text);
        }
    }
    if (strcmp(b, "malformed") == 0 && st->ncomps > 0)
        hs_probe_component(p, st->comps[0].id, "node", NULL, HS_STATE_UP);
    return 0;
}

static int score(void *vst, const hs_probe *p, hs_verdict *v)
{
    struct tstate *st = vst;
    double up = 0;
    size_t n = hs_probe_component_count(p);

    for (int i = 0; i < st->ncomps; i++) {
        struct tcomp *tc = &st->comps[i];
        switch (tc->state) {
        case HS_STATE_UP: up += 1; break;
        case HS_STATE_DEGRADED:
            up += 0.5;
            hs_verdict_raise(v, st->degraded_is, "%s %s DEGRADED", tc->kind, tc->id);
            break;
        case HS_STATE_DOWN: hs_verdict_raise(v, HS_CRITICAL, "%s %s DOWN", tc->kind, tc->id); break;
        case HS_STATE_UNKNOWN:
            hs_verdict_raise(v, HS_UNKNOWN, "%s %s UNKNOWN", tc->kind, tc->id);
            break;
        }
        for (int m = 0; m < tc->nmetrics; m++) {
            struct tmetric *tm = &tc->metrics[m];
            if (hs_range_alerts(&tm->crit, tm->value))
                hs_verdict_raise(v, HS_CRITICAL, "%s %s: %s = %g%s outside %s", tc->kind, tc->id,
                                 tm->name, tm->value, tm->unit, tm->crit_text);
            else if (hs_range_alerts(&tm->warn, tm->value))
                hs_verdict_raise(v, HS_WARNING, "%s %s: %s = %g%s outside %s", tc->kind, tc->id,
                                 tm->name, tm->value, tm->unit, tm->warn_text);
        }
    }
    if (n)
        hs_verdict_health(v, 100.0 * up / (double)n);
    return 0;
}

static const struct hs_plugin test_plugin = {
    .abi_version = HS_PLUGIN_ABI_VERSION,
    .name = "test",
    .version = "1.0",
    .technology = "synthetic (test)",
    .ha_class = HS_CLASS_OTHER,
    .scores = {3, 3, 3, "synthetic plugin: neutral", "synthetic plugin: neutral",
               "synthetic plugin: neutral"},
    .description = "components, states, metrics and failures set by the config",
    .configure = configure,
    .probe = probe,
    .score = score,
    .release = release,
};

HS_PLUGIN_DEFINE(test_plugin)
