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

/* Check that `path` may be trusted by a root process: resolve symlinks (realpath), then the
 * object itself (a regular file, or a directory when want_dir) and every directory above it
 * up to / must be owned by root or by the real uid of this process, and not writable by
 * group or others. A world-writable ancestor with the sticky bit (like /tmp) is allowed,
 * since nobody else can rename or delete the entry below it, which must itself pass.
 * A symlink anywhere is resolved and the resolved target checked; say in the reason when the
 * given path was a symlink to a file owned by someone else. Returns 0 when trusted, -1 with
 * a reason naming the offending path and what is wrong in `why` (len bytes) otherwise. */
int hs_trust_path(const char *path, int want_dir, char *why, size_t len);

#endif
