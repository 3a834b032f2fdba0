/* discover_cli.h — `hascout model discover`, and `hascout model` itself:
 * discover probes (the application layer), the other model sub-commands are
 * the engine's own (model/cli.h). */
#ifndef HS_DISCOVER_CLI_H
#define HS_DISCOVER_CLI_H

/* `hascout model ...`: argv[0] is "model". `discover` is handled here, any
 * other sub-command by hs_model_cli. Returns the exit code: discover exits
 * 0 with a model written, 3 on bad usage, a config error or a model that
 * cannot be derived (named on stderr). */
int hs_model_app_cli(int argc, char **argv);

#endif
