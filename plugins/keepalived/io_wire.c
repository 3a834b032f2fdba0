/*
 * plugins/keepalived/io_wire.c — method "wire": listen passively on one
 * interface for VRRP advertisements (protocol 112: IPv4 224.0.0.18, IPv6
 * ff02::12, or both) for a window. Needs CAP_NET_RAW (the target's
 * probe_caps = ["net_raw"]). What is heard goes through ka_parse_vrrp4 /
 * ka_parse_vrrp6 and into a ka_wire_obs.
 */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "keepalived.h"

#define VRRP_PROTO 112
#define VRRP_GROUP 0xe0000012u /* 224.0.0.18, RFC 5798 5.1.1.2 */
/* ff02::12, RFC 5798 5.1.2.2 */
static const unsigned char vrrp_group6[16] = {0xff, 0x02, [15] = 0x12};

/* A raw socket of `family` for protocol 112 bound to `ifname`. Returns
 * the fd, or -1 with the reason. */
static int open_raw(int family, const char *ifname, char *err, size_t errlen)
{
    int fd = socket(family, SOCK_RAW | SOCK_CLOEXEC, VRRP_PROTO);

    if (fd < 0) {
        ka_fail(err, errlen, "raw %s socket for VRRP: %s%s", family == AF_INET6 ? "IPv6" : "IPv4",
                strerror(errno),
                errno == EPERM ? " (the target needs probe_caps = [\"net_raw\"])" : "");
        return -1;
    }
    if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)) < 0) {
        ka_fail(err, errlen, "binding to %s: %s", ifname, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* IPv4: joined to the VRRP group on interface idx (without the join the
 * kernel drops the multicast before the socket sees it). */
static int open_listener4(const char *ifname, unsigned idx, char *err, size_t errlen)
{
    struct ip_mreqn mreq;
    int fd = open_raw(AF_INET, ifname, err, errlen);

    if (fd < 0)
        return -1;
    memset(&mreq, 0, sizeof mreq);
    mreq.imr_multiaddr.s_addr = htonl(VRRP_GROUP);
    mreq.imr_ifindex = (int)idx;
    if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq) < 0) {
        ka_fail(err, errlen, "joining 224.0.0.18 on %s: %s", ifname, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* IPv6: the socket delivers the VRRP message without the IPv6 header, so
 * ask for the hop limit (RFC 5798 7.1 wants 255) and the destination (the
 * checksum's pseudo-header) with every packet, then join ff02::12. */
static int open_listener6(const char *ifname, unsigned idx, char *err, size_t errlen)
{
    struct ipv6_mreq mreq;
    int on = 1, fd = open_raw(AF_INET6, ifname, err, errlen);

    if (fd < 0)
        return -1;
    if (setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on) < 0 ||
        setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on) < 0) {
        ka_fail(err, errlen, "IPv6 socket options: %s", strerror(errno));
        goto fail;
    }
    memset(&mreq, 0, sizeof mreq);
    memcpy(&mreq.ipv6mr_multiaddr, vrrp_group6, sizeof vrrp_group6);
    mreq.ipv6mr_interface = idx;
    if (setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq, sizeof mreq) < 0) {
        ka_fail(err, errlen, "joining ff02::12 on %s: %s%s", ifname, strerror(errno),
                errno == ENODEV || errno == EADDRNOTAVAIL ? " (IPv6 disabled there?)" : "");
        goto fail;
    }
    return fd;
fail:
    close(fd);
    return -1;
}

static void malformed(struct ka_wire_obs *o, const char *why)
{
    o->malformed++;
    snprintf(o->last_error, sizeof o->last_error, "%s", why);
}

/* Take one IPv4 datagram (header included) off fd into o. */
static void take_one4(int fd, struct ka_wire_obs *o, double t)
{
    unsigned char buf[2048];
    struct ka_vrrp_adv a;
    char why[160];
    ssize_t n = recv(fd, buf, sizeof buf, MSG_TRUNC | MSG_DONTWAIT);

    if (n < 0)
        return; /* EAGAIN, EINTR: the loop polls again */
    if ((size_t)n > sizeof buf) {
        snprintf(why, sizeof why, "%zd bytes, longer than any VRRP packet", n);
    } else if (ka_parse_vrrp4(buf, (size_t)n, &a, why, sizeof why) == 0) {
        ka_wire_add(o, &a, t);
        return;
    }
    malformed(o, why);
}

/* Take one IPv6 VRRP message off fd into o: the source from msg_name, the
 * destination and hop limit from the control messages. */
static void take_one6(int fd, struct ka_wire_obs *o, double t)
{
    unsigned char buf[4096], dst[16] = {0};
    union {
        char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } ctl;
    struct sockaddr_in6 from;
    struct iovec iov = {buf, sizeof buf};
    struct msghdr m = {&from, sizeof from, &iov, 1, ctl.buf, sizeof ctl.buf, 0};
    struct cmsghdr *c;
    struct ka_vrrp_adv a;
    char why[160];
    int hoplimit = -1;
    ssize_t n = recvmsg(fd, &m, MSG_TRUNC | MSG_DONTWAIT);

    if (n < 0)
        return; /* EAGAIN, EINTR: the loop polls again */
    for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
        if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)
            memcpy(&hoplimit, CMSG_DATA(c), sizeof hoplimit);
        else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO)
            memcpy(dst, CMSG_DATA(c), sizeof dst); /* ipi6_addr comes first */
    }
    if ((size_t)n > sizeof buf || (m.msg_flags & MSG_TRUNC))
        snprintf(why, sizeof why, "%zd bytes, longer than any VRRP packet", n);
    else if (m.msg_namelen < sizeof from || from.sin6_family != AF_INET6)
        snprintf(why, sizeof why, "an IPv6 packet without its source address");
    else if (ka_parse_vrrp6(buf, (size_t)n, from.sin6_addr.s6_addr, dst, hoplimit, &a, why,
                            sizeof why) == 0) {
        ka_wire_add(o, &a, t);
        return;
    }
    malformed(o, why);
}

/* Open the listeners o->families asks for into fd[0] (IPv4) and fd[1]
 * (IPv6), -1 each when not. Returns 0, or -1 with o->why: every family
 * failed, or (but under KA_FAM_ANY) any one did; under KA_FAM_ANY one that
 * failed while the other opened is left in o->note. */
static int open_all(const char *ifname, struct ka_wire_obs *o, int fd[2])
{
    char err[2][200] = {"", ""};
    unsigned idx = if_nametoindex(ifname);

    fd[0] = fd[1] = -1;
    if (!idx) {
        snprintf(o->why, sizeof o->why, "interface %s: %s", ifname, strerror(errno));
        return -1;
    }
    if (o->families & KA_FAM_IPV4)
        fd[0] = open_listener4(ifname, idx, err[0], sizeof err[0]);
    if (o->families & KA_FAM_IPV6)
        fd[1] = open_listener6(ifname, idx, err[1], sizeof err[1]);
    if ((err[0][0] || err[1][0]) && (o->families != KA_FAM_ANY || (fd[0] < 0 && fd[1] < 0))) {
        snprintf(o->why, sizeof o->why, "%s", err[0][0] ? err[0] : err[1]);
        return -1;
    }
    if (err[0][0] || err[1][0])
        snprintf(o->note, sizeof o->note, "listening on %s only: %s", fd[0] >= 0 ? "IPv4" : "IPv6",
                 err[0][0] ? err[0] : err[1]);
    return 0;
}

void ka_wire_listen(const char *ifname, double window, struct ka_wire_obs *o)
{
    double start = ka_mono_now(), left;
    struct pollfd pfd[2];
    int fd[2], i;

    if (open_all(ifname, o, fd) < 0)
        goto out;
    for (i = 0; i < 2; i++) {
        pfd[i].fd = fd[i]; /* poll ignores a negative fd */
        pfd[i].events = POLLIN;
        pfd[i].revents = 0;
    }
    while ((left = start + window - ka_mono_now()) > 0) {
        int r = poll(pfd, 2, (int)(left * 1000) + 1);
        if (r < 0 && errno != EINTR) {
            snprintf(o->why, sizeof o->why, "poll: %s", strerror(errno));
            break;
        }
        if (r > 0 && (pfd[0].revents & POLLIN))
            take_one4(fd[0], o, ka_mono_now() - start);
        if (r > 0 && (pfd[1].revents & POLLIN))
            take_one6(fd[1], o, ka_mono_now() - start);
    }
    o->window = ka_mono_now() - start;
out:
    for (i = 0; i < 2; i++)
        if (fd[i] >= 0)
            close(fd[i]);
}
