/*
 * plugins/keepalived/parse_snmp.c — what an SNMP walk of KEEPALIVED-MIB's
 * vrrpInstanceTable returned, as one node's instances (pure). The varbinds
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

/* Columns we read (vrrpInstanceEntry N). */
enum { COL_NAME = 2, COL_VRID = 3, COL_STATE = 4, COL_BASE = 7, COL_EFF = 8, COL_MAX = 8 };

/* One table row while the varbinds come in, any column order. */
struct row {
    unsigned long index;
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

/* The row with `index`, appended when new; NULL when out of memory or
 * there would be more rows than instances allowed. */
static struct row *row_get(struct rows *rs, unsigned long index)
{
    struct row *nr;
    size_t i, cap;

    if (rs->hint < rs->n && rs->r[rs->hint].index == index)
        return &rs->r[rs->hint];
    for (i = 0; i < rs->n; i++)
        if (rs->r[i].index == index) {
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
    rs->r[rs->n].index = index;
    rs->hint = rs->n;
    return &rs->r[rs->n++];
}

/* Sort varbind k into its row; columns we do not read are dropped. */
static int place(struct rows *rs, const struct ka_snmp_vb *vb, size_t k, char *err, size_t errlen)
{
    unsigned long col;
    struct row *r;

    if (vb->type == KA_SNMP_NONE)
        return 0; /* noSuchObject and friends: nothing there */
    if (vb->oid_len != KA_SNMP_ENTRY_LEN + 2 ||
        memcmp(vb->oid, ka_snmp_entry_oid, sizeof ka_snmp_entry_oid) != 0)
        return ka_fail(err, errlen, "varbind %zu: OID outside vrrpInstanceTable", k + 1);
    col = vb->oid[KA_SNMP_ENTRY_LEN];
    if (col > COL_MAX || (col != COL_NAME && col != COL_VRID && col != COL_STATE &&
                          col != COL_BASE && col != COL_EFF))
        return 0;
    if (vb->oid[KA_SNMP_ENTRY_LEN + 1] < 1 || vb->oid[KA_SNMP_ENTRY_LEN + 1] > 2147483647UL)
        return ka_fail(err, errlen, "varbind %zu: row index out of range", k + 1);
    r = row_get(rs, vb->oid[KA_SNMP_ENTRY_LEN + 1]);
    if (!r)
        return ka_fail(err, errlen, "more than %d VRRP instances, or out of memory",
                       KA_MAX_INSTANCES);
    if (r->col[col])
        return ka_fail(err, errlen, "row %lu: column %lu twice", r->index, col);
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
        return ka_fail(err, errlen, "row %lu: %s is not a number", r->index, what);
    if (vb->num < lo || vb->num > hi)
        return ka_fail(err, errlen, "row %lu: %s %ld out of range %ld..%ld", r->index, what,
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
        return ka_fail(err, errlen, "row %lu: no vrrpInstanceName", r->index);
    if (name->type != KA_SNMP_STRING)
        return ka_fail(err, errlen, "row %lu: vrrpInstanceName is not a string", r->index);
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

int ka_parse_snmp(const struct ka_snmp_vb *vb, size_t n, struct ka_view *out, char *err,
                  size_t errlen)
{
    struct rows rs = {NULL, 0, 0, 0};
    size_t k;
    int rc = -1;

    if (n > KA_SNMP_MAX_VARBINDS) {
        ka_fail(err, errlen, "%zu varbinds: more than %d", n, KA_SNMP_MAX_VARBINDS);
        goto out;
    }
    for (k = 0; k < n; k++)
        if (place(&rs, &vb[k], k, err, errlen) < 0)
            goto out;
    for (k = 0; k < rs.n; k++)
        if (row_to_instance(&rs.r[k], out, err, errlen) < 0)
            goto out;
    rc = 0;
out:
    free(rs.r);
    return rc;
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
