/*
 * tests/fuzz/fuzz_keepalived_snmp.c — libFuzzer target for the keepalived
 * SNMP parsers: the input is a varbind list serialised as `snmpwalk -On`
 * text, parsed into varbinds and then into instances, both as KEEPALIVED-MIB's
 * table and as RFC 6527's; what parses goes through the naming by VRID and
 * the verdict (judge.c) as a group of the two.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "plugins/keepalived/keepalived.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ka_node_obs obs[2];
    struct ka_judgement j;
    struct ka_judge_cfg cfg = {"n1", NULL, 0};
    struct ka_snmp_vb *vb = NULL;
    char err[256];
    size_t n = 0;

    ka_node_obs_init(&obs[0], "n1");
    ka_node_obs_init(&obs[1], "n2");
    obs[1].by_vrid = 1;
    if (ka_parse_snmp_walk((const char *)data, size, &vb, &n, err, sizeof err) == 0) {
        obs[0].readable = obs[0].running = ka_parse_snmp(vb, n, &obs[0].view, err, sizeof err) == 0;
        obs[1].readable = obs[1].running =
            ka_parse_snmp_rfc6527(vb, n, &obs[1].view, err, sizeof err) == 0;
        ka_name_by_vrid(obs, 2);
        if (ka_judge(obs, 2, &cfg, NULL, &j, err, sizeof err) == 0)
            (void)j;
        ka_judgement_free(&j);
    }
    free(vb);
    ka_node_obs_free(&obs[0]);
    ka_node_obs_free(&obs[1]);
    return 0;
}
