/* atomicfile.h — replace a file atomically (temp file in the same
 * directory, fsync, rename), so readers never see half a report; write
 * to the special files -o may name in place. */
#ifndef HS_ATOMICFILE_H
#define HS_ATOMICFILE_H
#include <stddef.h>
#include "hascout/plugin.h"

/* Write len bytes of data to `path` (what `-o` does), never replacing
 * anything but a regular file:
 *  - absent or a regular file: atomically, through a temp file
 *    DIR/.NAME.hascout-tmp.XXXXXX with mode 0644 (0600 when `private`),
 *    fsync, rename. Temps of this NAME left by killed runs (regular, ours,
 *    older than an hour) are removed first.
 *  - a FIFO or a character device (/dev/null, a terminal): written in
 *    place. A FIFO without a reader is an error at once: hascout runs from
 *    cron and must not wait for one.
 *  - a symlink made by root or by us (/dev/stdout): followed, then as
 *    above; to a regular file, that file is replaced and the link kept.
 *    A symlink owned by anyone else is replaced itself, never followed.
 *  - a directory, a block device, a socket: refused.
 * Returns 0, or -1 with the reason (naming the path) in err; on error a
 * regular `path` is untouched and no temp file is left. */
int hs_atomic_write(const char *path, const void *data, size_t len, int private_mode,
                    hs_error *err);

#endif
