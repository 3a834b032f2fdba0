/*
 * fixture.h — reading a fixture or template file whole, for the haproxy
 * unit tests and benchmark.
 */
#ifndef HAP_FIXTURE_H
#define HAP_FIXTURE_H

#include <stddef.h>

/* Read the file at `path` into a NUL-terminated buffer the caller frees
 * with free(); *len gets its size. NULL when it cannot be read. */
char *hap_fixture_read(const char *path, size_t *len);

#endif /* HAP_FIXTURE_H */
