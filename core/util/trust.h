/* trust.h — may a root process trust a file or directory (sshd's StrictModes)?
 *
 * hascout runs as root from cron: a plugin it loads runs as root, and the
 * state directory decides which files root creates and appends to. A path is
 * only as safe as every directory above it: whoever can write to one of them
 * can swap what lies below.
 */
#ifndef HS_TRUST_H
#define HS_TRUST_H
#include <stddef.h>
#include "hascout/plugin.h"

/* Check that `path` may be trusted by a root process: resolve symlinks (realpath), then the
 * object itself (a regular file, or a directory when want_dir) and every directory above it
 * up to / must be owned by root or by the real uid of this process, and not writable by
 * group or others. A world-writable ancestor with the sticky bit (like /tmp) is allowed,
 * since nobody else can rename or delete the entry below it, which must itself pass.
 * A symlink anywhere is resolved and the resolved target checked; say in the reason when the
 * given path was a symlink to a file owned by someone else. Returns 0 when trusted, -1 with
 * a reason naming the offending path and what is wrong in `why` (len bytes) otherwise. */
int hs_trust_path(const char *path, int want_dir, char *why, size_t len);

/* Open a file of the state directory: O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK
 * are added to `flags` (O_NONBLOCK is cleared again once open), so a
 * planted symlink is never followed and a planted FIFO never blocks, and
 * anything but a regular file is refused. Returns the fd, or -1 with errno
 * set (ENOENT when absent, ELOOP for a symlink, EINVAL for another kind of
 * file) and the reason, naming `path`, in err. */
int hs_state_open(const char *path, int flags, unsigned mode, hs_error *err);

#endif
