/*
 * plugins/galera/addr.h — pure parser of a node address from the config.
 *
 *   "db1.example:3306", "10.0.0.5" (port 3306), "[2001:db8::5]:3307",
 *   "/run/mysqld/mysqld.sock" or "unix:/run/mysqld/mysqld.sock".
 */
#ifndef GAL_ADDR_H
#define GAL_ADDR_H

#include <stddef.h>

#define GAL_DEFAULT_PORT 3306
#define GAL_HOST_MAX 256 /* DNS names are at most 253 bytes */
#define GAL_SOCK_MAX 108 /* sizeof sun_path on Linux */

typedef struct gal_addr {
    int is_socket;            /* 1: `socket` is set, host/port unused */
    char host[GAL_HOST_MAX];  /* without IPv6 brackets */
    unsigned port;            /* 1..65535 */
    char socket[GAL_SOCK_MAX];
} gal_addr;

/* Parse the NUL-terminated `text` into *out. Returns 0, or -1 with a message
 * saying what is wrong in errbuf (caller-owned). No I/O, no name lookup. */
int gal_addr_parse(const char *text, gal_addr *out, char *errbuf,
                   size_t errlen);

#endif /* GAL_ADDR_H */
