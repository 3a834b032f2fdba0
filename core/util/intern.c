/* util/intern.c — open addressing over interned strings kept in chunks
 * (contract in intern.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/intern.h"

#define CHUNK (64 * 1024)

struct chunk {
    struct chunk *next;
    size_t used, size;
    char data[];
};

struct hs_intern {
    const char **slots; /* power-of-two table of interned strings */
    size_t cap, n;
    struct chunk *chunks;
};

static uint64_t hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a, then mixed */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return hs_mix64(h);
}

struct hs_intern *hs_intern_new(void)
{
    struct hs_intern *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->cap = 256;
    in->slots = calloc(in->cap, sizeof *in->slots);
    if (!in->slots) {
        free(in);
        return NULL;
    }
    return in;
}

/* A copy of s in the chunks (a new chunk when the current one is full). */
static char *store(struct hs_intern *in, const char *s, size_t len)
{
    struct chunk *c = in->chunks;
    char *d;
    if (!c || c->size - c->used < len + 1) {
        size_t size = len + 1 > CHUNK ? len + 1 : CHUNK;
        c = malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->next = in->chunks;
        c->used = 0;
        c->size = size;
        in->chunks = c;
    }
    d = c->data + c->used;
    memcpy(d, s, len);
    d[len] = '\0';
    c->used += len + 1;
    return d;
}

static int grow(struct hs_intern *in)
{
    size_t cap = in->cap * 2;
    const char **slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < in->cap; i++) {
        const char *s = in->slots[i];
        size_t j;
        if (!s)
            continue;
        for (j = hash(s, strlen(s)) & (cap - 1); slots[j]; j = (j + 1) & (cap - 1))
            ;
        slots[j] = s;
    }
    free(in->slots);
    in->slots = slots;
    in->cap = cap;
    return 0;
}

const char *hs_intern_get(struct hs_intern *in, const char *s, size_t len)
{
    uint64_t hv = hash(s, len);
    size_t j;
    char *d;
    /* a string already held is found without allocating anything */
    for (j = hv & (in->cap - 1); in->slots[j]; j = (j + 1) & (in->cap - 1))
        if (strncmp(in->slots[j], s, len) == 0 && in->slots[j][len] == '\0')
            return in->slots[j];
    if (2 * (in->n + 1) > in->cap) {
        if (grow(in) < 0)
            return NULL;
        for (j = hv & (in->cap - 1); in->slots[j]; j = (j + 1) & (in->cap - 1))
            ;
    }
    if (!(d = store(in, s, len)))
        return NULL;
    in->slots[j] = d;
    in->n++;
    return d;
}

const char *hs_intern_find(const struct hs_intern *in, const char *s)
{
    size_t len = strlen(s);
    for (size_t j = hash(s, len) & (in->cap - 1); in->slots[j]; j = (j + 1) & (in->cap - 1))
        if (strcmp(in->slots[j], s) == 0)
            return in->slots[j];
    return NULL;
}

size_t hs_intern_count(const struct hs_intern *in)
{
    return in ? in->n : 0;
}

void hs_intern_free(struct hs_intern *in)
{
    if (!in)
        return;
    while (in->chunks) {
        struct chunk *c = in->chunks;
        in->chunks = c->next;
        free(c);
    }
    free(in->slots);
    free(in);
}
