/*
 * csv.h — a small RFC 4180-style record splitter for HAProxy's CSV output.
 *
 * Pure: works on a caller-owned, writable buffer, no I/O, no allocation
 * beyond the field array it hands back. HAProxy quotes a field with '"'
 * when it holds a comma, a quote or a line end (the quote doubled inside),
 * so a record may span several physical lines.
 */
#ifndef HAP_CSV_H
#define HAP_CSV_H

#include <stddef.h>

/* A cursor over a buffer of records. `buf` is modified in place: fields are
 * unquoted and NUL-terminated where they lie, so the pointers handed out
 * stay valid as long as the buffer does. */
struct hap_csv {
    char *p;        /* next byte to read */
    char *end;      /* one past the last byte */
    size_t line;    /* 1-based physical line of the next record */
    char **fields;  /* field pointers of the last record (owned here) */
    size_t nfields; /* how many of them are filled */
    size_t cap;     /* allocated size of `fields` */
};

/* Start reading `len` bytes at `buf` (which must stay alive and writable;
 * one extra byte at buf[len] must exist and is overwritten with NUL).
 * Never fails. */
void hap_csv_init(struct hap_csv *c, char *buf, size_t len);

/* Read the next non-blank record into c->fields / c->nfields; *line gets
 * the line it started on. Returns 1 for a record, 0 at the end of input,
 * -1 on malformed input or out of memory with a message naming the line in
 * err. */
int hap_csv_next(struct hap_csv *c, size_t *line, char *err, size_t errlen);

/* Free the field array. The buffer stays the caller's. */
void hap_csv_free(struct hap_csv *c);

/* Copy at most `max` bytes of `s` into out (size outlen) for an error
 * message: control and non-ASCII bytes become '?', and "..." marks a cut. */
void hap_csv_snippet(const char *s, size_t len, size_t max, char *out,
                     size_t outlen);

#endif /* HAP_CSV_H */
