/* warn.h — warnings collected during a run (insecure secret files, stray
 * plugin output). In the parent they go to stderr unless -q; in a probe
 * child they travel back inside the result. */
#ifndef HS_WARN_H
#define HS_WARN_H
#include <stddef.h>
#include "hascout/plugin.h"

/* Record a warning (copied). */
void hs_warn(const char *fmt, ...) HS_PRINTF(1, 2);

/* Number of warnings recorded, and the i-th one (owned by this module). */
size_t hs_warn_count(void);
const char *hs_warn_at(size_t i);

/* Forget every warning (tests, and each probe child at its start). */
void hs_warn_reset(void);

#endif
