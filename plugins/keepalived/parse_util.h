/*
 * plugins/keepalived/parse_util.h — small pure helpers shared by the
 * keepalived parsers (private to the plugin: not installed).
 */
#ifndef KA_PARSE_UTIL_H
#define KA_PARSE_UTIL_H

#include <stddef.h>

/* A cursor over a byte buffer, handing out lines without their line end. */
struct ka_lines {
    const char *p, *end;
    long lineno; /* of the line last returned, 1-based */
};

/* Start a cursor over buf[0..len). */
void ka_lines_init(struct ka_lines *c, const char *buf, size_t len);
/* Next line into *line and *len (no '\n', no trailing '\r'). Returns 1, or 0
 * at the end of the buffer. */
int ka_lines_next(struct ka_lines *c, const char **line, size_t *len);

/* Parse all of s[0..len) as a decimal long (optional sign, no blanks).
 * Returns 0, or -1 when it is not exactly one number in range. */
int ka_parse_long(const char *s, size_t len, long *out);
/* Same for a finite double ("1795443797.206687"). */
int ka_parse_double(const char *s, size_t len, double *out);

/* Split the next blank-separated word off *s (length *len, both advanced).
 * Returns 1 with word/wlen set, or 0 when only blanks remain. */
int ka_next_word(const char **s, size_t *len, const char **word,
                 size_t *wlen);

/* Strip leading and trailing blanks of s[0..*len) in place of pointers. */
void ka_trim(const char **s, size_t *len);

/* snprintf into err (when errlen > 0); always returns -1 so callers can
 * `return ka_fail(...)`. */
int ka_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* 1 when buf[0..len) holds a NUL byte. */
int ka_has_nul(const char *buf, size_t len);

#endif /* KA_PARSE_UTIL_H */
