/* discover_cli.h — `hascout model discover`, `hascout model calibrate`,
 * and `hascout model` itself (model_cli.c), which sends analyze and
 * simulate to the engine (model/cli.h). */
#ifndef HS_DISCOVER_CLI_H
#define HS_DISCOVER_CLI_H

/* `hascout model discover [--check] ...` with argv[0] "discover" or
 * "model" (options follow, in any order). Exit: 0 a model written (--check:
 * no drift), 1 drift, 3 bad usage, a config error or a model that cannot be
 * derived (named on stderr). */
int hs_discover_cli(int argc, char **argv);

/* `hascout model calibrate ...` (calibrate_cli.c): rates learned from the
 * history. Exit 0 no assumption contradicted, 1 some are, 3 bad usage or an
 * error. */
int hs_calibrate_cli(int argc, char **argv);

/* `hascout model ...`: argv[0] is "model". discover and calibrate are the
 * application's (they probe or read the history); analyze and simulate the
 * engine's (model/cli.h). Returns the exit code of the one that ran. */
int hs_model_app_cli(int argc, char **argv);

#endif
