/* example.c — a third-party plugin, built OUT OF TREE by
 * test-out-of-tree.sh against the installed <hascout/plugin.h> with
 * `pkg-config hascout-plugin`, to prove that adding a technology is
 * dropping a .so into a plugin directory. Built twice: as is, and with
 * -DEXAMPLE_RULES, when the tank declares that one of its two pumps is
 * enough (redundancy rules, ABI revision 3: `hascout model discover`). */
#include <hascout/plugin.h>

struct ex {
    double level;
};
static struct ex the_state;

static int configure(const config_setting_t *t, void **st, hs_error *err)
{
    if (hs_config_number(t, "level", 42, &the_state.level, err) < 0)
        return -1;
    *st = &the_state;
    return 0;
}

static int probe(void *st, hs_probe *p)
{
    struct ex *e = st;
    hs_component *c =
        hs_probe_component(p, "tank", "service", NULL, e->level > 10 ? HS_STATE_UP : HS_STATE_DOWN);
    hs_component_metric(c, "level", e->level, "%");
#if defined(EXAMPLE_RULES) && HS_PLUGIN_ABI_REVISION >= 3
    hs_probe_component(p, "pump1", "pump", "tank", HS_STATE_UP);
    hs_probe_component(p, "pump2", "pump", "tank", HS_STATE_UP);
    hs_component_require(c, 1, "either pump fills the tank");
#endif
    return 0;
}

static int score(void *st, const hs_probe *p, hs_verdict *v)
{
    double level = 0;
    (void)st;
    hs_component_value(hs_probe_find(p, "tank"), "level", &level);
    if (level <= 10)
        hs_verdict_raise(v, HS_CRITICAL, "tank level %.0f%%", level);
    hs_verdict_health(v, level);
    return 0;
}

static const struct hs_plugin example = {
    .abi_version = HS_PLUGIN_ABI_VERSION,
    .name = "example",
    .version = "0.1",
    .technology = "Example tank",
    .ha_class = HS_CLASS_OTHER,
    .scores = {2, 2, 1, "demo", "demo", "demo"},
    .description = "out-of-tree example plugin",
    .configure = configure,
    .probe = probe,
    .score = score,
    .release = NULL,
};

HS_PLUGIN_DEFINE(example)
