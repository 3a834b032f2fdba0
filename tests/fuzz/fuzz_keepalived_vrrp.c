/*
 * tests/fuzz/fuzz_keepalived_vrrp.c — libFuzzer target for the VRRP packet
 * parser (parse_vrrp.c) and the wire window's verdict (judge_wire.c). The
 * input is a sequence of packets, each a length byte and that many bytes
 * (the rest when shorter); every packet that parses is heard, then the
 * window is judged with two expected routers. A packet of IP version 6
 * (first nibble) with at least a 40-byte IPv6 header goes to the IPv6
 * parser the way io_wire.c calls it: the message after the header, the
 * header's source, destination and hop limit beside it; any other to the
 * IPv4 parser whole.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/keepalived/keepalived.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int parse_one(const uint8_t *p, size_t n, struct ka_vrrp_adv *a, char *err, size_t errlen)
{
    if (n >= 40 && p[0] >> 4 == 6)
        return ka_parse_vrrp6(p + 40, n - 40, p + 8, p + 24, p[7], a, err, errlen);
    return ka_parse_vrrp4(p, n, a, err, errlen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int vrids[] = {61, 1, 255};
    static const char *const routers[] = {"198.51.100.1", "fe80::2"};
    /* static: the window is large, and one run at a time */
    static struct ka_wire_obs o;
    static struct ka_wire_judgement j;
    struct ka_vrrp_adv a;
    char err[160];
    size_t at = 0, n;
    double t = 0;

    ka_wire_obs_init(&o, vrids, 3, KA_FAM_ANY);
    o.window = 3.5;
    while (at < size) {
        n = data[at++];
        if (n > size - at)
            n = size - at;
        if (parse_one(data + at, n, &a, err, sizeof err) == 0)
            ka_wire_add(&o, &a, t);
        else
            o.malformed++;
        at += n;
        t += 0.25;
    }
    ka_wire_judge(&o, routers, 2, &j);
    return 0;
}
