/*
 * plugins/keepalived/io_snmp.c — one node's VRRP instances over SNMP
 * (net-snmp): a GETBULK walk of KEEPALIVED-MIB vrrpInstanceTable, handed to
 * the pure parser (parse_snmp.c). Numeric OIDs only, so no MIB file is
 * loaded; net-snmp reads no snmp.conf (the user's or /etc/snmp's) and never
 * loads or saves persistent files: the probe user's environment cannot
 * change what we ask or how.
 */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived.h"

/* vrrpInstanceTable: the walk's subtree. */
static const oid table_oid[] = {1, 3, 6, 1, 4, 1, 9586, 100, 5, 2, 3};
#define TABLE_LEN (sizeof table_oid / sizeof table_oid[0])
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

/* One GETBULK after `cur`: its variables into w while inside the table;
 * *done when the table ended. Returns 0, or -1 with the reason. */
static int bulk_step(void *sessp, oid *cur, size_t *cur_len, struct walk *w, int *done,
                     double budget_s, char *err, size_t errlen)
{
    netsnmp_pdu *pdu, *resp = NULL;
    netsnmp_variable_list *v;
    int status, rc = -1, liberr, snmperr;
    char *msg = NULL;

    pdu = snmp_pdu_create(SNMP_MSG_GETBULK);
    if (!pdu)
        return ka_fail(err, errlen, "out of memory");
    pdu->non_repeaters = 0;
    pdu->max_repetitions = BULK_REPS;
    snmp_add_null_var(pdu, cur, *cur_len);
    status = snmp_sess_synch_response(sessp, pdu, &resp);
    if (status == STAT_TIMEOUT) {
        ka_fail(err, errlen, "no answer within %.1f s", budget_s);
        goto out;
    }
    if (status != STAT_SUCCESS || !resp) {
        snmp_sess_error(sessp, &liberr, &snmperr, &msg);
        ka_fail(err, errlen, "SNMP: %s", msg ? msg : "request failed");
        goto out;
    }
    if (resp->errstat != SNMP_ERR_NOERROR) {
        ka_fail(err, errlen, "SNMP error: %s", snmp_errstring((int)resp->errstat));
        goto out;
    }
    *done = 1;
    for (v = resp->variables; v; v = v->next_variable) {
        if (v->type == SNMP_ENDOFMIBVIEW || v->name_length < TABLE_LEN ||
            memcmp(v->name, table_oid, sizeof table_oid) != 0)
            break;
        /* an agent that does not move forward would walk forever */
        if (snmp_oid_compare(v->name, v->name_length, cur, *cur_len) <= 0) {
            ka_fail(err, errlen, "SNMP agent returned OIDs out of order");
            goto out;
        }
        if (walk_add(w, v) < 0 || v->name_length > MAX_OID_LEN) {
            ka_fail(err, errlen, "vrrpInstanceTable too large (over %d values)",
                    KA_SNMP_MAX_VARBINDS);
            goto out;
        }
        memcpy(cur, v->name, v->name_length * sizeof(oid));
        *cur_len = v->name_length;
        if (!v->next_variable)
            *done = 0; /* the whole answer was the table: ask on */
    }
    rc = 0;
out:
    free(msg);
    if (resp)
        snmp_free_pdu(resp);
    return rc;
}

/* Open a session to node c with a per-request timeout of `ms`. */
static void *open_session(const struct ka_snmp_cfg *c, long ms, char *err, size_t errlen)
{
    netsnmp_session s;
    char peer[300];
    void *sessp;

    snmp_sess_init(&s);
    snprintf(peer, sizeof peer, strchr(c->host, ':') ? "udp6:[%s]:%ld" : "udp:%s:%ld", c->host,
             c->port);
    s.peername = peer;
    s.retries = c->retries;
    s.timeout = ms * 1000L / (c->retries + 1);
    if (c->version == 3) {
        if (set_v3(c, &s, err, errlen) < 0)
            return NULL;
    } else {
        s.version = SNMP_VERSION_2c;
        s.community = (u_char *)c->community;
        s.community_len = strlen(c->community);
    }
    sessp = snmp_sess_open(&s);
    if (!sessp)
        ka_fail(err, errlen, "SNMP: cannot open a session to %s", peer);
    return sessp;
}

void ka_read_node_snmp(const struct ka_snmp_cfg *c, long budget_ms, struct ka_node_obs *obs)
{
    oid cur[MAX_OID_LEN];
    size_t cur_len = TABLE_LEN;
    struct walk w = {NULL, 0, 0};
    double end = ka_mono_now() + (double)budget_ms / 1000.0, left;
    void *sessp = NULL;
    long wait_ms;
    int done = 0;

    lib_init();
    memcpy(cur, table_oid, sizeof table_oid);
    if (budget_ms <= 0) {
        snprintf(obs->why, sizeof obs->why, "no time left for an SNMP request");
        goto out;
    }
    wait_ms = budget_ms < c->timeout_ms ? budget_ms : c->timeout_ms;
    sessp = open_session(c, wait_ms, obs->why, sizeof obs->why);
    while (sessp && !done) {
        left = end - ka_mono_now();
        if (left <= 0.001) {
            snprintf(obs->why, sizeof obs->why, "no answer within %.1f s", budget_ms / 1000.0);
            goto out;
        }
        /* later requests of a long walk get what is left */
        if (left * 1000 < c->timeout_ms)
            snmp_sess_session(sessp)->timeout = (long)(left * 1e6) / (c->retries + 1);
        if (bulk_step(sessp, cur, &cur_len, &w, &done, wait_ms / 1000.0, obs->why,
                      sizeof obs->why) < 0)
            goto out;
    }
    if (!sessp)
        goto out;
    /* snmpd answers but keepalived's AgentX subagent is not registered */
    obs->running = w.n > 0;
    if (!obs->running)
        snprintf(obs->why, sizeof obs->why,
                 "keepalived not running (no vrrpInstanceTable at %s: keepalived stopped, or "
                 "without -x/enable_snmp_vrrp)",
                 c->host);
    if (ka_parse_snmp(w.vb, w.n, &obs->view, obs->why, sizeof obs->why) < 0) {
        ka_view_free(&obs->view);
        obs->running = -1;
        goto out;
    }
    obs->readable = obs->running == 1;
out:
    if (sessp)
        snmp_sess_close(sessp);
    walk_free(&w);
}
