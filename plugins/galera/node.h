/*
 * plugins/galera/node.h — query Galera nodes over the MySQL protocol
 * (libmariadb / libmysqlclient), one thread per node.
 */
#ifndef GAL_NODE_H
#define GAL_NODE_H

#include <stddef.h>

#include "addr.h"
#include "parse.h"

/* What became of a node's query. */
typedef enum gal_reach {
    GAL_REACH_OK = 0, /* answered; `st` holds its status */
    GAL_REACH_DOWN,   /* refused the connection: nothing listens there */
    GAL_REACH_FAILED  /* timed out, refused the login, or answered garbage */
} gal_reach;

/* Login and timeouts (whole seconds, >= 1) shared by all nodes of a target.
 * The strings are borrowed from the caller for the duration of a query. */
typedef struct gal_login {
    const char *user;
    const char *password; /* may be NULL: no password */
    unsigned connect_timeout, read_timeout, write_timeout;
} gal_login;

typedef struct gal_node {
    const char *id; /* the address as configured; borrowed, not freed */
    gal_addr addr;
    /* filled by gal_node_query */
    gal_reach reach;
    unsigned errnum;  /* client or server error number, 0 when none */
    char error[320];  /* why reach != GAL_REACH_OK; never holds the password */
    double latency_s; /* connect + queries, wall time */
    gal_status st;
} gal_node;

/* Connect to one node, read its wsrep status and variables, disconnect.
 * Fills n->reach, errnum, error, latency_s, st. Safe to call from several
 * threads at once for different nodes once mysql_library_init() ran. */
void gal_node_query(gal_node *n, const gal_login *login);

/* Query nodes[0..count) concurrently, one thread each, and join them all
 * before returning. A node whose thread cannot be started is queried on the
 * calling thread instead, so every node always gets its answer. Call
 * mysql_library_init() first. Returns the number of threads started. */
size_t gal_query_all(gal_node *nodes, size_t count, const gal_login *login);

#endif /* GAL_NODE_H */
