/* util/readfile.h — the one bounded whole-file reader, for the model
 * library (model files) and core/eval (architectures, technology scores),
 * which report errors differently: the reason comes back in a plain char
 * buffer each caller wraps. Depends on libc only, so every program linking
 * either links it. Files libconfig must read itself stay with it:
 * config_read_file is the only way settings keep their file name, which
 * file:line messages and relative paths need (hascout.conf, compare.conf). */
#ifndef HS_UTIL_READFILE_H
#define HS_UTIL_READFILE_H
#include <stddef.h>

/* The limit for hand-written configuration (architectures, technology
 * scores): anything larger is not one. */
#define HS_READ_CONFIG_MAX ((size_t)16 << 20)

/* Reads the regular file PATH whole. It never blocks: a FIFO or device is
 * opened non-blocking and refused, as is a directory or a file of more
 * than MAX bytes (MAX < SIZE_MAX).
 * Returns 0 with *out a NUL-terminated malloc'ed buffer the caller frees
 * and, when LEN is not NULL, *len its length without the NUL (the bytes may
 * themselves hold NULs; see hs_read_text).
 * Returns -1 with *out NULL, "PATH: reason" in ERRBUF (ERRLEN bytes, may be
 * truncated) and errno set: open(2)'s or read(2)'s, EISDIR for a
 * directory, EINVAL for another non-regular file, EFBIG over MAX, ENOMEM. */
int hs_read_file(const char *path, size_t max, char **out, size_t *len, char *errbuf,
                 size_t errlen);

/* hs_read_file for a text parsed as a C string (libconfig, ...): a NUL byte
 * would silently cut it short, so it is refused too (errno EINVAL). */
int hs_read_text(const char *path, size_t max, char **out, char *errbuf, size_t errlen);

#endif
