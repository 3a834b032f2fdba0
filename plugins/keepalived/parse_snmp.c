/*
 * plugins/keepalived/parse_snmp.c — what an SNMP walk of KEEPALIVED-MIB's
 * vrrpInstanceTable, or of RFC 6527's vrrpv3OperationsTable, returned, as
 * one node's instances (pure). The varbinds
 * come from net-snmp (io_snmp.c) or, for the unit tests and the fuzz target,
 * from `snmpwalk -On` text (ka_parse_snmp_walk), so the same checks run on
 * both: a value of the wrong type, a column twice, a row without a name, an
 * OID outside the table or too many of anything is an error; a state value
 * the MIB does not know is the instance state UNKNOWN.
 */
#include <stdlib.h>
#include <string.h>

#include "keepalived.h"

/* KEEPALIVED-MIB vrrpInstanceEntry: 1.3.6.1.4.1.9586.100.5.2.3.1 */
const unsigned long ka_snmp_entry_oid[KA_SNMP_ENTRY_LEN] = {1,    3,   6, 1, 4, 1,
                                                            9586, 100, 5, 2, 3, 1};
/* RFC 6527 VRRPv3-MIB vrrpv3OperationsEntry: 1.3.6.1.2.1.207.1.1.1.1 */
const unsigned long ka_snmp_rfc_entry_oid[KA_SNMP_RFC_ENTRY_LEN] = {1,   3, 6, 1, 2, 1,
                                                                    207, 1, 1, 1, 1};

/* Columns we read: vrrpInstanceEntry N (KEEPALIVED-MIB), and
 * vrrpv3OperationsEntry N (RFC 6527). */
enum { COL_NAME = 2, COL_VRID = 3, COL_STATE = 4, COL_BASE = 7, COL_EFF = 8, COL_MAX = 8 };
enum { RFC_STATUS = 6, RFC_PRIORITY = 7 };

/* A table: its entry OID, how many sub-identifiers index a row, and the
 * columns we read (bit N = column N). */
struct table {
    const unsigned long *entry;
    size_t entry_len, n_index;
    unsigned cols;
    const char *name;
};

static const struct table ka_table = {ka_snmp_entry_oid, KA_SNMP_ENTRY_LEN, 1,
                                      1u << COL_NAME | 1u << COL_VRID | 1u << COL_STATE |
                                          1u << COL_BASE | 1u << COL_EFF,
                                      "vrrpInstanceTable"};
/* INDEX { ifIndex, vrrpv3OperationsVrId, vrrpv3OperationsInetAddrType } */
static const struct table rfc_table = {ka_snmp_rfc_entry_oid, KA_SNMP_RFC_ENTRY_LEN, 3,
                                       1u << RFC_STATUS | 1u << RFC_PRIORITY,
                                       "vrrpv3OperationsTable"};

/* One table row while the varbinds come in, any column order. */
struct row {
    unsigned long index[3];                    /* the table's n_index first are used */
    const struct ka_snmp_vb *col[COL_MAX + 1]; /* borrowed; NULL = absent */
};

struct rows {
    struct row *r;
    size_t n, cap, hint;
};

/* VrrpState (KEEPALIVED-MIB) → ours: init(0) backup(1) master(2) fault(3)
 * unknown(4) shutdown(5) deleted(6). */
static enum ka_state mib_state(long v)
{
    static const enum ka_state map[] = {KA_INIT,    KA_BACKUP, KA_MASTER, KA_FAULT,
                                        KA_UNKNOWN, KA_STOP,   KA_DELETED};

    if (v < 0 || v >= (long)(sizeof map / sizeof map[0]))
        return KA_UNKNOWN;
    return map[v];
}

/* vrrpv3OperationsStatus (RFC 6527) → ours: initialize(1) backup(2)
 * master(3). */
static enum ka_state rfc_state(long v)
{
    return v == 1 ? KA_INIT : v == 2 ? KA_BACKUP : v == 3 ? KA_MASTER : KA_UNKNOWN;
}

/* The row with `index`, appended when new; NULL when out of memory or
 * there would be more rows than instances allowed. */
static struct row *row_get(struct rows *rs, const unsigned long index[3])
{
    struct row *nr;
    size_t i, cap;

    if (rs->hint < rs->n && memcmp(rs->r[rs->hint].index, index, sizeof rs->r->index) == 0)
        return &rs->r[rs->hint];
    for (i = 0; i < rs->n; i++)
        if (memcmp(rs->r[i].index, index, sizeof rs->r->index) == 0) {
            rs->hint = i;
            return &rs->r[i];
        }
    if (rs->n >= KA_MAX_INSTANCES)
        return NULL;
    if (rs->n == rs->cap) {
        cap = rs->cap ? rs->cap * 2 : 8;
        nr = realloc(rs->r, cap * sizeof *nr);
        if (!nr)
            return NULL;
        rs->r = nr;
        rs->cap = cap;
    }
    memset(&rs->r[rs->n], 0, sizeof rs->r[rs->n]);
    memcpy(rs->r[rs->n].index, index, sizeof rs->r->index);
    rs->hint = rs->n;
    return &rs->r[rs->n++];
}

/* A row's index, checked: every sub-identifier 1..2^31-1 (an ifIndex,
 * keepalived's row number); in RFC 6527's, a VRID 1..255 and an address
 * type ipv4(1) or ipv6(2). */
static int row_index(const struct table *t, const struct ka_snmp_vb *vb, unsigned long idx[3])
{
    size_t i;

    memset(idx, 0, 3 * sizeof *idx);
    for (i = 0; i < t->n_index; i++) {
        idx[i] = vb->oid[t->entry_len + 1 + i];
        if (idx[i] < 1 || idx[i] > 2147483647UL)
            return -1;
    }
    if (t->n_index == 3 && (idx[1] > 255 || idx[2] > 2))
        return -1;
    return 0;
}

/* Sort varbind k into its row; columns we do not read are dropped. */
static int place(struct rows *rs, const struct table *t, const struct ka_snmp_vb *vb, size_t k,
                 char *err, size_t errlen)
{
    unsigned long col, idx[3];
    struct row *r;

    if (vb->type == KA_SNMP_NONE)
        return 0; /* noSuchObject and friends: nothing there */
    if (vb->oid_len != t->entry_len + 1 + t->n_index ||
        memcmp(vb->oid, t->entry, t->entry_len * sizeof *t->entry) != 0)
        return ka_fail(err, errlen, "varbind %zu: OID outside %s", k + 1, t->name);
    col = vb->oid[t->entry_len];
    if (col > COL_MAX || !(t->cols & 1u << col))
        return 0;
    if (row_index(t, vb, idx) < 0)
        return ka_fail(err, errlen, "varbind %zu: row index out of range", k + 1);
    r = row_get(rs, idx);
    if (!r)
        return ka_fail(err, errlen, "more than %d VRRP instances, or out of memory",
                       KA_MAX_INSTANCES);
    if (r->col[col])
        return ka_fail(err, errlen, "row %lu: column %lu twice", r->index[0], col);
    r->col[col] = vb;
    return 0;
}

/* A number column of row r into *out (absent: -1), checked for type and
 * range lo..hi. */
static int number(const struct row *r, int col, const char *what, long lo, long hi, long *out,
                  char *err, size_t errlen)
{
    const struct ka_snmp_vb *vb = r->col[col];

    *out = -1;
    if (!vb)
        return 0;
    if (vb->type != KA_SNMP_INTEGER && vb->type != KA_SNMP_UNSIGNED)
        return ka_fail(err, errlen, "row %lu: %s is not a number", r->index[0], what);
    if (vb->num < lo || vb->num > hi)
        return ka_fail(err, errlen, "row %lu: %s %ld out of range %ld..%ld", r->index[0], what,
                       vb->num, lo, hi);
    *out = vb->num;
    return 0;
}

static int row_to_instance(const struct row *r, struct ka_view *out, char *err, size_t errlen)
{
    const struct ka_snmp_vb *name = r->col[COL_NAME];
    struct ka_instance *in;
    long st;

    if (!name)
        return ka_fail(err, errlen, "row %lu: no vrrpInstanceName", r->index[0]);
    if (name->type != KA_SNMP_STRING)
        return ka_fail(err, errlen, "row %lu: vrrpInstanceName is not a string", r->index[0]);
    in = ka_view_add(out, name->str, name->str_len, err, errlen);
    if (!in)
        return -1;
    if (number(r, COL_VRID, "VRID", 1, 255, &in->vrid, err, errlen) < 0 ||
        number(r, COL_BASE, "base priority", 0, 255, &in->priority, err, errlen) < 0 ||
        number(r, COL_EFF, "effective priority", 0, 255, &in->effective_priority, err, errlen) <
            0 ||
        number(r, COL_STATE, "state", -2147483647L, 2147483647L, &st, err, errlen) < 0)
        return -1;
    in->state = r->col[COL_STATE] ? mib_state(st) : KA_UNKNOWN;
    return 0;
}

/* An RFC 6527 row: the MIB names no instance, so the instance is named by
 * its VRID (KA_VRID_NAME; ka_name_by_vrid may rename it after a node of
 * the group that reports names). The priority is the operational one. */
static int rfc_row_to_instance(const struct row *r, struct ka_view *out, char *err, size_t errlen)
{
    struct ka_instance *in;
    char name[32];
    int len;
    long st;

    len = snprintf(name, sizeof name, KA_VRID_NAME "%s", r->index[1],
                   r->index[2] == 2 ? "-ipv6" : "");
    in = ka_view_add(out, name, (size_t)len, err, errlen);
    if (!in)
        return -1;
    in->vrid = (long)r->index[1];
    if (number(r, RFC_PRIORITY, "priority", 0, 255, &in->priority, err, errlen) < 0 ||
        number(r, RFC_STATUS, "status", -2147483647L, 2147483647L, &st, err, errlen) < 0)
        return -1;
    in->effective_priority = in->priority;
    in->state = r->col[RFC_STATUS] ? rfc_state(st) : KA_UNKNOWN;
    return 0;
}

static int parse_table(const struct table *t, const struct ka_snmp_vb *vb, size_t n,
                       struct ka_view *out, char *err, size_t errlen)
{
    struct rows rs = {NULL, 0, 0, 0};
    size_t k;
    int rc = -1;

    if (n > KA_SNMP_MAX_VARBINDS) {
        ka_fail(err, errlen, "%zu varbinds: more than %d", n, KA_SNMP_MAX_VARBINDS);
        goto out;
    }
    for (k = 0; k < n; k++)
        if (place(&rs, t, &vb[k], k, err, errlen) < 0)
            goto out;
    for (k = 0; k < rs.n; k++)
        if ((t == &rfc_table ? rfc_row_to_instance(&rs.r[k], out, err, errlen)
                             : row_to_instance(&rs.r[k], out, err, errlen)) < 0)
            goto out;
    rc = 0;
out:
    free(rs.r);
    return rc;
}

int ka_parse_snmp(const struct ka_snmp_vb *vb, size_t n, struct ka_view *out, char *err,
                  size_t errlen)
{
    return parse_table(&ka_table, vb, n, out, err, errlen);
}

int ka_parse_snmp_rfc6527(const struct ka_snmp_vb *vb, size_t n, struct ka_view *out, char *err,
                          size_t errlen)
{
    return parse_table(&rfc_table, vb, n, out, err, errlen);
}

/* "1.3.6.1..." (a leading '.' allowed) into vb->oid. */
static int parse_oid(const char *s, size_t len, struct ka_snmp_vb *vb)
{
    size_t i = 0;
    unsigned long sub;

    vb->oid_len = 0;
    if (len > 0 && s[0] == '.')
        i++;
    while (i < len) {
        if (s[i] < '0' || s[i] > '9' || vb->oid_len == KA_SNMP_OID_MAX)
            return -1;
        for (sub = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            sub = sub * 10 + (unsigned long)(s[i] - '0');
            if (sub > 4294967295UL)
                return -1;
        }
        vb->oid[vb->oid_len++] = sub;
        if (i < len && (s[i] != '.' || ++i == len))
            return -1;
    }
    return vb->oid_len > 0 ? 0 : -1;
}

static int starts(const char *s, size_t len, const char *p)
{
    return len >= strlen(p) && memcmp(s, p, strlen(p)) == 0;
}

/* "TYPE: VALUE" (or an exception text) into vb. */
static int parse_value(const char *s, size_t len, struct ka_snmp_vb *vb)
{
    size_t skip;

    if (starts(s, len, "No Such ") || starts(s, len, "No more variables")) {
        vb->type = KA_SNMP_NONE;
        return 0;
    }
    if (starts(s, len, "STRING: ")) {
        s += 8;
        len -= 8;
        if (len < 2 || s[0] != '"' || s[len - 1] != '"')
            return -1;
        vb->type = KA_SNMP_STRING;
        vb->str = s + 1;
        vb->str_len = len - 2;
        return 0;
    }
    if (starts(s, len, "INTEGER: ")) {
        vb->type = KA_SNMP_INTEGER;
        return ka_parse_long(s + 9, len - 9, &vb->num);
    }
    if (starts(s, len, "Gauge32: ") || starts(s, len, "Unsigned32: ") ||
        starts(s, len, "Counter32: ")) {
        vb->type = KA_SNMP_UNSIGNED;
        skip = (size_t)((const char *)memchr(s, ' ', len) - s) + 1;
        return ka_parse_long(s + skip, len - skip, &vb->num) < 0 || vb->num < 0 ? -1 : 0;
    }
    vb->type = KA_SNMP_OTHER;
    return 0;
}

int ka_parse_snmp_walk(const char *buf, size_t len, struct ka_snmp_vb **vbs, size_t *n, char *err,
                       size_t errlen)
{
    struct ka_lines c;
    struct ka_snmp_vb *nv;
    const char *line, *eq;
    size_t ll, cap = 0;

    *vbs = NULL;
    *n = 0;
    if (ka_has_nul(buf, len))
        return ka_fail(err, errlen, "NUL byte in the walk");
    ka_lines_init(&c, buf, len);
    while (ka_lines_next(&c, &line, &ll)) {
        if (ll == 0)
            continue;
        if (*n == KA_SNMP_MAX_VARBINDS)
            return ka_fail(err, errlen, "more than %d varbinds", KA_SNMP_MAX_VARBINDS);
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            nv = realloc(*vbs, cap * sizeof *nv);
            if (!nv)
                return ka_fail(err, errlen, "out of memory");
            *vbs = nv;
        }
        nv = &(*vbs)[*n];
        memset(nv, 0, sizeof *nv);
        eq = memchr(line, '=', ll);
        if (!eq || eq == line || eq[-1] != ' ' || (size_t)(eq - line) + 2 > ll || eq[1] != ' ' ||
            parse_oid(line, (size_t)(eq - line) - 1, nv) < 0 ||
            parse_value(eq + 2, ll - (size_t)(eq - line) - 2, nv) < 0)
            return ka_fail(err, errlen, "line %ld: not `OID = TYPE: VALUE`", c.lineno);
        (*n)++;
    }
    return 0;
}
