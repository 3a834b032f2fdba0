/* util/intern.h — a string interner: each distinct string stored once, its
 * copy handed out as a stable pointer, so that a history of thousands of
 * records naming the same components holds each name once and compares
 * names by pointer. */
#ifndef HS_UTIL_INTERN_H
#define HS_UTIL_INTERN_H
#include <stddef.h>

struct hs_intern;

/* A new, empty interner (caller frees with hs_intern_free), or NULL. */
struct hs_intern *hs_intern_new(void);

/* The interned copy of the LEN bytes at S (which need not be NUL-terminated
 * and must hold no NUL): the same pointer for equal strings, valid until
 * hs_intern_free. NULL when out of memory (never for a string already
 * held: finding one allocates nothing). */
const char *hs_intern_get(struct hs_intern *in, const char *s, size_t len);

/* The interned copy of the NUL-terminated S, or NULL when S is not held
 * (nothing is added). */
const char *hs_intern_find(const struct hs_intern *in, const char *s);

/* How many distinct strings it holds. */
size_t hs_intern_count(const struct hs_intern *in);

void hs_intern_free(struct hs_intern *in);

#endif
