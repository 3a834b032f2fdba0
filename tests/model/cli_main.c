/*
 * tests/model/cli_main.c — a stand-alone `hascout model` for the model tests
 * and the benchmark, so they do not depend on the rest of the core:
 * `model-cli analyze FILE...` behaves as `hascout model analyze FILE...`.
 */
#include "model/cli.h"

#include <string.h>

int main(int argc, char **argv)
{
    argv[0] = (char *)"model";
    return hs_model_cli(argc, argv);
}
