/* lock.h — one hascout run at a time per state directory, so overlapping
 * cron runs never interleave their output or history. */
#ifndef HS_LOCK_H
#define HS_LOCK_H
#include "hascout/plugin.h"

/* Take an exclusive lock on DIR/hascout.lock (creating DIR 0750 if needed).
 * DIR must pass hs_trust_path (root runs from cron: a directory others may
 * write to lets them plant the files root opens), and the lock file must be
 * a regular file (never followed through a symlink, never a FIFO).
 * With wait=1 wait up to `timeout` seconds, else give up at once.
 * Returns the lock fd (>= 0; close it to release), -2 when another run
 * holds the lock, -3 when DIR cannot be written (read-only file system,
 * no permission) and holds no lock file to lock read-only — the caller may
 * run unlocked, the reason is in err — or -1 with the reason in err
 * (untrusted DIR, a refused lock file, other errors). */
int hs_lock_take(const char *dir, int wait, double timeout, hs_error *err);

/* The default state directory: /var/lib/hascout when writable (root), else
 * $XDG_STATE_HOME/hascout or ~/.local/state/hascout. malloc'ed, caller
 * frees; NULL on allocation failure. */
char *hs_default_state_dir(void);

/* mkdir -p with mode 0750. 0 or -1 (errno). */
int hs_mkdirs(const char *dir);

#endif
