/*
 * tests/fuzz/fuzz_keepalived_vrrp.c — libFuzzer target for the VRRP packet
 * parser (parse_vrrp.c) and the wire window's verdict (judge_wire.c). The
 * input is a sequence of packets, each a length byte and that many bytes
 * (the rest when shorter); every packet that parses is heard, then the
 * window is judged with two expected routers.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/keepalived/keepalived.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int vrids[] = {61, 1, 255};
    static const char *const routers[] = {"198.51.100.1", "198.51.100.2"};
    /* static: the window is large, and one run at a time */
    static struct ka_wire_obs o;
    static struct ka_wire_judgement j;
    struct ka_vrrp_adv a;
    char err[160];
    size_t at = 0, n;
    double t = 0;

    ka_wire_obs_init(&o, vrids, 3);
    o.window = 3.5;
    while (at < size) {
        n = data[at++];
        if (n > size - at)
            n = size - at;
        if (ka_parse_vrrp4(data + at, n, &a, err, sizeof err) == 0)
            ka_wire_add(&o, &a, t);
        else
            o.malformed++;
        at += n;
        t += 0.25;
    }
    ka_wire_judge(&o, routers, 2, &j);
    return 0;
}
