/*
 * core/eval/cli.h — `hascout compare`.
 */
#ifndef HS_EVAL_CLI_H
#define HS_EVAL_CLI_H

/* argv[0] is "compare":
 *   hascout compare [--json] [-v] [--years N] [--seed S] [--replications R]
 *                   [--threads T] [--no-simulate] [BASE.conf CAND.conf...]
 * Without files it runs the reference comparison described by the
 * `compare` group of $HASCOUT_DATADIR/arch/compare.conf (else the installed
 * HS_DATADIR/arch/compare.conf). Prints the comparison on stdout, errors
 * (naming file:line) on stderr. Returns 0, or 3 on input errors (arguments,
 * files) and internal errors (out of memory, output failure) alike. */
int hs_compare_cli(int argc, char **argv);

#endif
