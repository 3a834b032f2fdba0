/*
 * fetch.h — getting the stats CSV from HAProxy: the HTTP(S) stats page
 * through libcurl, or `show stat` on the stats socket (unix or TCP).
 *
 * I/O only: these return the raw bytes and never interpret them, so the
 * pure parser stays the one place that reads HAProxy's format.
 */
#ifndef HAP_FETCH_H
#define HAP_FETCH_H

#include <stddef.h>

/* A reply larger than this is not a stats table (1,000 servers are about
 * 500 KB), and a bounded buffer keeps a hostile peer from eating memory. */
#define HAP_FETCH_MAX ((size_t)64 << 20)

struct hap_http {
    const char *url;        /* http:// or https://, ";csv" already added */
    const char *username;   /* NULL: no authentication */
    const char *password;   /* with username; never copied into messages */
    const char *ca_file;    /* NULL: the system's CA store */
    int insecure;           /* 1: skip certificate and host verification */
    double connect_timeout; /* seconds */
};

/* GET the stats page within `timeout` seconds (total). On success returns
 * 0 and hands over *body (NUL-terminated, *len bytes without the NUL),
 * which the caller frees with free(). On failure returns -1, *body is
 * NULL, and err says what failed (connection, TLS, HTTP status, timeout)
 * without the password. */
int hap_fetch_http(const struct hap_http *h, double timeout, char **body,
                   size_t *len, char *err, size_t errlen);

/* Check a socket address "unix:/path", "tcp:host:port" or
 * "tcp:[v6addr]:port" without connecting. Returns 0, or -1 with err. */
int hap_socket_check(const char *spec, char *err, size_t errlen);

/* Send `show stat` to the stats socket `spec` and read the reply until the
 * server closes, all within `timeout` seconds. Ownership and errors as for
 * hap_fetch_http(). */
int hap_fetch_socket(const char *spec, double timeout, char **body,
                     size_t *len, char *err, size_t errlen);

#endif /* HAP_FETCH_H */
