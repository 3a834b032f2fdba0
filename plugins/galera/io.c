/*
 * plugins/galera/io.c — the MySQL-protocol transport of the Galera plugin.
 * The only file that talks to servers; what they answer goes through the pure
 * parser in parse.c.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <mysql.h>

#include "galera.h"

/* `wsrep_%` status rows, then the few variables the judgement needs.
 * USAGE privilege is enough for both. */
static const char *const queries[] = {
    "SHOW GLOBAL STATUS LIKE 'wsrep\\_%'",
    "SHOW GLOBAL VARIABLES WHERE Variable_name IN "
    "('wsrep_on', 'wsrep_desync', 'wsrep_node_name', 'wsrep_cluster_name')",
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The client library ends a failed connect with "(errno)". Refused (or a
 * missing socket file) means nothing listens: DOWN. Connector/C's
 * non-blocking connect often reports EINPROGRESS instead of the real errno;
 * then a failure well before the connect timeout can only be a refusal. A
 * timeout or an unreachable host means we cannot tell: FAILED (UNKNOWN). */
static gal_reach classify(unsigned errnum, const char *msg, double took, unsigned connect_timeout)
{
    const char *p = strrchr(msg, '(');
    int e = -1;
    if (errnum != 2002 && errnum != 2003)
        return GAL_REACH_FAILED;
    if (!p || sscanf(p, "(%d)", &e) != 1)
        return GAL_REACH_FAILED;
    if (e == ECONNREFUSED || e == ENOENT)
        return GAL_REACH_DOWN;
    if (e == EINPROGRESS && took < 0.5 * connect_timeout)
        return GAL_REACH_DOWN;
    return GAL_REACH_FAILED;
}

/* A failure that took the whole timeout is a node that never answered (a
 * blackhole drops packets, no refusal comes back): say so first, since the
 * client's own text ("Can't connect ... (110)") does not. */
static void fail_mysql(gal_node *n, MYSQL *db, const char *what, double t0,
                       unsigned connect_timeout)
{
    double took = now_s() - t0;
    char silent[48] = "";

    n->errnum = mysql_errno(db);
    n->reach = classify(n->errnum, mysql_error(db), took, connect_timeout);
    if (n->reach == GAL_REACH_FAILED && took >= 0.9 * connect_timeout)
        snprintf(silent, sizeof silent, "no answer within %u s: ", connect_timeout);
    snprintf(n->error, sizeof n->error, "%s%s: %s (error %u)", silent, what, mysql_error(db),
             n->errnum);
}

static int read_rows(gal_node *n, MYSQL *db, const char *sql)
{
    MYSQL_RES *res = NULL;
    MYSQL_ROW row;
    char perr[GAL_PERR_MAX];
    int rc = -1;

    if (mysql_query(db, sql) != 0 || !(res = mysql_store_result(db))) {
        fail_mysql(n, db, "query", now_s(), 1);
        goto out;
    }
    if (mysql_num_fields(res) < 2) {
        n->reach = GAL_REACH_FAILED;
        snprintf(n->error, sizeof n->error, "query: server answered %u column(s), expected 2",
                 mysql_num_fields(res));
        goto out;
    }
    while ((row = mysql_fetch_row(res))) {
        unsigned long *len = mysql_fetch_lengths(res);
        if (gal_status_row(&n->st, row[0] ? row[0] : "", row[0] ? len[0] : 0, row[1] ? row[1] : "",
                           row[1] ? len[1] : 0, perr, sizeof perr) < 0) {
            n->reach = GAL_REACH_FAILED;
            snprintf(n->error, sizeof n->error, "bad wsrep status: %s", perr);
            goto out;
        }
    }
    rc = 0;
out:
    if (res)
        mysql_free_result(res);
    return rc;
}

void gal_node_query(gal_node *n, const gal_login *login)
{
    MYSQL *db = NULL;
    double t0 = now_s();
    unsigned proto = n->addr.is_socket ? MYSQL_PROTOCOL_SOCKET : MYSQL_PROTOCOL_TCP;
    char perr[GAL_PERR_MAX];
    size_t i;

    n->reach = GAL_REACH_FAILED;
    n->errnum = 0;
    n->error[0] = '\0';
    gal_status_init(&n->st);
    if (!(db = mysql_init(NULL))) {
        snprintf(n->error, sizeof n->error, "out of memory for the client");
        goto out;
    }
    /* The protocol is explicit so that "localhost" is never silently a
     * socket, and no option file of the monitoring host changes the login. */
    mysql_options(db, MYSQL_OPT_PROTOCOL, &proto);
    mysql_options(db, MYSQL_OPT_CONNECT_TIMEOUT, &login->connect_timeout);
    mysql_options(db, MYSQL_OPT_READ_TIMEOUT, &login->read_timeout);
    mysql_options(db, MYSQL_OPT_WRITE_TIMEOUT, &login->write_timeout);
    if (!mysql_real_connect(db, n->addr.is_socket ? NULL : n->addr.host, login->user,
                            login->password, NULL, n->addr.is_socket ? 0 : n->addr.port,
                            n->addr.is_socket ? n->addr.socket : NULL, 0)) {
        fail_mysql(n, db, "connect", t0, login->connect_timeout);
        goto out;
    }
    for (i = 0; i < sizeof queries / sizeof queries[0]; i++)
        if (read_rows(n, db, queries[i]) < 0)
            goto out;
    if (gal_status_finish(&n->st, perr, sizeof perr) < 0) {
        snprintf(n->error, sizeof n->error, "not a Galera node (wsrep off?): %s", perr);
        goto out;
    }
    n->reach = GAL_REACH_OK;
out:
    if (db)
        mysql_close(db);
    n->latency_s = now_s() - t0;
}

struct job {
    gal_node *node;
    const gal_login *login;
    pthread_t tid;
    int started;
};

static void *run_job(void *arg)
{
    struct job *j = arg;
    mysql_thread_init();
    gal_node_query(j->node, j->login);
    mysql_thread_end();
    return NULL;
}

size_t gal_query_all(gal_node *nodes, size_t count, const gal_login *login)
{
    struct job jobs[count ? count : 1];
    size_t i, started = 0;

    for (i = 0; i < count; i++) {
        jobs[i].node = &nodes[i];
        jobs[i].login = login;
        jobs[i].started = pthread_create(&jobs[i].tid, NULL, run_job, &jobs[i]) == 0;
        started += (size_t)jobs[i].started;
    }
    for (i = 0; i < count; i++) {
        if (jobs[i].started)
            pthread_join(jobs[i].tid, NULL);
        else
            gal_node_query(&nodes[i], login);
    }
    return started;
}
