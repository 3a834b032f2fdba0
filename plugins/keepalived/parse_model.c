/*
 * plugins/keepalived/parse_model.c — the containers the parsers fill (instances
 * of one node, flap history) and the state names.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "keepalived.h"

static const char *const state_names[KA_STATE_COUNT] = {"INIT", "BACKUP",  "MASTER", "FAULT",
                                                        "STOP", "DELETED", "UNKNOWN"};

int ka_state_parse(const char *s, size_t len)
{
    int i;

    for (i = 0; i < KA_STATE_COUNT; i++)
        if (strlen(state_names[i]) == len && memcmp(s, state_names[i], len) == 0)
            return i;
    return -1;
}

const char *ka_state_name(enum ka_state s)
{
    if ((int)s < 0 || (int)s >= KA_STATE_COUNT)
        return "UNKNOWN";
    return state_names[s];
}

int ka_name_ok(const char *name, size_t len)
{
    size_t i;

    if (len == 0 || len >= KA_NAME_MAX)
        return 0;
    for (i = 0; i < len; i++)
        if (name[i] <= ' ' || name[i] > '~' || name[i] == '"')
            return 0;
    return 1;
}

void ka_view_init(struct ka_view *v)
{
    memset(v, 0, sizeof *v);
}

void ka_view_free(struct ka_view *v)
{
    free(v->inst);
    ka_view_init(v);
}

struct ka_instance *ka_view_find(const struct ka_view *v, const char *name)
{
    size_t i;

    for (i = 0; i < v->n; i++)
        if (strcmp(v->inst[i].name, name) == 0)
            return &v->inst[i];
    return NULL;
}

/* Grow an array of `size`-byte elements to hold one more; 0 or -1. */
static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
    size_t ncap;
    void *p;

    if (n < *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 8;
    p = realloc(*arr, ncap * size);
    if (!p)
        return -1;
    *arr = p;
    *cap = ncap;
    return 0;
}

struct ka_instance *ka_view_add(struct ka_view *v, const char *name, size_t len, char *err,
                                size_t errlen)
{
    struct ka_instance *in;
    char key[KA_NAME_MAX];
    void *arr = v->inst;

    if (!ka_name_ok(name, len)) {
        ka_fail(err, errlen,
                "bad instance name (want 1-%d printable "
                "characters without blanks or quotes)",
                KA_NAME_MAX - 1);
        return NULL;
    }
    memcpy(key, name, len);
    key[len] = '\0';
    if (ka_view_find(v, key)) {
        ka_fail(err, errlen, "instance \"%s\" appears twice", key);
        return NULL;
    }
    if (v->n >= KA_MAX_INSTANCES) {
        ka_fail(err, errlen, "more than %d instances", KA_MAX_INSTANCES);
        return NULL;
    }
    if (grow(&arr, &v->cap, v->n, sizeof *v->inst) < 0) {
        ka_fail(err, errlen, "out of memory");
        return NULL;
    }
    v->inst = arr;
    in = &v->inst[v->n++];
    memset(in, 0, sizeof *in);
    memcpy(in->name, key, len + 1);
    in->state = KA_UNKNOWN;
    in->vrid = in->priority = in->effective_priority = -1;
    in->become_master = in->release_master = in->transitions = -1;
    return in;
}

void ka_flap_init(struct ka_flap *f)
{
    memset(f, 0, sizeof *f);
}

void ka_flap_free(struct ka_flap *f)
{
    free(f->e);
    ka_flap_init(f);
}

const struct ka_flap_entry *ka_flap_find(const struct ka_flap *f, const char *node,
                                         const char *instance)
{
    size_t i;

    for (i = 0; i < f->n; i++)
        if (strcmp(f->e[i].node, node) == 0 && strcmp(f->e[i].instance, instance) == 0)
            return &f->e[i];
    return NULL;
}

int ka_flap_add(struct ka_flap *f, const char *node, const char *instance, long counter,
                double last_transition, char *err, size_t errlen)
{
    struct ka_flap_entry *e;
    void *arr = f->e;

    if (!ka_name_ok(node, strlen(node)) || !ka_name_ok(instance, strlen(instance)))
        return ka_fail(err, errlen, "bad node or instance name");
    if (ka_flap_find(f, node, instance))
        return ka_fail(err, errlen, "node %s instance %s appears twice", node, instance);
    if (f->n >= KA_MAX_INSTANCES)
        return ka_fail(err, errlen, "more than %d entries", KA_MAX_INSTANCES);
    if (grow(&arr, &f->cap, f->n, sizeof *f->e) < 0)
        return ka_fail(err, errlen, "out of memory");
    f->e = arr;
    e = &f->e[f->n++];
    snprintf(e->node, sizeof e->node, "%s", node);
    snprintf(e->instance, sizeof e->instance, "%s", instance);
    e->counter = counter;
    e->last_transition = last_transition;
    return 0;
}
