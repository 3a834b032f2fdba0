/*
 * plugins/keepalived/io_wire.c — method "wire": listen passively on one
 * interface for VRRP advertisements (IPv4, protocol 112, 224.0.0.18) for a
 * window. Needs CAP_NET_RAW (the target's probe_caps = ["net_raw"]).
 * What is heard goes through ka_parse_vrrp4 and into a ka_wire_obs.
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

#define VRRP_GROUP 0xe0000012u /* 224.0.0.18, RFC 5798 5.1.1.2 */

/* A raw socket for protocol 112 on `ifname`, joined to the VRRP group
 * (without the join the kernel drops the multicast before the socket
 * sees it). Returns the fd, or -1 with the reason. */
static int open_listener(const char *ifname, char *err, size_t errlen)
{
    struct ip_mreqn mreq;
    unsigned idx = if_nametoindex(ifname);
    int fd = -1;

    if (!idx) {
        ka_fail(err, errlen, "interface %s: %s", ifname, strerror(errno));
        goto fail;
    }
    fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, 112);
    if (fd < 0) {
        ka_fail(err, errlen, "raw socket for VRRP: %s%s", strerror(errno),
                errno == EPERM ? " (the target needs probe_caps = [\"net_raw\"])" : "");
        goto fail;
    }
    if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)) < 0) {
        ka_fail(err, errlen, "binding to %s: %s", ifname, strerror(errno));
        goto fail;
    }
    memset(&mreq, 0, sizeof mreq);
    mreq.imr_multiaddr.s_addr = htonl(VRRP_GROUP);
    mreq.imr_ifindex = (int)idx;
    if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq) < 0) {
        ka_fail(err, errlen, "joining 224.0.0.18 on %s: %s", ifname, strerror(errno));
        goto fail;
    }
    return fd;
fail:
    if (fd >= 0)
        close(fd);
    return -1;
}

/* Take one datagram off fd into o. */
static void take_one(int fd, struct ka_wire_obs *o, double t)
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
    o->malformed++;
    snprintf(o->last_error, sizeof o->last_error, "%s", why);
}

void ka_wire_listen(const char *ifname, double window, struct ka_wire_obs *o)
{
    double start = ka_mono_now(), left;
    struct pollfd pfd;
    int fd = open_listener(ifname, o->why, sizeof o->why);

    if (fd < 0)
        return;
    pfd.fd = fd;
    pfd.events = POLLIN;
    while ((left = start + window - ka_mono_now()) > 0) {
        int r = poll(&pfd, 1, (int)(left * 1000) + 1);
        if (r < 0 && errno != EINTR) {
            snprintf(o->why, sizeof o->why, "poll: %s", strerror(errno));
            break;
        }
        if (r > 0)
            take_one(fd, o, ka_mono_now() - start);
    }
    o->window = ka_mono_now() - start;
    close(fd);
}
