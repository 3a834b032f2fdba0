/* lock.h — one hascout run at a time per state directory, so overlapping
 * cron runs never interleave their output or history. */
#ifndef HS_LOCK_H
#define HS_LOCK_H
#include "hascout/plugin.h"

/* Take an exclusive lock on DIR/hascout.lock (creating DIR if needed).
 * With wait=1 wait up to `timeout` seconds, else give up at once.
 * Returns the lock fd (>= 0; close it to release), -2 when another run
 * holds the lock, or -1 with the reason in err. */
int hs_lock_take(const char *dir, int wait, double timeout, hs_error *err);

/* The default state directory: /var/lib/hascout when writable (root), else
 * $XDG_STATE_HOME/hascout or ~/.local/state/hascout. malloc'ed, caller
 * frees; NULL on allocation failure. */
char *hs_default_state_dir(void);

/* mkdir -p with mode 0750. 0 or -1 (errno). */
int hs_mkdirs(const char *dir);

#endif
