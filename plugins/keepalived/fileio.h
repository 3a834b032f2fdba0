/*
 * plugins/keepalived/fileio.h — read a whole small file with a cap; replace
 * a file atomically (shared by the plugin and hascout-keepalived-notify).
 */
#ifndef KA_FILEIO_H
#define KA_FILEIO_H

#include <stddef.h>

/* Largest file we read: a dump of KA_MAX_INSTANCES instances fits. */
#define KA_MAX_FILE (16u << 20)

/* Read a whole regular file (at most `max` bytes; no symlink, no FIFO)
 * into a new NUL-terminated buffer; *buf is owned by the caller (free).
 * Returns 0, or -1 with the reason (naming the path) in why and errno
 * kept from open() when the file could not be opened. */
int ka_read_file(const char *path, size_t max, char **buf, size_t *len,
                 char *why, size_t whylen);

/* Replace `path` with text[0..len): write a temporary file beside it
 * (mode 0644, whatever the umask), fsync, rename. A reader sees the old or
 * the new file, never a part. Returns 0, or -1 with the reason in why (the
 * temporary file is removed). */
int ka_write_atomic(const char *path, const char *text, size_t len,
                    char *why, size_t whylen);

#endif /* KA_FILEIO_H */
