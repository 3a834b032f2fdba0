/* cli.h — `hascout whatif` and `hascout plan` (registered in cli_ext.c). */
#ifndef HS_PLAN_CLI_H
#define HS_PLAN_CLI_H

/* Entry points: argv[0] is the sub-command's name. They return the exit
 * code documented in core/plan/README.md: 0/1/2 the verdict, 3 UNKNOWN or
 * an error (bad arguments, config, unknown component, failed output). */
int hs_whatif_cli(int argc, char **argv);
int hs_plan_cli(int argc, char **argv);

#endif
