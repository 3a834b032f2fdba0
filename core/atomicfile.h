/* atomicfile.h — replace a file atomically (temp file in the same
 * directory, fsync, rename), so readers never see half a report. */
#ifndef HS_ATOMICFILE_H
#define HS_ATOMICFILE_H
#include <stddef.h>
#include "hascout/plugin.h"

/* Write len bytes of data to `path` atomically with mode 0644 (0600 when
 * `private`). Returns 0, or -1 with the reason (naming the path) in err;
 * on error `path` is untouched and no temp file is left. */
int hs_atomic_write(const char *path, const void *data, size_t len,
                    int private_mode, hs_error *err);

#endif
