/*
 * plugins/keepalived/parse_vrrp.c — one VRRP advertisement off the wire, as a
 * raw socket for protocol 112 delivers it: over IPv4 the IPv4 header, then
 * VRRPv2 (RFC 3768 5.1) or VRRPv3 (RFC 5798 5.1); over IPv6 the VRRPv3
 * message alone, its IPv6 addresses and hop limit beside it. Every byte is
 * the network's, so every length is checked before it is read. Pure.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "keepalived.h"

#define VRRP_PROTO 112
#define VRRP_HDR 8      /* version/type, vrid, priority, count, 2 + checksum */
#define VRRP2_AUTH 8    /* VRRPv2: authentication data after the addresses */
#define VRRP_TYPE_ADV 1 /* the only type there is */

unsigned ka_inet_checksum(const unsigned char *buf, size_t len, unsigned long sum)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2)
        sum += (unsigned long)buf[i] << 8 | buf[i + 1];
    if (len & 1)
        sum += (unsigned long)buf[len - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (unsigned)(~sum & 0xffff);
}

static void quad(char *dst, size_t cap, const unsigned char *a)
{
    snprintf(dst, cap, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

/* An IPv6 address as text (RFC 5952 form, as inet_ntop writes it). */
static void hex6(char *dst, size_t cap, const unsigned char *a)
{
    if (!inet_ntop(AF_INET6, a, dst, (socklen_t)cap))
        snprintf(dst, cap, "?");
}

int ka_addr_same(const char *a, const char *b)
{
    unsigned char x[16], y[16];

    if (inet_pton(AF_INET, a, x) == 1 && inet_pton(AF_INET, b, y) == 1)
        return memcmp(x, y, 4) == 0;
    if (inet_pton(AF_INET6, a, x) == 1 && inet_pton(AF_INET6, b, y) == 1)
        return memcmp(x, y, 16) == 0;
    return strcmp(a, b) == 0;
}

/* The IPv4 header: returns its length, or -1 with the reason. */
static int ip_header(const unsigned char *pkt, size_t len, struct ka_vrrp_adv *out, char *err,
                     size_t errlen)
{
    size_t ihl, total;

    if (len < 20)
        return ka_fail(err, errlen, "truncated: %zu bytes, less than an IPv4 header", len);
    if (pkt[0] >> 4 != 4)
        return ka_fail(err, errlen, "not IPv4 (IP version %u)", pkt[0] >> 4);
    ihl = (size_t)(pkt[0] & 0x0f) * 4;
    total = (size_t)pkt[2] << 8 | pkt[3];
    if (ihl < 20 || ihl > len)
        return ka_fail(err, errlen, "bad IPv4 header length %zu (packet of %zu bytes)", ihl, len);
    /* the kernel hands over the whole datagram: a shorter one was cut */
    if (total != len)
        return ka_fail(err, errlen, "IPv4 total length %zu but %zu bytes received", total, len);
    if (pkt[9] != VRRP_PROTO)
        return ka_fail(err, errlen, "IP protocol %u, not VRRP (112)", pkt[9]);
    out->ttl = pkt[8];
    quad(out->src, sizeof out->src, pkt + 12);
    quad(out->dst, sizeof out->dst, pkt + 16);
    /* RFC 5798 7.1 / RFC 3768 7.1: a router MUST drop one with another TTL:
     * it was routed here, so not sent on this segment */
    if (out->ttl != 255)
        return ka_fail(err, errlen, "TTL %d, not 255: not sent on this segment", out->ttl);
    return (int)ihl;
}

/* The virtual addresses (`size` bytes each) as text, comma separated, cut
 * at the buffer. */
static void list_addrs(const unsigned char *a, int n, size_t size, struct ka_vrrp_adv *out)
{
    char one[KA_ADDR_MAX];
    size_t used = 0;
    int i;

    out->addrs[0] = '\0';
    for (i = 0; i < n; i++) {
        if (size == 4)
            quad(one, sizeof one, a + 4 * i);
        else
            hex6(one, sizeof one, a + 16 * i);
        if (used + strlen(one) + 2 > sizeof out->addrs) {
            out->addrs_cut = 1;
            return;
        }
        used += (size_t)snprintf(out->addrs + used, sizeof out->addrs - used, "%s%s",
                                 used ? "," : "", one);
    }
}

/* VRRPv3 over IPv4 sums a pseudo-header (RFC 5798 5.2.8); v2 does not. */
static int checksum_ok(const unsigned char *ip, const unsigned char *v, size_t vlen, int version)
{
    unsigned long sum = 0;
    int i;

    if (version == 3) {
        for (i = 12; i < 20; i += 2)
            sum += (unsigned long)ip[i] << 8 | ip[i + 1];
        sum += VRRP_PROTO + (unsigned long)vlen;
    }
    return ka_inet_checksum(v, vlen, sum) == 0;
}

/* The VRRP message v[0..vlen) whose addresses are `size` bytes each (4 or
 * 16): header fields and virtual addresses into *out, all but the
 * checksum. Returns 0 or -1 with the reason. */
static int vrrp_body(const unsigned char *v, size_t vlen, size_t size, struct ka_vrrp_adv *out,
                     char *err, size_t errlen)
{
    size_t want;

    if (vlen < VRRP_HDR)
        return ka_fail(err, errlen, "truncated: %zu bytes of VRRP, less than its header", vlen);
    out->version = v[0] >> 4;
    if (size == 16 && out->version != 3)
        return ka_fail(err, errlen, "VRRP version %d over IPv6: only VRRPv3 runs over IPv6",
                       out->version);
    if (out->version != 2 && out->version != 3)
        return ka_fail(err, errlen, "VRRP version %d, not 2 or 3", out->version);
    if ((v[0] & 0x0f) != VRRP_TYPE_ADV)
        return ka_fail(err, errlen, "VRRP type %d, not ADVERTISEMENT (1)", v[0] & 0x0f);
    out->vrid = v[1];
    out->priority = v[2];
    out->n_addrs = v[3];
    if (out->vrid == 0)
        return ka_fail(err, errlen, "VRID 0 (1-255)");
    want = VRRP_HDR + size * (size_t)out->n_addrs + (out->version == 2 ? VRRP2_AUTH : 0);
    if (vlen != want)
        return ka_fail(err, errlen, "VRRPv%d with %d addresses is %zu bytes, not %zu", out->version,
                       out->n_addrs, want, vlen);
    if (out->version == 2) {
        out->auth_type = v[4];
        out->interval = v[5];
    } else {
        /* 4 reserved bits, then 12 of centiseconds */
        out->interval = (double)(((unsigned)v[4] & 0x0f) << 8 | v[5]) / 100.0;
    }
    if (out->interval <= 0)
        return ka_fail(err, errlen, "advertisement interval 0");
    if (out->n_addrs == 0)
        return ka_fail(err, errlen, "no virtual address");
    list_addrs(v + VRRP_HDR, out->n_addrs, size, out);
    return 0;
}

int ka_parse_vrrp4(const unsigned char *pkt, size_t len, struct ka_vrrp_adv *out, char *err,
                   size_t errlen)
{
    int ihl;

    memset(out, 0, sizeof *out);
    out->family = 4;
    ihl = ip_header(pkt, len, out, err, errlen);
    if (ihl < 0 || vrrp_body(pkt + ihl, len - (size_t)ihl, 4, out, err, errlen) < 0)
        return -1;
    out->checksum_ok = checksum_ok(pkt, pkt + ihl, len - (size_t)ihl, out->version);
    return 0;
}

/* RFC 5798 5.2.8 with RFC 8200 8.1: the IPv6 pseudo-header is the source,
 * the destination, the upper-layer length (32 bits) and the next header. */
static int checksum6_ok(const unsigned char *src, const unsigned char *dst, const unsigned char *v,
                        size_t vlen)
{
    unsigned long sum = 0;
    int i;

    for (i = 0; i < 16; i += 2)
        sum +=
            ((unsigned long)src[i] << 8 | src[i + 1]) + ((unsigned long)dst[i] << 8 | dst[i + 1]);
    sum += (unsigned long)(vlen >> 16) + (unsigned long)(vlen & 0xffff) + VRRP_PROTO;
    return ka_inet_checksum(v, vlen, sum) == 0;
}

int ka_parse_vrrp6(const unsigned char *msg, size_t len, const unsigned char *src,
                   const unsigned char *dst, int hoplimit, struct ka_vrrp_adv *out, char *err,
                   size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->family = 6;
    out->ttl = hoplimit;
    hex6(out->src, sizeof out->src, src);
    hex6(out->dst, sizeof out->dst, dst);
    if (hoplimit < 0)
        return ka_fail(err, errlen, "no hop limit with the packet (IPV6_RECVHOPLIMIT)");
    /* RFC 5798 7.1: MUST drop one whose hop limit is not 255 */
    if (hoplimit != 255)
        return ka_fail(err, errlen, "hop limit %d, not 255: not sent on this segment", hoplimit);
    if (vrrp_body(msg, len, 16, out, err, errlen) < 0)
        return -1;
    out->checksum_ok = checksum6_ok(src, dst, msg, len);
    return 0;
}
