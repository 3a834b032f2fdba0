/*
 * plugins/keepalived/history.h — the flap history between runs: one small
 * file per target in state_dir, read before and rewritten (atomically)
 * after each probe.
 */
#ifndef KA_HISTORY_H
#define KA_HISTORY_H

#include <stddef.h>

#include "parse.h"

/* Path of the target's history file into buf. 0, or -1 if too long. */
int ka_history_path(const char *state_dir, const char *target, char *buf,
                    size_t cap);

/* Load the history at `path` into `out` (caller-owned, initialised). A
 * missing file is an empty history (returns 0). Returns -1 with the reason
 * in why when the file exists but cannot be read or parsed. */
int ka_history_load(const char *path, struct ka_flap *out, char *why,
                    size_t whylen);

/* Write `f` to `path` through a temporary file and rename, creating the
 * directory (and parents, mode 0755) when missing. Returns 0, or -1 with
 * the reason in why. */
int ka_history_save(const char *path, const struct ka_flap *f, char *why,
                    size_t whylen);

#endif /* KA_HISTORY_H */
