/*
 * url.h — what the settings check needs to know about a stats URL.
 *
 * Pure: a string in, facts out; no I/O, no resolver, no global state (the
 * fuzz target calls it on arbitrary bytes).
 */
#ifndef HAP_URL_H
#define HAP_URL_H

struct hap_url_info {
    int https;        /* 1: https://, 0: http:// (scheme case-insensitive) */
    int userinfo;     /* 1: the authority holds an '@' (a login, maybe a
                         password): RFC 3986, the authority runs from "//"
                         to the first '/', '?' or '#' (';' does not end it) */
    int loopback;     /* 1: the host is localhost, 127.0.0.0/8 or ::1, so
                         plain http never leaves the machine */
};

/* Inspect url (NUL-terminated). Returns 0 and fills *info, or -1 when the
 * scheme is not http:// or https:// (*info zeroed). Never fails otherwise:
 * a URL curl will refuse later is not this function's business. */
int hap_url_inspect(const char *url, struct hap_url_info *info);

#endif /* HAP_URL_H */
