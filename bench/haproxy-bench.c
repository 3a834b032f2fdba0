/*
 * haproxy-bench.c — figures for the HAProxy plugin (prints, never asserts):
 *
 *   haproxy-bench parse TEMPLATE.csv [SERVERS]
 *       parse + group + judge throughput on a generated table of SERVERS
 *       servers (default 1000), 10 per backend, with the real row width of
 *       TEMPLATE (a captured `show stat`), in servers/s and MB/s;
 *   haproxy-bench http URL [USER PASSWORD_FILE] [RUNS]
 *   haproxy-bench socket SPEC [RUNS]
 *       fetch + parse latency against a live haproxy: median, min, p90 and
 *       max of RUNS (default 20) probes, in ms.
 *
 * Progress dots go to a terminal only.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plugins/haproxy/haproxy.h"
#include "tests/haproxy/fixture.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress(void)
{
    if (isatty(2)) {
        fputc('.', stderr);
        fflush(stderr);
    }
}

static void progress_end(void)
{
    if (isatty(2))
        fputc('\n', stderr);
}

static void ignore(void *ctx, hs_status st, const char *text)
{
    (void)st;
    (void)text;
    ++*(int *)ctx;
}

/* One line of `tpl` (0-based), without its line end, as start/length. */
static int line_of(const char *tpl, int want, const char **start, size_t *len)
{
    int i;

    for (i = 0; i < want && tpl; i++) {
        tpl = strchr(tpl, '\n');
        if (tpl)
            tpl++;
    }
    if (!tpl || !*tpl)
        return -1;
    *start = tpl;
    *len = strcspn(tpl, "\n");
    return 0;
}

/* Append `row` with its first two fields replaced by px and sv. */
static size_t put_row(char *out, const char *row, size_t len, const char *px, const char *sv)
{
    const char *rest = memchr(row, ',', len);
    size_t n;

    rest = rest ? memchr(rest + 1, ',', len - (size_t)(rest + 1 - row)) : NULL;
    if (!rest)
        return 0;
    n = (size_t)sprintf(out, "%s,%s", px, sv);
    memcpy(out + n, rest, len - (size_t)(rest - row));
    n += len - (size_t)(rest - row);
    out[n++] = '\n';
    return n;
}

static int bench_parse(const char *tpl_path, long servers)
{
    const char *hdr, *srv, *be;
    size_t hlen, slen, blen, tlen = 0, len = 0, cap;
    char *tpl = hap_fixture_read(tpl_path, &tlen), *csv = NULL, err[512];
    struct hap_limits l;
    struct hap_filter f;
    double t0, elapsed;
    long i, iters = 0;
    int alerts = 0, rc = 1;

    memset(&l, 0, sizeof l);
    memset(&f, 0, sizeof f);
    l.min_up = 1;
    hs_range_parse("80", &l.warn_sessions, err, sizeof err);
    hs_range_parse("95", &l.crit_sessions, err, sizeof err);
    /* The sample's line 3 is a server (web1), line 7 the BACKEND row. */
    if (!tpl || line_of(tpl, 0, &hdr, &hlen) < 0 || line_of(tpl, 2, &srv, &slen) < 0 ||
        line_of(tpl, 6, &be, &blen) < 0) {
        fprintf(stderr, "haproxy-bench: %s: not a captured show stat\n", tpl_path);
        goto out;
    }
    cap = hlen + 1 + (size_t)(servers + servers / 10 + 1) * (slen + blen + 64);
    csv = malloc(cap);
    if (!csv)
        goto out;
    memcpy(csv, hdr, hlen);
    len = hlen;
    csv[len++] = '\n';
    for (i = 0; i < servers; i++) {
        char px[32], sv[32];

        snprintf(px, sizeof px, "be_%ld", i / 10);
        snprintf(sv, sizeof sv, "srv_%ld", i);
        len += put_row(csv + len, srv, slen, px, sv);
        if (i % 10 == 9 || i == servers - 1)
            len += put_row(csv + len, be, blen, px, "BACKEND");
    }
    t0 = now();
    do {
        struct hap_stats s;
        struct hap_view v;

        if (hap_stats_parse(csv, len, &s, err, sizeof err) < 0) {
            fprintf(stderr, "haproxy-bench: generated CSV: %s\n", err);
            hap_stats_free(&s);
            goto out;
        }
        if (hap_view_build(&s, &f, &v, err, sizeof err) == 0)
            hap_judge(&v, &l, ignore, &alerts);
        hap_view_free(&v);
        hap_stats_free(&s);
        if (++iters % 100 == 0)
            progress();
        elapsed = now() - t0;
    } while (elapsed < 2.0 || iters < 10);
    progress_end();
    printf("parse: %ld servers (%zu bytes of CSV, %ld backends), %ld runs "
           "in %.2f s\n",
           servers, len, (servers + 9) / 10, iters, elapsed);
    printf("parse: %.3f ms per table, %.0f servers/s, %.1f MB/s "
           "(parse + group + judge)\n",
           1000.0 * elapsed / (double)iters, (double)servers * (double)iters / elapsed,
           (double)len * (double)iters / elapsed / 1e6);
    rc = 0;
out:
    free(tpl);
    free(csv);
    return rc;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static int bench_fetch(const char *what, const struct hap_http *h, const char *spec, int runs)
{
    double *ms = calloc((size_t)runs, sizeof *ms);
    size_t rows = 0;
    int i, rc = 1;

    if (!ms)
        return 1;
    for (i = 0; i < runs; i++) {
        struct hap_stats s;
        char err[1024], *body = NULL;
        size_t len = 0;
        double t0 = now();
        int r = h ? hap_fetch_http(h, 5.0, &body, &len, err, sizeof err)
                  : hap_fetch_socket(spec, 5.0, &body, &len, err, sizeof err);

        if (r == 0 && hap_stats_parse(body, len, &s, err, sizeof err) == 0) {
            rows = s.nrows;
            hap_stats_free(&s);
        } else {
            if (r == 0)
                hap_stats_free(&s);
            fprintf(stderr, "haproxy-bench: %s: %s\n", what, err);
            free(body);
            goto out;
        }
        ms[i] = 1000.0 * (now() - t0);
        free(body);
        progress();
    }
    progress_end();
    qsort(ms, (size_t)runs, sizeof *ms, cmp);
    printf("%s: %d probes (fetch + parse, %zu rows): median %.3f ms, "
           "min %.3f ms, p90 %.3f ms, max %.3f ms\n",
           what, runs, rows, runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2, ms[0],
           ms[(runs * 9 + 9) / 10 - 1], ms[runs - 1]);
    rc = 0;
out:
    free(ms);
    return rc;
}

static int usage(void)
{
    fprintf(stderr, "usage: haproxy-bench parse TEMPLATE.csv [SERVERS]\n"
                    "       haproxy-bench http URL [USER PASSWORD_FILE] [RUNS]\n"
                    "       haproxy-bench socket SPEC [RUNS]\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "parse") == 0)
        return bench_parse(argv[2], argc > 3 ? atol(argv[3]) : 1000);
    if (argc >= 3 && strcmp(argv[1], "socket") == 0)
        return bench_fetch(strncmp(argv[2], "unix:", 5) == 0 ? "socket (unix)" : "socket (tcp)",
                           NULL, argv[2], argc > 3 ? atoi(argv[3]) : 20);
    if (argc >= 3 && strcmp(argv[1], "http") == 0) {
        struct hap_http h = {0};
        char url[2048], pw[512] = "";
        int runs = 20, rc;

        snprintf(url, sizeof url, "%s;csv", argv[2]);
        h.url = url;
        h.connect_timeout = 3;
        if (argc >= 5) {
            FILE *f = fopen(argv[4], "r");

            if (!f || !fgets(pw, sizeof pw, f)) {
                fprintf(stderr, "haproxy-bench: cannot read %s\n", argv[4]);
                if (f)
                    fclose(f);
                return 1;
            }
            fclose(f);
            pw[strcspn(pw, "\r\n")] = '\0';
            h.username = argv[3];
            h.password = pw;
            runs = argc > 5 ? atoi(argv[5]) : 20;
        } else if (argc == 4) {
            runs = atoi(argv[3]);
        }
        rc = bench_fetch(h.username ? "http+auth" : "http", &h, NULL, runs > 0 ? runs : 20);
        return rc;
    }
    return usage();
}
