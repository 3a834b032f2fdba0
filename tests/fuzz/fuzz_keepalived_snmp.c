/*
 * tests/fuzz/fuzz_keepalived_snmp.c — libFuzzer target for the keepalived
 * SNMP parser: the input is a varbind list serialised as `snmpwalk -On`
 * text, parsed into varbinds and then into instances, which also go
 * through the verdict (judge.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "plugins/keepalived/keepalived.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ka_node_obs obs;
    struct ka_judgement j;
    struct ka_judge_cfg cfg = {"n1", NULL, 0};
    struct ka_snmp_vb *vb = NULL;
    char err[256];
    size_t n = 0;

    ka_node_obs_init(&obs, "n1");
    if (ka_parse_snmp_walk((const char *)data, size, &vb, &n, err, sizeof err) == 0 &&
        ka_parse_snmp(vb, n, &obs.view, err, sizeof err) == 0) {
        obs.readable = 1;
        obs.running = 1;
        if (ka_judge(&obs, 1, &cfg, NULL, &j, err, sizeof err) == 0)
            (void)j;
        ka_judgement_free(&j);
    }
    free(vb);
    ka_node_obs_free(&obs);
    return 0;
}
