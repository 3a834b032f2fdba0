/*
 * tests/fuzz/fuzz_keepalived.c — libFuzzer target for every keepalived
 * parser: the first byte picks the parser, the rest is its input. The
 * JSON/data/stats results also go through the verdict (judge.c), so a
 * parser result the verdict cannot take is found too.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "plugins/keepalived/keepalived.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ka_node_obs obs;
    struct ka_judgement j;
    struct ka_judge_cfg cfg = {"n1", NULL, 0};
    struct ka_flap flap;
    struct ka_event ev;
    const char *buf = (const char *)data + 1;
    char err[256], out[4096];
    size_t len;
    int rc = -1;

    if (size < 1)
        return 0;
    len = size - 1;
    ka_node_obs_init(&obs, "n1");
    ka_flap_init(&flap);
    switch (data[0] % 6) {
    case 0: rc = ka_parse_json(buf, len, &obs.view, err, sizeof err); break;
    case 1: rc = ka_parse_data(buf, len, &obs.view, err, sizeof err); break;
    case 2: rc = ka_parse_stats(buf, len, &obs.view, err, sizeof err); break;
    case 3:
        rc = ka_parse_state_file(buf, len, &obs.view, err, sizeof err);
        if (rc == 0)
            ka_format_state_file(&obs.view, out, sizeof out);
        break;
    case 4: ka_parse_event(buf, len, &ev, err, sizeof err); break;
    default:
        if (ka_parse_flap(buf, len, &flap, err, sizeof err) == 0)
            ka_format_flap(&flap, out, sizeof out);
        break;
    }
    if (rc == 0) {
        obs.readable = 1;
        obs.running = 1;
        if (ka_judge(&obs, 1, &cfg, &flap, &j, err, sizeof err) == 0)
            ka_flap_from(&j, &obs, &flap, err, sizeof err);
        ka_judgement_free(&j);
    }
    ka_flap_free(&flap);
    ka_node_obs_free(&obs);
    return 0;
}
