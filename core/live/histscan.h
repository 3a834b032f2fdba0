/* live/histscan.h — the history reader's fast path (see histscan.c). */
#ifndef HS_LIVE_HISTSCAN_H
#define HS_LIVE_HISTSCAN_H
#include <stddef.h>

#include "live/history.h"
#include "util/intern.h"

/* Scan one history line (len bytes, not NUL-terminated) in the form hascout
 * writes into *rec, its names interned in `names` (rec->interned set: the
 * record borrows them). Returns 0, 1 when the line is not in that form (then
 * parse it with hs_hist_parse_line; *rec holds nothing), -1 when out of
 * memory. Pure. */
int hs_hist_scan_line(const char *line, size_t len, struct hs_hist_record *rec,
                      struct hs_intern *names);

#endif
