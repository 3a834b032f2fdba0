/* cli_ext.c — the table of self-parsing sub-commands. */
#include <string.h>

#include "app/cli_ext.h"
#include "eval/cli.h"
#include "app/discover_cli.h"
#include "app/plan_cli.h"

struct ext {
    const char *name;
    hs_cli_fn fn;
};

static const struct ext table[] = {
    {"model", hs_model_app_cli},
    {"compare", hs_compare_cli},
    {"whatif", hs_whatif_cli},
    {"plan", hs_plan_cli},
    {NULL, NULL},
};

hs_cli_fn hs_cli_ext_find(const char *name)
{
    for (const struct ext *e = table; e->name; e++)
        if (strcmp(e->name, name) == 0)
            return e->fn;
    return NULL;
}
