/* cli_ext.h — sub-commands that parse their own options (model, compare,
 * whatif, plan), registered in one table in cli_ext.c. */
#ifndef HS_CLI_EXT_H
#define HS_CLI_EXT_H

/* A sub-command entry point: argv[0] is the sub-command's name; returns
 * the process exit code. */
typedef int (*hs_cli_fn)(int argc, char **argv);

/* The entry point for `name`, or NULL when it is not such a sub-command. */
hs_cli_fn hs_cli_ext_find(const char *name);

#endif
