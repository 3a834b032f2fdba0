/* model_cli.c — `hascout model SUB ...`: discover and calibrate belong to
 * the application (they probe, or read the history), analyze and simulate
 * to the engine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/discover_cli.h"
#include "model/cli.h"

/* The position of the sub-command word, or 0. main.c moves global options
 * (-q, -c FILE, ...) after "model", so skip options and their values. */
static int sub_at(int argc, char **argv)
{
    static const char *const valued[] = {"-c",         "--config",    "-o", "--output", "-j",
                                         "--parallel", "--state-dir", "-f", "--format", "--rates",
                                         "--window",   "--strength",  NULL};
    for (int i = 1; i < argc; i++) {
        int v = 0;
        if (argv[i][0] != '-')
            return i;
        for (int k = 0; valued[k]; k++)
            v |= strcmp(argv[i], valued[k]) == 0;
        i += v;
    }
    return 0;
}

int hs_model_app_cli(int argc, char **argv)
{
    int at = sub_at(argc, argv), k = 0, rc;
    int (*fn)(int, char **) = NULL;
    char **v;

    if (at && strcmp(argv[at], "discover") == 0)
        fn = hs_discover_cli;
    else if (at && strcmp(argv[at], "calibrate") == 0)
        fn = hs_calibrate_cli;
    if (!fn) {
        if (argc >= 2 && argv[1][0] != '-' && strcmp(argv[1], "analyze") != 0 &&
            strcmp(argv[1], "simulate") != 0) {
            fprintf(stderr,
                    "hascout model: unknown sub-command '%s' (analyze, simulate, discover, "
                    "calibrate)\n",
                    argv[1]);
            return 3;
        }
        return hs_model_cli(argc, argv);
    }
    /* the sub-command's own getopt sees argv[0] = its name, then the rest */
    v = calloc((size_t)argc + 1, sizeof *v);
    if (!v)
        return 3;
    v[k++] = argv[at];
    for (int i = 1; i < argc; i++)
        if (i != at)
            v[k++] = argv[i];
    rc = fn(k, v);
    free(v);
    return rc;
}
