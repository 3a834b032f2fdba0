/* test_histstream.c — the history read as a stream (live/histstream.c):
 * what streaming observers and the calibrator compute equals what the
 * reference per-name observation computes over the history loaded whole;
 * records come out in time order with the right `until`; clock steps
 * within the reorder window are put in order, beyond it skipped and said. */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live/calibrate.h"
#include "live/histstream.h"
#include "live/observe.h"
#include "suites.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static double uniform(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return ((rng >> 11) + 0.5) / 9007199254740992.0;
}

/* Append the line of a record at t with components A, B, C in the given
 * states (a state "" leaves the name out) to buf. */
static void line(char **buf, size_t *len, double t, const char *const st[3])
{
    struct hs_hist_record rec = {0};
    const char *names[3] = {"A", "B", "C"};
    char *l;
    rec.t = t;
    for (int c = 0; c < 3; c++)
        if (st[c][0])
            hs_hist_add(&rec, HS_HIST_COMPONENT, names[c], st[c]);
    l = hs_hist_encode(&rec);
    CU_ASSERT_FATAL(l != NULL);
    *buf = realloc(*buf, *len + strlen(l) + 1);
    memcpy(*buf + *len, l, strlen(l) + 1);
    *len += strlen(l);
    free(l);
    hs_hist_record_free(&rec);
}

/* Ten days of irregular records (1 to 10 minutes apart, some gaps of 30
 * minutes, some names missing or UNKNOWN), as a history file's bytes. */
static char *irregular(size_t *len, double t0)
{
    static const char *const states[] = {"UP", "UP", "UP", "DOWN", "UNKNOWN", ""};
    char *buf = NULL;
    *len = 0;
    for (double t = t0; t < t0 + 10 * 86400.0;) {
        const char *st[3];
        for (int c = 0; c < 3; c++)
            st[c] = states[(int)(uniform() * 6)];
        line(&buf, len, t, st);
        t += uniform() < 0.02 ? 1800.0 : 60.0 + uniform() * 540.0;
    }
    return buf;
}

static void same_obs(const struct hs_observed *a, const struct hs_observed *b)
{
    CU_ASSERT_DOUBLE_EQUAL(a->up, b->up, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(a->down, b->down, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(a->unknown, b->unknown, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(a->unobserved, b->unobserved, 1e-6);
    CU_ASSERT_EQUAL(a->outages, b->outages);
    CU_ASSERT_DOUBLE_EQUAL(a->outage_max, b->outage_max, 1e-6);
    CU_ASSERT_EQUAL(a->enough, b->enough);
}

/* Streaming observers over three windows at once, and the calibrator,
 * against the per-name reference over the loaded history. */
static void test_stream_equals_whole(void)
{
    const double t0 = 1e9, to = t0 + 10 * 86400.0,
                 from[3] = {to - 86400.0, to - 7 * 86400.0, to - 30 * 86400.0};
    const char *names[3] = {"A", "B", "C"};
    struct hs_observed got[9], want;
    struct hs_observer ob;
    struct hs_calibrator cb;
    struct hs_calib cal, ref;
    struct hs_live_component comps[3] = {{.name = "A"}, {.name = "B"}, {.name = "C"}};
    struct hs_live lv = {0};
    struct hs_hist_sink sinks[2] = {{hs_observer_sink, &ob}, {hs_calib_sink, &cb}};
    struct hs_hist_scan s = {.since = 0, .end = to, .sinks = sinks, .nsinks = 2};
    struct hs_history h;
    hs_error err;
    size_t len;
    char *buf = irregular(&len, t0);

    for (int c = 0; c < 3; c++) {
        comps[c].lambda = 1.0 / 50.0;
        comps[c].q = 2.0 / 52.0;
    }
    lv.comps = comps;
    lv.ncomps = 3;
    s.names = hs_intern_new();
    CU_ASSERT_FATAL(s.names != NULL);
    CU_ASSERT_EQUAL_FATAL(
        hs_observer_init(&ob, s.names, HS_HIST_COMPONENT, names, 3, from, 3, to, 900, got), 0);
    CU_ASSERT_EQUAL_FATAL(hs_calib_begin(&cb, &lv, s.names, t0, to, 900, 2, &cal, &err), 0);
    CU_ASSERT_EQUAL_FATAL(hs_history_scan_buf(buf, len, &s, &err), 0);
    hs_observer_finish(&ob);
    hs_calib_end(&cb);
    CU_ASSERT_EQUAL_FATAL(hs_history_parse(buf, len, 0, &h), 0);
    CU_ASSERT_EQUAL(s.records, h.n);
    CU_ASSERT(h.n > 2000);
    for (int c = 0; c < 3; c++)
        for (int w = 0; w < 3; w++) {
            hs_history_observe(&h, HS_HIST_COMPONENT, names[c], from[w], to, 900, &want);
            same_obs(&got[c * 3 + w], &want);
        }
    CU_ASSERT(got[0].outages > 0 && got[0].unknown > 0 && got[0].unobserved > 0);
    CU_ASSERT_EQUAL_FATAL(hs_calibrate(&lv, &h, t0, to, 900, 2, &ref, &err), 0);
    for (int c = 0; c < 3; c++) {
        CU_ASSERT_EQUAL(cal.comps[c].fail.events, ref.comps[c].fail.events);
        CU_ASSERT_EQUAL(cal.comps[c].repair.events, ref.comps[c].repair.events);
        CU_ASSERT_DOUBLE_EQUAL(cal.comps[c].up_h, ref.comps[c].up_h, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(cal.comps[c].down_h, ref.comps[c].down_h, 1e-9);
    }
    CU_ASSERT(cal.comps[0].fail.events > 10);
    hs_calib_free(&cal);
    hs_calib_free(&ref);
    hs_history_free(&h);
    hs_intern_free(s.names);
    free(buf);
}

/* A sink noting each record's time and until. */
struct seen {
    double t[256], until[256];
    size_t n;
};

static int note(void *ctx, const struct hs_hist_record *rec, double until, hs_error *err)
{
    struct seen *s = ctx;
    (void)err;
    if (s->n < 256) {
        s->t[s->n] = rec->t;
        s->until[s->n] = until;
    }
    s->n++;
    return 0;
}

static void test_order(void)
{
    const char *const up[3] = {"UP", "UP", "UP"};
    struct seen seen = {0};
    struct hs_hist_sink sink = {note, &seen};
    struct hs_hist_scan s = {.since = 150, .end = 10000, .sinks = &sink, .nsinks = 1};
    hs_error err;
    char *buf = NULL;
    size_t len = 0, n;

    /* 100 is before `since`; 300 then 200: a small step back, put in order */
    line(&buf, &len, 100, up);
    line(&buf, &len, 300, up);
    line(&buf, &len, 200, up);
    for (int i = 0; i < 2 * HS_HIST_REORDER; i++)
        line(&buf, &len, 400 + 10 * i, up);
    /* then a record far behind what was handed over: skipped, and said */
    line(&buf, &len, 250, up);
    line(&buf, &len, 5000, up);
    s.names = hs_intern_new();
    CU_ASSERT_EQUAL_FATAL(hs_history_scan_buf(buf, len, &s, &err), 0);
    n = seen.n;
    CU_ASSERT_EQUAL(n, 3 + 2 * HS_HIST_REORDER);
    CU_ASSERT_EQUAL(s.records, n);
    CU_ASSERT_EQUAL(s.out_of_order, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(s.warning, "clock stepped back"));
    CU_ASSERT_EQUAL(seen.t[0], 200);
    CU_ASSERT_EQUAL(seen.until[0], 300);
    CU_ASSERT_EQUAL(seen.t[1], 300);
    CU_ASSERT_EQUAL(seen.until[1], 400);
    for (size_t i = 0; i + 1 < n && i + 1 < 256; i++)
        CU_ASSERT(seen.t[i] <= seen.t[i + 1] && seen.until[i] == seen.t[i + 1]);
    CU_ASSERT_EQUAL(seen.t[n - 1], 5000);
    CU_ASSERT_EQUAL(seen.until[n - 1], 10000);
    /* the whole load gives the same records */
    {
        struct hs_history h;
        CU_ASSERT_EQUAL_FATAL(hs_history_parse(buf, len, 150, &h), 0);
        CU_ASSERT_EQUAL(h.n, n);
        CU_ASSERT_EQUAL(h.out_of_order, 1);
        hs_history_free(&h);
    }
    hs_intern_free(s.names);
    free(buf);
}

void hs_suite_histstream(void)
{
    CU_pSuite s = CU_add_suite("history stream", NULL, NULL);
    CU_add_test(s, "streamed observation and calibration equal the whole history's",
                test_stream_equals_whole);
    CU_add_test(s, "records in time order, until the next; clock steps", test_order);
}
