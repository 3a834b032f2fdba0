/*
 * plugins/galera/parse_addr.c — node address parser (see galera.h). Host names
 * are checked for characters only; resolving them is the client library's job
 * at probe time.
 */
#include <stdio.h>
#include <string.h>

#include "galera.h"

static int host_char(unsigned char c, int v6)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
        c == '-' || c == '_')
        return 1;
    return v6 && (c == ':' || c == '%');
}

static int parse_port(const char *s, unsigned *out)
{
    unsigned long p = 0;
    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        p = p * 10 + (unsigned long)(*s - '0');
        if (p > 65535)
            return -1;
    }
    if (p == 0)
        return -1;
    *out = (unsigned)p;
    return 0;
}

int gal_addr_parse(const char *text, gal_addr *out, char *err, size_t errlen)
{
    const char *host = text, *port = NULL, *end;
    size_t hlen, i;
    int v6 = 0;

    memset(out, 0, sizeof *out);
    out->port = GAL_DEFAULT_PORT;
    if (strncmp(text, "unix:", 5) == 0 || text[0] == '/') {
        const char *path = text[0] == '/' ? text : text + 5;
        if (path[0] != '/') {
            snprintf(err, errlen, "socket path '%.100s' is not absolute", path);
            return -1;
        }
        if (strlen(path) >= GAL_SOCK_MAX) {
            snprintf(err, errlen, "socket path is longer than %d bytes", GAL_SOCK_MAX - 1);
            return -1;
        }
        out->is_socket = 1;
        snprintf(out->socket, sizeof out->socket, "%s", path);
        return 0;
    }
    if (text[0] == '[') {
        host = text + 1;
        end = strchr(host, ']');
        if (!end) {
            snprintf(err, errlen, "'%.100s': no ']' after the IPv6 address", text);
            return -1;
        }
        if (end[1] == ':')
            port = end + 2;
        else if (end[1] != '\0') {
            snprintf(err, errlen, "'%.100s': expected ':PORT' after ']'", text);
            return -1;
        }
        v6 = 1;
    } else {
        end = strchr(text, ':');
        if (end) {
            if (strchr(end + 1, ':')) {
                snprintf(err, errlen, "'%.100s': write an IPv6 address as [ADDR]:PORT", text);
                return -1;
            }
            port = end + 1;
        } else {
            end = text + strlen(text);
        }
    }
    hlen = (size_t)(end - host);
    if (hlen == 0 || hlen >= GAL_HOST_MAX) {
        snprintf(err, errlen, "'%.100s': host is empty or too long", text);
        return -1;
    }
    for (i = 0; i < hlen; i++)
        if (!host_char((unsigned char)host[i], v6)) {
            snprintf(err, errlen, "'%.100s': bad character in host name", text);
            return -1;
        }
    if (port && parse_port(port, &out->port) < 0) {
        snprintf(err, errlen, "'%.100s': port is not a number in 1..65535", text);
        return -1;
    }
    memcpy(out->host, host, hlen);
    out->host[hlen] = '\0';
    return 0;
}
