/* fixture.c — deliberately broken plugins for the loader tests, one per
 * FIXTURE value (set by tests/Makefile.inc). */
#include <signal.h>
#include <stddef.h>

#include <hascout/plugin.h>

/* Not every fixture uses every callback (nocb, notplugin). */
#define UNUSED __attribute__((unused))

UNUSED static int configure(const config_setting_t *t, void **st, hs_error *err)
{
    (void)t;
    (void)err;
    *st = NULL;
    return 0;
}

UNUSED static int probe(void *st, hs_probe *p)
{
    (void)st;
    hs_probe_component(p, "x", "node", NULL, HS_STATE_UP);
    return 0;
}

UNUSED static int score(void *st, const hs_probe *p, hs_verdict *v)
{
    (void)st;
    (void)p;
    (void)v;
    return 0;
}

#if FIXTURE == 1 /* badabi: another ABI version */
#define NAME "badabi"
#define ABI 2
#elif FIXTURE == 2 /* nocb: no probe callback */
#define NAME "nocb"
#define NO_PROBE 1
#elif FIXTURE == 3 /* misnamed: descriptor name differs from file name */
#define NAME "other"
#elif FIXTURE == 4 /* crashctor: its constructor crashes */
#define NAME "crashctor"
__attribute__((constructor)) static void boom(void)
{
    raise(SIGSEGV);
}
#elif FIXTURE == 5 /* notplugin: a shared object without the entry symbol */
#define NOT_A_PLUGIN 1
int hs_fixture_not_a_plugin(void);
int hs_fixture_not_a_plugin(void)
{
    return 42;
}
#elif FIXTURE == 6 /* badscore: default scores outside 1..5 */
#define NAME "badscore"
#define CHANCE 9
#endif

#ifndef ABI
#define ABI HS_PLUGIN_ABI_VERSION
#endif
#ifndef CHANCE
#define CHANCE 3
#endif

#ifndef NOT_A_PLUGIN
static const struct hs_plugin desc = {
    .abi_version = ABI,
    .name = NAME,
    .version = "0",
    .technology = "fixture",
    .ha_class = HS_CLASS_OTHER,
    .scores = {CHANCE, 3, 3, NULL, NULL, NULL},
    .configure = configure,
#ifndef NO_PROBE
    .probe = probe,
#endif
    .score = score,
};
HS_PLUGIN_DEFINE(desc)
#endif
