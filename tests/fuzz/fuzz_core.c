/* fuzz_core.c — libFuzzer target for the core's parsers of outside data:
 * the first byte picks the parser, the rest is its input.
 *   0: the child→parent result protocol (a plugin may write anything)
 *   1: one history line, and a whole history file
 *   2: the hascout configuration (targets, globals, history settings)
 *   3: threshold ranges
 *   4: a probe host's frames (the host maps plugin code: hostile)
 *   5: a plugin's self-description, as an inspector or host sends it
 * Build: make fuzz-core; run: ./fuzz-core -max_total_time=300 CORPUS */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/frame.h"
#include "live/histscan.h"
#include "live/histstream.h"
#include "live/history.h"
#include "live/observe.h"
#include "host/plugininfo.h"
#include "util/error.h"
#include "host/config.h"
#include "host/serialize.h"
#include "live/discover.h"

/* The history streamed (two windows at once) says what the history loaded
 * whole says: the same records, the same observation. */
static void stream_matches(const char *buf, size_t len, const struct hs_history *h,
                           const char *const asked[2], const struct hs_observed many[2])
{
    const double from[2] = {0, 1e9};
    struct hs_observed got[4];
    struct hs_observer ob;
    struct hs_hist_sink sink = {hs_observer_sink, &ob};
    struct hs_hist_scan s = {.since = 0, .end = 2e9, .sinks = &sink, .nsinks = 1};
    hs_error err;
    if (!(s.names = hs_intern_new()))
        return;
    if (hs_observer_init(&ob, s.names, HS_HIST_SERVICE, asked, 2, from, 2, 2e9, 900, got) == 0) {
        int rc = hs_history_scan_buf(buf, len, &s, &err);
        hs_observer_finish(&ob);
        if (rc == 0 &&
            (s.records != h->n || got[0].up != many[0].up || got[0].down != many[0].down ||
             got[2].outages != many[1].outages || got[2].unknown != many[1].unknown))
            abort();
    }
    hs_intern_free(s.names);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The model a decoded result derives (discover.c over compgraph.c): the
 * plugin's ids, parents, rules and needs are outside data too. */
static void derive(hs_probe *p)
{
    static struct hs_rate fallback = {"*", "*", 4380.0, 4.0, "fuzz"};
    struct hs_rates rates;
    struct hs_target_result r;
    struct hs_discover_opts o;
    hs_error e;
    char *text = NULL;

    memset(&rates, 0, sizeof rates);
    memset(&r, 0, sizeof r);
    rates.v = &fallback;
    rates.n = 1;
    r.name = "t";
    r.plugin = "fuzz";
    r.probe = p;
    o = (struct hs_discover_opts){&rates, NULL, 0};
    hs_error_clear(&e);
    if (hs_discover_text(&r, 1, &o, &text, &e) == 0 && !text)
        abort(); /* success always hands out a text */
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data + 1;
    size_t len = size ? size - 1 : 0;
    if (size == 0)
        return 0;
    switch (data[0] % 6) {
    case 0: {
        hs_probe *p = NULL;
        hs_verdict *v = NULL;
        struct hs_strv w = {0};
        char err[256];
        if (hs_proto_decode(buf, len, "t", &p, &v, &w, err, sizeof err) == 0) {
            char *again = hs_proto_encode(p, v, NULL, 0);
            free(again);
            derive(p);
        }
        hs_probe_free(p);
        hs_verdict_free(v);
        hs_strv_free(&w);
        break;
    }
    case 1: {
        struct hs_hist_record rec;
        struct hs_history h;
        struct hs_observed o;
        char err[128];
        int parsed = hs_hist_parse_line(buf, len, &rec, err, sizeof err) == 0;
        double t = parsed ? rec.t : NAN;
        struct hs_intern *names = hs_intern_new();
        struct hs_observed many[2];
        const char *asked[2] = {"s", "c"};
        if (parsed) {
            char *line = hs_hist_encode(&rec);
            free(line);
            hs_hist_record_free(&rec);
        }
        /* the fast path accepts only what json-c accepts, with the same time */
        if (names && hs_hist_scan_line(buf, len, &rec, names) == 0) {
            if (!parsed || rec.t != t)
                abort();
            hs_hist_record_free(&rec);
        }
        hs_intern_free(names);
        memset(&h, 0, sizeof h);
        hs_history_parse(buf, len, 0, &h);
        hs_history_observe(&h, HS_HIST_SERVICE, "s", 0, 2e9, 900, &o);
        hs_history_observe_many(&h, HS_HIST_SERVICE, asked, 2, 0, 2e9, 900, many);
        stream_matches(buf, len, &h, asked, many);
        hs_history_free(&h);
        break;
    }
    case 2: {
        struct hs_config c;
        hs_error err;
        char *text = malloc(len + 1);
        if (!text)
            return 0;
        memcpy(text, buf, len);
        text[len] = '\0';
        hs_error_clear(&err);
        hs_config_load_text(&c, text, "fuzz.conf", &err);
        hs_config_free(&c);
        free(text);
        break;
    }
    default: {
        char text[256], err[256];
        hs_range r;
        size_t n = len < sizeof text - 1 ? len : sizeof text - 1;
        memcpy(text, buf, n);
        text[n] = '\0';
        if (hs_range_parse(text, &r, err, sizeof err) == 0)
            (void)hs_range_alerts(&r, 5.0);
        break;
    }
    case 4: {
        struct hs_frame f;
        const char *payload;
        size_t off = 0;
        /* as the parent reads a host's pipe: frame after frame */
        while (hs_frame_parse(buf + off, len - off, 3, &f, &payload) == 1) {
            if (payload < buf + off || payload + f.len > buf + len)
                __builtin_trap();
            off += sizeof f + f.len;
        }
        break;
    }
    case 5: {
        struct hs_plugin_info info;
        hs_plugin_info_parse(buf, len, "/x/fuzz.so", &info);
        hs_plugin_info_free(&info);
        break;
    }
    }
    return 0;
}
