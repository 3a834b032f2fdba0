/* warn.h — warnings collected during a run (insecure secret files, stray
 * plugin output), and plugins' debug lines. In the parent warnings go to
 * stderr unless -q; in a probe child both travel back inside the result. */
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

/* hs_debug(), declared in hascout/plugin.h, records a plugin's debug line in
 * a list of this process like the warnings'. */
struct hs_strv;

/* Append the debug lines recorded so far to `to` (caller-owned), then a
 * line saying how many beyond HS_DEBUG_MAX_LINES were dropped, if any; the
 * list is then empty. The probe child moves them into its result. */
void hs_debug_move(struct hs_strv *to);

/* Forget every debug line (tests, and each probe child at its start). */
void hs_debug_reset(void);

#endif
