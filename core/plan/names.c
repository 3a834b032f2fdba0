/* names.c — component name lists from the command line, resolved against
 * the model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "plan/plan.h"

#define NAME_MAX_LEN 255

void hs_plan_names_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

static int blank(char c)
{
    return c == ' ' || c == '\t';
}

int hs_plan_split_names(const char *arg, char ***names, size_t *n, hs_error *err)
{
    char **v = NULL;
    size_t cnt = 0, cap = 1;
    const char *p = arg;
    int rc = -1;

    *names = NULL;
    *n = 0;
    if (!arg) {
        hs_error_set(err, "no component names given");
        return -1;
    }
    for (const char *c = arg; *c; c++)
        cap += *c == ',';
    v = calloc(cap, sizeof *v);
    if (!v)
        goto oom;
    for (;;) {
        const char *end = strchr(p, ',');
        const char *b = p, *e = end ? end : p + strlen(p);
        while (b < e && blank(*b))
            b++;
        while (e > b && blank(e[-1]))
            e--;
        if (e == b) {
            hs_error_set(err, "component list '%s': name %zu is empty", arg, cnt + 1);
            goto out;
        }
        if ((size_t)(e - b) > NAME_MAX_LEN) {
            hs_error_set(err, "component list: name %zu is longer than %d bytes", cnt + 1,
                         NAME_MAX_LEN);
            goto out;
        }
        v[cnt] = strndup(b, (size_t)(e - b));
        if (!v[cnt])
            goto oom;
        for (size_t k = 0; k < cnt; k++)
            if (strcmp(v[k], v[cnt]) == 0) {
                hs_error_set(err, "component list: '%s' is given twice (names %zu and %zu)", v[cnt],
                             k + 1, cnt + 1);
                cnt++;
                goto out;
            }
        cnt++;
        if (!end)
            break;
        p = end + 1;
    }
    *names = v;
    *n = cnt;
    v = NULL;
    rc = 0;
    goto out;
oom:
    hs_error_set(err, "out of memory");
out:
    hs_plan_names_free(v, cnt);
    return rc;
}

int hs_plan_resolve(const struct hs_live *lv, char *const *names, size_t n, int *idx, hs_error *err)
{
    for (size_t i = 0; i < n; i++) {
        char list[HS_ERROR_MAX / 2];
        size_t len = 0;
        idx[i] = hs_live_find(lv, names[i]);
        if (idx[i] >= 0)
            continue;
        list[0] = '\0';
        for (size_t c = 0; c < lv->ncomps && len + 1 < sizeof list; c++) {
            int w =
                snprintf(list + len, sizeof list - len, "%s%s", c ? ", " : "", lv->comps[c].name);
            if (w < 0 || (size_t)w >= sizeof list - len) {
                snprintf(list + (sizeof list - 5), 5, "...");
                break;
            }
            len += (size_t)w;
        }
        hs_error_set(err, "no component '%s' in the model (components: %s)", names[i], list);
        return -1;
    }
    return 0;
}
