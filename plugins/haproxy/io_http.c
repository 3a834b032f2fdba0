/*
 * plugins/haproxy/io_http.c — the HTTP(S) stats page through libcurl (see
 * haproxy.h).
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "haproxy.h"

struct sink {
    char *data;
    size_t len, cap;
    int too_big;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct sink *s = userdata;
    size_t n = size * nmemb;

    if (n > HAP_FETCH_MAX - s->len) {
        s->too_big = 1;
        return 0; /* makes curl fail with CURLE_WRITE_ERROR */
    }
    if (s->len + n + 1 > s->cap) {
        size_t ncap = s->cap ? s->cap : 16384;
        char *nd;

        while (ncap < s->len + n + 1)
            ncap *= 2;
        nd = realloc(s->data, ncap);
        if (!nd)
            return 0;
        s->data = nd;
        s->cap = ncap;
    }
    memcpy(s->data + s->len, ptr, n);
    s->len += n;
    s->data[s->len] = '\0';
    return n;
}

static long ms(double seconds)
{
    /* curl reads 0 as "no timeout"; a spent budget must still time out. */
    return seconds < 0.001 ? 1 : (long)(seconds * 1000.0);
}

static int setup(CURL *c, const struct hap_http *h, double timeout, struct sink *s, char *cerr)
{
    CURLcode e = CURLE_OK;

#define SET(opt, val)                                                                              \
    if (e == CURLE_OK)                                                                             \
    e = curl_easy_setopt(c, opt, val)
    SET(CURLOPT_URL, h->url);
    SET(CURLOPT_ERRORBUFFER, cerr);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_WRITEFUNCTION, on_data);
    SET(CURLOPT_WRITEDATA, s);
    SET(CURLOPT_CONNECTTIMEOUT_MS, ms(h->connect_timeout < timeout ? h->connect_timeout : timeout));
    SET(CURLOPT_TIMEOUT_MS, ms(timeout));
    SET(CURLOPT_FOLLOWLOCATION, 0L);
    SET(CURLOPT_USERAGENT, "hascout-haproxy");
#if LIBCURL_VERSION_NUM >= 0x075500
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
#else
    SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    if (h->username) {
        SET(CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        SET(CURLOPT_USERNAME, h->username);
        SET(CURLOPT_PASSWORD, h->password ? h->password : "");
    }
    if (h->ca_file)
        SET(CURLOPT_CAINFO, h->ca_file);
    if (h->insecure) {
        SET(CURLOPT_SSL_VERIFYPEER, 0L);
        SET(CURLOPT_SSL_VERIFYHOST, 0L);
    }
#undef SET
    return e == CURLE_OK ? 0 : -1;
}

/* curl's own text for connection errors hides the system's reason
 * ("Connection refused"), which is what an operator needs. A time-out comes
 * first as "no answer within N s" (N: the connect limit when no connection
 * was made, else the whole fetch's): a blackholed host drops packets and
 * never refuses, and that is the words the reports use for it. */
static void describe(CURL *c, CURLcode e, const struct hap_http *h, double timeout,
                     const char *cerr, char *err, size_t errlen)
{
    long oserr = 0;
    double connected = 0, limit = timeout;
    char silent[48] = "";

    if (curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &oserr) != CURLE_OK)
        oserr = 0;
    if (e == CURLE_OPERATION_TIMEDOUT) {
        if (curl_easy_getinfo(c, CURLINFO_CONNECT_TIME, &connected) != CURLE_OK)
            connected = 0;
        if (connected <= 0 && h->connect_timeout < timeout)
            limit = h->connect_timeout;
        snprintf(silent, sizeof silent, "no answer within %.3g s: ", limit);
    }
    snprintf(err, errlen, "%s%s: %s%s%s", silent, h->url, cerr[0] ? cerr : curl_easy_strerror(e),
             oserr ? ": " : "", oserr ? strerror((int)oserr) : "");
}

int hap_fetch_http(const struct hap_http *h, double timeout, char **body, size_t *len, char *err,
                   size_t errlen)
{
    char cerr[CURL_ERROR_SIZE] = "";
    struct sink s = {NULL, 0, 0, 0};
    CURL *c = NULL;
    CURLcode e;
    long code = 0;
    int rc = -1;

    *body = NULL;
    *len = 0;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(err, errlen, "libcurl failed to initialise");
        return -1;
    }
    c = curl_easy_init();
    if (!c || setup(c, h, timeout, &s, cerr) < 0) {
        snprintf(err, errlen, "libcurl refused the request options for %s", h->url);
        goto out;
    }
    e = curl_easy_perform(c);
    if (e != CURLE_OK) {
        if (s.too_big)
            snprintf(err, errlen, "%s: reply larger than %zu MiB", h->url, HAP_FETCH_MAX >> 20);
        else
            describe(c, e, h, timeout, cerr, err, errlen);
        goto out;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (code == 401 || code == 403) {
        snprintf(err, errlen, "%s: authentication refused (HTTP %ld)%s", h->url, code,
                 h->username ? "" : "; no username configured");
        goto out;
    }
    if (code != 200) {
        snprintf(err, errlen, "%s: HTTP status %ld, expected 200", h->url, code);
        goto out;
    }
    if (!s.data) {
        snprintf(err, errlen, "%s: empty reply", h->url);
        goto out;
    }
    *body = s.data;
    *len = s.len;
    s.data = NULL;
    rc = 0;
out:
    free(s.data);
    if (c)
        curl_easy_cleanup(c);
    curl_global_cleanup();
    return rc;
}
