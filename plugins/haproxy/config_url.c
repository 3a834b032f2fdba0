/*
 * plugins/haproxy/config_url.c — stats URL facts for the settings check (see
 * haproxy.h).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

#include "haproxy.h"

/* Whether host[0..len) names this machine. Only literal forms count: a name
 * that merely resolves to 127.0.0.1 is up to DNS, so it gets the warning. */
static int host_is_loopback(const char *host, size_t len)
{
    char buf[64];
    struct in_addr a4;
    struct in6_addr a6;

    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, host, len);
    buf[len] = '\0';
    if (strcasecmp(buf, "localhost") == 0 || strcasecmp(buf, "localhost.") == 0)
        return 1;
    if (buf[0] == '[') {
        if (len < 3 || buf[len - 1] != ']')
            return 0;
        buf[len - 1] = '\0';
        return inet_pton(AF_INET6, buf + 1, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
    }
    /* inet_pton takes dotted quads only, so "127.1" or "0x7f.1" (which curl
     * might read as loopback) are not trusted: at worst an extra warning */
    return inet_pton(AF_INET, buf, &a4) == 1 && (ntohl(a4.s_addr) >> 24) == 127;
}

int hap_url_inspect(const char *url, struct hap_url_info *info)
{
    const char *auth, *host, *end, *at;
    size_t authlen, hostlen;

    memset(info, 0, sizeof *info);
    if (strncasecmp(url, "http://", 7) == 0) {
        auth = url + 7;
    } else if (strncasecmp(url, "https://", 8) == 0) {
        auth = url + 8;
        info->https = 1;
    } else {
        return -1;
    }
    authlen = strcspn(auth, "/?#");
    /* the last '@' ends userinfo: "u@x@h" is user "u@x" at host "h" */
    at = NULL;
    for (const char *p = auth; p < auth + authlen; p++)
        if (*p == '@')
            at = p;
    info->userinfo = at != NULL;
    host = at ? at + 1 : auth;
    end = auth + authlen;
    if (*host == '[') {
        const char *close = memchr(host, ']', (size_t)(end - host));
        hostlen = close ? (size_t)(close - host) + 1 : (size_t)(end - host);
    } else {
        const char *colon = memchr(host, ':', (size_t)(end - host));
        hostlen = colon ? (size_t)(colon - host) : (size_t)(end - host);
    }
    info->loopback = host_is_loopback(host, hostlen);
    return 0;
}
