/*
 * core/model/cli.h — `hascout model ...`.
 */
#ifndef HS_MODEL_CLI_H
#define HS_MODEL_CLI_H

/* argv[0] is "model", argv[1] the sub-command (analyze, simulate). Prints
 * results on stdout and errors on stderr; returns the process exit code:
 * 0 ok, 3 on an input error (bad arguments or model) or an internal error,
 * the reason on stderr. */
int hs_model_cli(int argc, char **argv);

#endif
