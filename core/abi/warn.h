/* warn.h — warnings collected during a run (insecure secret files, stray
 * plugin output). In the parent they go to stderr unless -q; in a probe
 * child they travel back inside the result. */
#ifndef HS_WARN_H
#define HS_WARN_H
#include <stddef.h>
#include "hascout/plugin.h"

/* hs_warn(), which records a warning, is declared in hascout/plugin.h:
 * plugins call it, so it is part of the ABI. */

/* Number of warnings recorded, and the i-th one (owned by this module). */
size_t hs_warn_count(void);
const char *hs_warn_at(size_t i);

/* Forget every warning (tests, and each probe child at its start). */
void hs_warn_reset(void);

#endif
