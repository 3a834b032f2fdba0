/*
 * plugins/galera/parse.c — pure parser of a Galera node's wsrep status rows.
 * See galera.h for the contract. Values come from a server we do not control,
 * so every field is checked for syntax and range and errors quote the value
 * with its unprintable bytes escaped.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "galera.h"

typedef enum { T_TEXT, T_UUID, T_SWITCH, T_COUNT, T_U64, T_REAL, T_CLUSTER } ftype;

struct field {
    const char *name;
    unsigned bit;
    ftype type;
    uint64_t max; /* for T_COUNT */
};

/* wsrep_local_state has 5 values today; a little room for newer providers.
 * Cluster sizes above a few hundred nodes do not exist in practice: a larger
 * value is garbage, not a big cluster. */
static const struct field fields[] = {
    {"wsrep_cluster_status", GAL_F_CLUSTER_STATUS, T_CLUSTER, 0},
    {"wsrep_local_state", GAL_F_LOCAL_STATE, T_COUNT, 99},
    {"wsrep_local_state_comment", GAL_F_LOCAL_STATE_COMMENT, T_TEXT, 0},
    {"wsrep_ready", GAL_F_READY, T_SWITCH, 0},
    {"wsrep_connected", GAL_F_CONNECTED, T_SWITCH, 0},
    {"wsrep_cluster_size", GAL_F_CLUSTER_SIZE, T_COUNT, 100000},
    {"wsrep_cluster_state_uuid", GAL_F_STATE_UUID, T_UUID, 0},
    {"wsrep_cluster_conf_id", GAL_F_CONF_ID, T_U64, 0},
    {"wsrep_local_recv_queue_avg", GAL_F_RECV_QUEUE_AVG, T_REAL, 0},
    {"wsrep_flow_control_paused", GAL_F_FC_PAUSED, T_REAL, 0},
    {"wsrep_desync", GAL_F_DESYNC, T_SWITCH, 0},
    {"wsrep_evs_state", GAL_F_EVS_STATE, T_TEXT, 0},
    {"wsrep_node_name", GAL_F_NODE_NAME, T_TEXT, 0},
    {"wsrep_cluster_name", GAL_F_CLUSTER_NAME, T_TEXT, 0},
    {"wsrep_on", GAL_F_WSREP_ON, T_SWITCH, 0},
};
#define NFIELDS (sizeof fields / sizeof fields[0])

void gal_status_init(gal_status *st)
{
    memset(st, 0, sizeof *st);
    st->conf_id = GAL_CONF_ID_NONE;
    st->cluster_status = GAL_CS_DISCONNECTED;
}

/* Quote at most 40 bytes of s into out, unprintable bytes as \xNN, so an
 * error message stays one readable line whatever the server sent. */
static const char *quote(const char *s, size_t n, char *out, size_t outlen)
{
    size_t o = 0, i;
    for (i = 0; i < n && i < 40 && o + 5 < outlen; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '\'')
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", c);
    }
    if (i < n && o + 4 < outlen) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
    return out;
}

static int bad(char *err, size_t errlen, const char *name, const char *v, size_t vlen,
               const char *why)
{
    char q[200];
    snprintf(err, errlen, "%s: '%s' %s", name, quote(v, vlen, q, sizeof q), why);
    return -1;
}

static int word_is(const char *v, size_t vlen, const char *w)
{
    return vlen == strlen(w) && strncasecmp(v, w, vlen) == 0;
}

/* Unsigned decimal, digits only, no overflow. */
static int parse_u64(const char *v, size_t vlen, uint64_t *out)
{
    uint64_t x = 0;
    size_t i;
    if (vlen == 0 || vlen > 20)
        return -1;
    for (i = 0; i < vlen; i++) {
        unsigned d;
        if (v[i] < '0' || v[i] > '9')
            return -1;
        d = (unsigned)(v[i] - '0');
        if (x > (UINT64_MAX - d) / 10)
            return -1;
        x = x * 10 + d;
    }
    *out = x;
    return 0;
}

/* Non-negative decimal "12", "0.153846", "4.157e-06". Parsed by hand rather
 * than with strtod, which follows the process locale and accepts inf/nan/hex. */
static int parse_real(const char *v, size_t vlen, double *out)
{
    double m = 0, scale = 1;
    size_t i = 0, digits = 0;
    int eneg = 0, e = 0;
    if (vlen == 0 || vlen > 40)
        return -1;
    for (; i < vlen && v[i] >= '0' && v[i] <= '9'; i++, digits++)
        m = m * 10 + (v[i] - '0');
    if (i < vlen && v[i] == '.')
        for (i++; i < vlen && v[i] >= '0' && v[i] <= '9'; i++, digits++) {
            scale /= 10;
            m += (v[i] - '0') * scale;
        }
    if (digits == 0)
        return -1;
    if (i < vlen && (v[i] == 'e' || v[i] == 'E')) {
        size_t ed = 0;
        i++;
        if (i < vlen && (v[i] == '+' || v[i] == '-'))
            eneg = v[i++] == '-';
        for (; i < vlen && v[i] >= '0' && v[i] <= '9'; i++, ed++)
            if (e < 1000)
                e = e * 10 + (v[i] - '0');
        if (ed == 0)
            return -1;
    }
    if (i != vlen || e > 308)
        return -1;
    while (e-- > 0)
        m = eneg ? m / 10 : m * 10;
    *out = m;
    return 0;
}

/* xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, hex digits of either case, or empty
 * (a node that never joined a cluster has no state UUID). */
static int is_uuid(const char *v, size_t vlen)
{
    size_t i;
    if (vlen == 0)
        return 1;
    if (vlen != 36)
        return 0;
    for (i = 0; i < 36; i++) {
        int dash = i == 8 || i == 13 || i == 18 || i == 23;
        unsigned char c = (unsigned char)v[i];
        if (dash ? c != '-'
                 : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return 0;
    }
    return 1;
}

/* Printable text (UTF-8 bytes allowed, control bytes not) that fits. */
static int copy_text(char *dst, const char *v, size_t vlen)
{
    size_t i;
    if (vlen >= GAL_TEXT_MAX)
        return -1;
    for (i = 0; i < vlen; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
            return -1;
    memcpy(dst, v, vlen);
    dst[vlen] = '\0';
    return 0;
}

/* The field setters below take one row's value: 0, or -1 from bad(). */
static int set_cluster(gal_status *st, const struct field *f, const char *v, size_t vlen, char *err,
                       size_t errlen)
{
    if (word_is(v, vlen, "Primary"))
        st->cluster_status = GAL_CS_PRIMARY;
    else if (word_is(v, vlen, "non-Primary"))
        st->cluster_status = GAL_CS_NON_PRIMARY;
    else if (word_is(v, vlen, "Disconnected"))
        st->cluster_status = GAL_CS_DISCONNECTED;
    else
        return bad(err, errlen, f->name, v, vlen, "is not Primary, non-Primary or Disconnected");
    return 0;
}

static int set_switch(gal_status *st, const struct field *f, const char *v, size_t vlen, char *err,
                      size_t errlen)
{
    int sw;
    if (word_is(v, vlen, "ON") || word_is(v, vlen, "1"))
        sw = 1;
    else if (word_is(v, vlen, "OFF") || word_is(v, vlen, "0"))
        sw = 0;
    else
        return bad(err, errlen, f->name, v, vlen, "is not ON or OFF");
    if (f->bit == GAL_F_READY)
        st->ready = sw;
    else if (f->bit == GAL_F_CONNECTED)
        st->connected = sw;
    else if (f->bit == GAL_F_DESYNC)
        st->desync = sw;
    else
        st->wsrep_on = sw;
    return 0;
}

static int set_count(gal_status *st, const struct field *f, const char *v, size_t vlen, char *err,
                     size_t errlen)
{
    uint64_t u;
    if (parse_u64(v, vlen, &u) < 0)
        return bad(err, errlen, f->name, v, vlen, "is not a whole number");
    if (u > f->max) {
        char why[64];
        snprintf(why, sizeof why, "is out of range (at most %llu)", (unsigned long long)f->max);
        return bad(err, errlen, f->name, v, vlen, why);
    }
    if (f->bit == GAL_F_LOCAL_STATE)
        st->local_state = (int)u;
    else
        st->cluster_size = u;
    return 0;
}

static int set_text(gal_status *st, const struct field *f, const char *v, size_t vlen, char *err,
                    size_t errlen)
{
    char *dst = f->bit == GAL_F_LOCAL_STATE_COMMENT ? st->local_state_comment
                : f->bit == GAL_F_EVS_STATE         ? st->evs_state
                : f->bit == GAL_F_NODE_NAME         ? st->node_name
                                                    : st->cluster_name;
    if (copy_text(dst, v, vlen) < 0)
        return bad(err, errlen, f->name, v, vlen, "is too long or holds control characters");
    return 0;
}

static int set_field(gal_status *st, const struct field *f, const char *v, size_t vlen, char *err,
                     size_t errlen)
{
    uint64_t u;
    double d;

    switch (f->type) {
    case T_CLUSTER: return set_cluster(st, f, v, vlen, err, errlen);
    case T_SWITCH: return set_switch(st, f, v, vlen, err, errlen);
    case T_COUNT: return set_count(st, f, v, vlen, err, errlen);
    case T_U64:
        if (parse_u64(v, vlen, &u) < 0)
            return bad(err, errlen, f->name, v, vlen, "is not a whole number below 2^64");
        st->conf_id = u;
        return 0;
    case T_REAL:
        if (parse_real(v, vlen, &d) < 0)
            return bad(err, errlen, f->name, v, vlen, "is not a non-negative decimal number");
        if (f->bit == GAL_F_RECV_QUEUE_AVG)
            st->recv_queue_avg = d;
        else
            st->fc_paused = d;
        return 0;
    case T_UUID:
        if (!is_uuid(v, vlen))
            return bad(err, errlen, f->name, v, vlen, "is not a UUID");
        memcpy(st->state_uuid, v, vlen);
        st->state_uuid[vlen] = '\0';
        return 0;
    case T_TEXT: return set_text(st, f, v, vlen, err, errlen);
    }
    return bad(err, errlen, f->name, v, vlen, "has an unknown type"); /* unreachable */
}

int gal_status_row(gal_status *st, const char *name, size_t nlen, const char *value, size_t vlen,
                   char *err, size_t errlen)
{
    size_t i;
    for (i = 0; i < NFIELDS; i++) {
        const struct field *f = &fields[i];
        if (nlen != strlen(f->name) || strncasecmp(name, f->name, nlen) != 0)
            continue;
        if (st->seen & f->bit) {
            snprintf(err, errlen, "%s: given twice", f->name);
            return -1;
        }
        if (set_field(st, f, value, vlen, err, errlen) < 0)
            return -1;
        st->seen |= f->bit;
        return 0;
    }
    return 0; /* one of Galera's many other rows */
}

int gal_status_finish(const gal_status *st, char *err, size_t errlen)
{
    size_t i, o = 0;
    unsigned need = GAL_F_REQUIRED, missing;
    /* wsrep off (from the start: Disconnected; or switched off at run time:
     * the provider's rows vanish) leaves no local state to report. */
    if (!(st->seen & GAL_F_CLUSTER_STATUS && st->cluster_status == GAL_CS_DISCONNECTED) &&
        !(st->seen & GAL_F_WSREP_ON && !st->wsrep_on))
        need |= GAL_F_LOCAL_STATE;
    missing = need & ~st->seen;
    if (!missing)
        return 0;
    o = (size_t)snprintf(err, errlen, "missing row%s:", (missing & (missing - 1)) ? "s" : "");
    for (i = 0; i < NFIELDS && o < errlen; i++)
        if (missing & fields[i].bit)
            o += (size_t)snprintf(err + o, errlen - o, " %s", fields[i].name);
    return -1;
}

int gal_status_parse_text(const char *buf, size_t len, gal_status *st, char *err, size_t errlen)
{
    size_t pos = 0, line = 0;
    char row[256];

    gal_status_init(st);
    while (pos < len) {
        const char *s = buf + pos, *nl, *tab;
        size_t n;
        nl = memchr(s, '\n', len - pos);
        n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl != NULL);
        line++;
        if (n > 0 && s[n - 1] == '\r')
            n--;
        if (n == 0)
            continue;
        tab = memchr(s, '\t', n);
        if (!tab) {
            snprintf(err, errlen, "line %zu: no tab between name and value", line);
            return -1;
        }
        if (tab == s) {
            snprintf(err, errlen, "line %zu: empty name", line);
            return -1;
        }
        if (line == 1 && word_is(s, (size_t)(tab - s), "Variable_name"))
            continue;
        if (gal_status_row(st, s, (size_t)(tab - s), tab + 1, n - (size_t)(tab - s) - 1, row,
                           sizeof row) < 0) {
            snprintf(err, errlen, "line %zu: %.220s", line, row);
            return -1;
        }
    }
    return gal_status_finish(st, err, errlen);
}

const char *gal_cluster_status_name(gal_cluster_status cs)
{
    switch (cs) {
    case GAL_CS_PRIMARY: return "Primary";
    case GAL_CS_NON_PRIMARY: return "non-Primary";
    case GAL_CS_DISCONNECTED: return "Disconnected";
    }
    return "?";
}
