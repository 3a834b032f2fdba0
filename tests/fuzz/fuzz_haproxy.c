/*
 * fuzz_haproxy.c — libFuzzer target for the HAProxy plugin's pure part:
 * CSV parser, grouping into backends and the scoring rules, and the
 * stats URL check (config_url.c), on arbitrary bytes.
 * Build: `make fuzz-haproxy`; run:
 *   timeout 330 tests/fuzz/fuzz-haproxy -max_total_time=300 CORPUS_DIR
 */
#include <math.h>
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "plugins/haproxy/haproxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(void *ctx, hs_status st, const char *text)
{
    /* Touch the text so a bad pointer shows up under ASan. */
    *(size_t *)ctx += strlen(text) + (size_t)st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const inc[] = {"be*", "*web*"};
    static const char *const exc[] = {"stats*"};
    struct hap_stats s;
    struct hap_view v;
    struct hap_filter f;
    struct hap_limits l;
    char err[256], e[64];
    size_t sink = 0;
    double h;

    {
        /* The same bytes as a URL (NUL-terminated copy, so ASan sees any
         * read past the end): every answer is 0 or 1, https and a failure
         * never both. */
        struct hap_url_info ui;
        char *url = malloc(size + 1);
        if (url) {
            memcpy(url, data, size);
            url[size] = '\0';
            if (hap_url_inspect(url, &ui) == 0) {
                if ((unsigned)ui.https > 1 || (unsigned)ui.userinfo > 1 ||
                    (unsigned)ui.loopback > 1)
                    __builtin_trap();
            } else if (ui.https || ui.userinfo || ui.loopback) {
                __builtin_trap();
            }
            free(url);
        }
    }
    if (hap_stats_parse((const char *)data, size, &s, err, sizeof err) != 0) {
        /* Every failure must say something, within the buffer. */
        if (err[0] == '\0' || strlen(err) >= sizeof err)
            __builtin_trap();
        hap_stats_free(&s);
        return 0;
    }
    memset(&f, 0, sizeof f);
    memset(&l, 0, sizeof l);
    if (size > 0) {
        /* Let the input choose the filter, so every branch is reached. */
        f.maint_is_down = data[0] & 1;
        if (data[0] & 2) {
            f.include = inc;
            f.ninclude = 2;
        }
        if (data[0] & 4) {
            f.exclude = exc;
            f.nexclude = 1;
        }
        f.types = (data[0] >> 3) & 7;
    }
    l.min_up = size % 3;
    hs_range_parse("80", &l.warn_sessions, e, sizeof e);
    hs_range_parse("@95:", &l.crit_sessions, e, sizeof e);
    hs_range_parse("5", &l.warn_queue, e, sizeof e);
    if (hap_view_build(&s, &f, &v, err, sizeof err) == 0) {
        size_t i, j;

        h = hap_judge(&v, &l, ignore, &sink);
        if (!isnan(h) && (h < 0 || h > 100))
            __builtin_trap();
        for (i = 0; i < v.nbackends; i++) {
            (void)hap_backend_state(&v.backends[i], l.min_up);
            for (j = 0; j < v.backends[i].nservers; j++)
                (void)hap_server_state(v.backends[i].servers[j].row);
        }
        for (i = 0; i < v.nfrontends; i++)
            (void)hap_frontend_state(v.frontends[i]);
    }
    hap_view_free(&v);
    hap_stats_free(&s);
    return 0;
}
