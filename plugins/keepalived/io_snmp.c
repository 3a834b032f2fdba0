/*
 * plugins/keepalived/io_snmp.c — the SNMP nodes' VRRP instances (net-snmp):
 * per node a GETBULK walk of KEEPALIVED-MIB vrrpInstanceTable (or RFC 6527's
 * vrrpv3OperationsTable, `mib`), handed to the pure parser (parse_snmp.c). All nodes are read at once: one session per
 * node on net-snmp's asynchronous single-session API and one select() loop,
 * so a node that does not answer costs its own timeout, not the others'.
 * That includes SNMPv3's engine-ID discovery, which net-snmp would otherwise
 * do synchronously inside the first send: we send the discovery request
 * ourselves (SNMP_FLAGS_DONT_PROBE). Numeric OIDs only, so no MIB file is
 * loaded; net-snmp reads no snmp.conf (the user's or /etc/snmp's) and never
 * loads or saves persistent files: the probe user's environment cannot
 * change what we ask or how.
 */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>

#include "keepalived.h"

/* vrrpInstanceTable: the walk's subtree. */
/* The walks' subtrees: KEEPALIVED-MIB vrrpInstanceTable and RFC 6527
 * vrrpv3OperationsTable (index: enum ka_snmp_mib). */
static const oid ka_table_oid[] = {1, 3, 6, 1, 4, 1, 9586, 100, 5, 2, 3};
static const oid rfc_table_oid[] = {1, 3, 6, 1, 2, 1, 207, 1, 1, 1};
static const struct {
    const oid *oid;
    size_t len;
    const char *name;
} tables[] = {{ka_table_oid, sizeof ka_table_oid / sizeof(oid), "vrrpInstanceTable"},
              {rfc_table_oid, sizeof rfc_table_oid / sizeof(oid), "vrrpv3OperationsTable"}};
#define BULK_REPS 64

static int lib_ready;

/* Once per process: no config files, no persistent state, no MIBs, no log
 * lines on stderr (every error reaches the report through obs->why). */
static void lib_init(void)
{
    if (lib_ready)
        return;
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_LOAD_HOST_FILES, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_NO_DISCOVERY, 1);
    /* an empty MIB path: $MIBDIRS/$MIBS load nothing */
    netsnmp_ds_set_string(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_MIBDIRS, "");
    snmp_disable_log();
    init_snmp("hascout-keepalived");
    lib_ready = 1;
}

void ka_snmp_shutdown(void)
{
    if (lib_ready)
        snmp_shutdown("hascout-keepalived");
    lib_ready = 0;
}

/* The v3 keys from the passphrases (the protocols' OIDs by our enums). */
static int set_v3(const struct ka_snmp_cfg *c, netsnmp_session *s, char *err, size_t errlen)
{
    static oid *const auth[] = {usmHMACSHA1AuthProtocol, usmHMAC192SHA256AuthProtocol,
                                usmHMAC384SHA512AuthProtocol, usmHMACMD5AuthProtocol};
    static oid *const priv[] = {usmAESPrivProtocol, usmDESPrivProtocol};

    s->version = SNMP_VERSION_3;
    s->securityName = (char *)c->user;
    s->securityNameLen = strlen(c->user);
    s->securityLevel = c->level == KA_SNMP_AUTHPRIV     ? SNMP_SEC_LEVEL_AUTHPRIV
                       : c->level == KA_SNMP_AUTHNOPRIV ? SNMP_SEC_LEVEL_AUTHNOPRIV
                                                        : SNMP_SEC_LEVEL_NOAUTH;
    if (c->level == KA_SNMP_NOAUTH)
        return 0;
    s->securityAuthProto = auth[c->auth_proto];
    s->securityAuthProtoLen = USM_AUTH_PROTO_SHA_LEN; /* every auth OID has 10 */
    s->securityAuthKeyLen = USM_AUTH_KU_LEN;
    if (generate_Ku(s->securityAuthProto, (u_int)s->securityAuthProtoLen,
                    (const u_char *)c->auth_pass, strlen(c->auth_pass), s->securityAuthKey,
                    &s->securityAuthKeyLen) != SNMPERR_SUCCESS)
        return ka_fail(err, errlen, "SNMPv3: cannot derive the auth key (passphrase too short?)");
    if (c->level != KA_SNMP_AUTHPRIV)
        return 0;
    s->securityPrivProto = priv[c->priv_proto];
    s->securityPrivProtoLen = USM_PRIV_PROTO_AES_LEN; /* AES and DES: 10 */
    s->securityPrivKeyLen = USM_PRIV_KU_LEN;
    if (generate_Ku(s->securityAuthProto, (u_int)s->securityAuthProtoLen,
                    (const u_char *)c->priv_pass, strlen(c->priv_pass), s->securityPrivKey,
                    &s->securityPrivKeyLen) != SNMPERR_SUCCESS)
        return ka_fail(err, errlen, "SNMPv3: cannot derive the privacy key");
    return 0;
}

/* The varbinds of a walk; STRING values are our copies. */
struct walk {
    struct ka_snmp_vb *vb;
    size_t n, cap;
};

static void walk_free(struct walk *w)
{
    size_t i;

    for (i = 0; i < w->n; i++)
        free((char *)w->vb[i].str);
    free(w->vb);
    memset(w, 0, sizeof *w);
}

/* Append one net-snmp variable. */
static int walk_add(struct walk *w, const netsnmp_variable_list *v)
{
    struct ka_snmp_vb *nv, *x;
    size_t cap;

    if (w->n == KA_SNMP_MAX_VARBINDS)
        return -1;
    if (w->n == w->cap) {
        cap = w->cap ? w->cap * 2 : 64;
        nv = realloc(w->vb, cap * sizeof *nv);
        if (!nv)
            return -1;
        w->vb = nv;
        w->cap = cap;
    }
    x = &w->vb[w->n];
    memset(x, 0, sizeof *x);
    /* a longer OID stays oid_len 0: "outside the table" to the parser */
    if (v->name_length <= KA_SNMP_OID_MAX) {
        memcpy(x->oid, v->name, v->name_length * sizeof(oid));
        x->oid_len = v->name_length;
    }
    switch (v->type) {
    case ASN_INTEGER: x->type = KA_SNMP_INTEGER, x->num = *v->val.integer; break;
    case ASN_GAUGE:
    case ASN_COUNTER:
        x->type = KA_SNMP_UNSIGNED, x->num = (long)(*v->val.integer & 0xffffffffUL);
        break;
    case ASN_OCTET_STR:
        x->type = KA_SNMP_STRING;
        x->str_len = v->val_len;
        x->str = malloc(v->val_len + 1);
        if (!x->str)
            return -1;
        memcpy((char *)x->str, v->val.string, v->val_len);
        break;
    case SNMP_NOSUCHOBJECT:
    case SNMP_NOSUCHINSTANCE:
    case SNMP_ENDOFMIBVIEW: x->type = KA_SNMP_NONE; break;
    default: x->type = KA_SNMP_OTHER; break;
    }
    w->n++;
    return 0;
}

/* One node's read. The callback only records what arrived; the loop of
 * ka_read_snmp_nodes decides what to send next. */
enum job_phase { JOB_IDLE, JOB_PROBE, JOB_WALK, JOB_DONE };

struct job {
    const struct ka_snmp_cfg *c; /* borrowed from the target */
    struct ka_node_obs *obs;     /* borrowed: the caller's, filled here */
    void *sessp;                 /* owned: closed by job_finish */
    enum job_phase phase;
    int waiting; /* a request is out */
    int more;    /* the walk goes on after cur */
    int failed;  /* obs->why says why */
    oid cur[MAX_OID_LEN];
    size_t cur_len;
    struct walk w; /* owned */
    double t0, end, cap_s;
};

static void job_fail(struct job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void job_fail(struct job *j, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(j->obs->why, sizeof j->obs->why, fmt, ap);
    va_end(ap);
    j->failed = 1;
    j->phase = JOB_DONE;
}

/* A GETBULK answer: its variables into the walk while inside the table. */
static void take_bulk(struct job *j, const netsnmp_pdu *resp)
{
    const netsnmp_variable_list *v;

    if (resp->errstat != SNMP_ERR_NOERROR) {
        job_fail(j, "SNMP error: %s", snmp_errstring((int)resp->errstat));
        return;
    }
    j->more = 0;
    for (v = resp->variables; v; v = v->next_variable) {
        if (v->type == SNMP_ENDOFMIBVIEW || v->name_length < tables[j->c->mib].len ||
            memcmp(v->name, tables[j->c->mib].oid, tables[j->c->mib].len * sizeof(oid)) != 0)
            break;
        /* an agent that does not move forward would walk forever */
        if (snmp_oid_compare(v->name, v->name_length, j->cur, j->cur_len) <= 0) {
            job_fail(j, "SNMP agent returned OIDs out of order");
            return;
        }
        if (v->name_length > MAX_OID_LEN || walk_add(&j->w, v) < 0) {
            job_fail(j, "%s too large (over %d values)", tables[j->c->mib].name,
                     KA_SNMP_MAX_VARBINDS);
            return;
        }
        memcpy(j->cur, v->name, v->name_length * sizeof(oid));
        j->cur_len = v->name_length;
        j->more = v->next_variable == NULL; /* the whole answer was the table */
    }
}

/* net-snmp's callback for every request of a job (the PDU stays the
 * library's). An SNMPv3 agent refusing a request answers with a Report:
 * its type is the reason (a wrong passphrase: authentication failure). */
static int on_reply(int op, netsnmp_session *s, int reqid, netsnmp_pdu *pdu, void *magic)
{
    struct job *j = magic;
    char *msg = NULL;
    int liberr, snmperr;

    (void)s;
    (void)reqid;
    if (op == NETSNMP_CALLBACK_OP_RESEND || op == NETSNMP_CALLBACK_OP_CONNECT || !j->waiting)
        return 1;
    j->waiting = 0;
    if (op == NETSNMP_CALLBACK_OP_TIMED_OUT) {
        job_fail(j, "no answer within %.1f s", j->cap_s);
    } else if (j->phase == JOB_PROBE) {
        /* net-snmp calls a Report to discovery a security error, but it
         * has taught the session the engine ID: next_request checks */
    } else if (pdu && pdu->command == SNMP_MSG_REPORT) {
        /* (as a security error: a wrong passphrase, an unknown user) */
        job_fail(j, "SNMP: %s", snmp_api_errstring(snmpv3_get_report_type(pdu)));
    } else if (op != NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE || !pdu) {
        snmp_sess_error(j->sessp, &liberr, &snmperr, &msg);
        job_fail(j, "SNMP: %s", msg && *msg ? msg : "request failed");
    } else {
        take_bulk(j, pdu);
    }
    free(msg);
    return 1;
}

/* Send pdu (ours until sent) with a timeout of what the node has left,
 * at most its snmp_timeout, spread over the retries. */
static void job_send(struct job *j, netsnmp_pdu *pdu)
{
    netsnmp_session *s = snmp_sess_session(j->sessp);
    double left = j->end - ka_mono_now();
    char *msg = NULL;
    int liberr, snmperr;

    if (left * 1000.0 > (double)j->c->timeout_ms)
        left = (double)j->c->timeout_ms / 1000.0;
    s->timeout = (long)(left * 1e6) / (j->c->retries + 1);
    j->waiting = 1;
    if (snmp_sess_async_send(j->sessp, pdu, on_reply, j) != 0)
        return;
    j->waiting = 0;
    snmp_free_pdu(pdu);
    snmp_sess_error(j->sessp, &liberr, &snmperr, &msg);
    job_fail(j, "SNMP: %s", msg && *msg ? msg : "cannot send");
    free(msg);
}

static void send_bulk(struct job *j)
{
    netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GETBULK);

    if (!pdu) {
        job_fail(j, "out of memory");
        return;
    }
    pdu->non_repeaters = 0;
    pdu->max_repetitions = BULK_REPS;
    snmp_add_null_var(pdu, j->cur, j->cur_len);
    job_send(j, pdu);
}

/* SNMPv3 engine-ID discovery (RFC 3414 4): an unauthenticated GET with no
 * user and no variables, answered by a Report carrying the engine's ID,
 * boots and time. */
static void send_probe(struct job *j)
{
    netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET);

    if (!pdu || !(pdu->securityName = strdup(""))) {
        snmp_free_pdu(pdu);
        job_fail(j, "out of memory");
        return;
    }
    pdu->version = SNMP_VERSION_3;
    pdu->securityNameLen = 0;
    pdu->securityLevel = SNMP_SEC_LEVEL_NOAUTH;
    pdu->securityModel = SNMP_SEC_MODEL_USM;
    job_send(j, pdu);
}

/* What a job with no request out does next: after discovery, the user's
 * keys localized to the engine, then the walk; after an answer, the next
 * GETBULK or the end. */
static void next_request(struct job *j)
{
    netsnmp_session *s;

    if (j->waiting || j->phase == JOB_DONE)
        return;
    if (j->phase == JOB_PROBE) {
        s = snmp_sess_session(j->sessp);
        if (s->securityEngineIDLen == 0) {
            job_fail(j, "SNMPv3: no engine ID from %s", j->c->host);
            return;
        }
        if (s->engineBoots || s->engineTime)
            set_enginetime(s->securityEngineID, (u_int)s->securityEngineIDLen, s->engineBoots,
                           s->engineTime, TRUE);
        if (create_user_from_session(s) != SNMPERR_SUCCESS) {
            job_fail(j, "SNMPv3: cannot set up user %s for %s", j->c->user, j->c->host);
            return;
        }
        j->phase = JOB_WALK;
        j->more = 1;
    }
    if (j->more)
        send_bulk(j);
    else
        j->phase = JOB_DONE;
}

/* Open node c's session (no engine-ID probe: send_probe does it without
 * blocking) and send its first request. */
static void job_start(struct job *j, const struct ka_snmp_cfg *c, struct ka_node_obs *obs,
                      double end)
{
    netsnmp_session s;
    char peer[300];

    j->c = c;
    j->obs = obs;
    j->end = end;
    j->cur_len = tables[c->mib].len;
    memcpy(j->cur, tables[c->mib].oid, j->cur_len * sizeof(oid));
    snmp_sess_init(&s);
    snprintf(peer, sizeof peer, strchr(c->host, ':') ? "udp6:[%s]:%ld" : "udp:%s:%ld", c->host,
             c->port);
    s.peername = peer;
    s.retries = c->retries;
    s.timeout = c->timeout_ms * 1000L / (c->retries + 1);
    s.flags |= SNMP_FLAGS_DONT_PROBE;
    if (c->version == 3) {
        if (set_v3(c, &s, obs->why, sizeof obs->why) < 0) {
            j->failed = 1; /* obs->why says why */
            j->phase = JOB_DONE;
            return;
        }
    } else {
        s.version = SNMP_VERSION_2c;
        s.community = (u_char *)c->community;
        s.community_len = strlen(c->community);
    }
    j->sessp = snmp_sess_open(&s);
    if (!j->sessp) {
        job_fail(j, "SNMP: cannot open a session to %s", peer);
        return;
    }
    /* the v3 keys are derived by now: latency is the network's */
    j->t0 = ka_mono_now();
    j->cap_s = (double)c->timeout_ms / 1000.0;
    if (end - j->t0 < j->cap_s)
        j->cap_s = end - j->t0;
    j->phase = c->version == 3 ? JOB_PROBE : JOB_WALK;
    if (j->phase == JOB_PROBE)
        send_probe(j);
    else
        send_bulk(j);
}

/* One round of the loop: wait (at most until `end`) for an answer or a
 * request's timeout on any session, let net-snmp hand it to on_reply, and
 * send what comes next. */
static void wait_once(struct job *jobs, size_t n, double end)
{
    struct timeval tv;
    fd_set fds;
    double left = end - ka_mono_now();
    int nfds = 0, block = 0, rc = 0;
    size_t k, waiting = 0;

    for (k = 0; k < n; k++)
        waiting += (size_t)jobs[k].waiting;
    if (left <= 0 || !waiting)
        return;
    tv.tv_sec = (time_t)left;
    tv.tv_usec = (suseconds_t)((left - (double)tv.tv_sec) * 1e6);
    FD_ZERO(&fds);
    for (k = 0; k < n; k++)
        if (jobs[k].waiting)
            snmp_sess_select_info(jobs[k].sessp, &nfds, &fds, &tv, &block);
    rc = select(nfds, &fds, NULL, NULL, &tv);
    for (k = 0; k < n; k++) {
        if (rc > 0 && jobs[k].waiting)
            snmp_sess_read(jobs[k].sessp, &fds);
        /* retries and timeouts: acts only on requests that are due */
        if (jobs[k].waiting)
            snmp_sess_timeout(jobs[k].sessp);
        next_request(&jobs[k]);
    }
}

/* The walk's end: the table parsed into the node's view, or why not. */
static void job_finish(struct job *j)
{
    struct ka_node_obs *obs = j->obs;

    if (!j->c)
        return;
    if (j->phase != JOB_DONE)
        snprintf(obs->why, sizeof obs->why, "no answer within %.1f s", j->cap_s);
    else if (!j->failed)
        obs->latency_s = ka_mono_now() - j->t0;
    if (j->phase != JOB_DONE || j->failed)
        goto out;
    /* snmpd answers but keepalived's AgentX subagent is not registered */
    obs->running = j->w.n > 0;
    obs->by_vrid = j->c->mib == KA_MIB_RFC6527;
    if (!obs->running)
        snprintf(obs->why, sizeof obs->why,
                 "keepalived not running (no %s at %s: keepalived stopped, or without "
                 "-x/%s)",
                 tables[j->c->mib].name, j->c->host,
                 obs->by_vrid ? "enable_snmp_rfcv3" : "enable_snmp_vrrp");
    if ((obs->by_vrid ? ka_parse_snmp_rfc6527 : ka_parse_snmp)(j->w.vb, j->w.n, &obs->view,
                                                               obs->why, sizeof obs->why) < 0) {
        ka_view_free(&obs->view);
        obs->running = -1;
        goto out;
    }
    obs->readable = obs->running == 1;
out:
    if (j->sessp)
        snmp_sess_close(j->sessp);
    walk_free(&j->w);
}

void ka_read_snmp_nodes(const struct ka_node_cfg *nodes, size_t n, long budget_ms,
                        struct ka_node_obs *obs)
{
    double end = ka_mono_now() + (double)budget_ms / 1000.0;
    struct job *jobs = calloc(n ? n : 1, sizeof *jobs); /* ours, freed below */
    size_t k, busy;

    lib_init();
    for (k = 0; k < n; k++) {
        if (nodes[k].method != KA_METHOD_SNMP)
            continue;
        if (!jobs || budget_ms <= 0) {
            snprintf(obs[k].why, sizeof obs[k].why, "%s",
                     jobs ? "no time left for an SNMP request" : "out of memory");
            continue;
        }
        job_start(&jobs[k], nodes[k].snmp, &obs[k], end);
    }
    if (!jobs || budget_ms <= 0)
        goto out;
    do {
        wait_once(jobs, n, end);
        for (busy = 0, k = 0; k < n; k++)
            busy += jobs[k].c && jobs[k].phase != JOB_DONE;
    } while (busy && ka_mono_now() < end);
    for (k = 0; k < n; k++)
        job_finish(&jobs[k]);
out:
    free(jobs);
}
