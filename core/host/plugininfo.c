/* plugininfo.c — a plugin's description as JSON, written by the child
 * that loaded it and read back by the parent, which trusts none of it. */
#include <json-c/json.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/plugininfo.h"

/* The file stem: "/x/y/haproxy.so" → "haproxy" into buf. */
void hs_plugin_file_stem(const char *path, char *buf, size_t len)
{
    const char *base = strrchr(path, '/');
    size_t n;
    base = base ? base + 1 : path;
    n = strlen(base);
    if (n > 3 && strcmp(base + n - 3, ".so") == 0)
        n -= 3;
    if (n >= len)
        n = len - 1;
    memcpy(buf, base, n);
    buf[n] = '\0';
}

void hs_plugin_info_free(struct hs_plugin_info *info)
{
    if (!info)
        return;
    free(info->path);
    free(info->name);
    free(info->version);
    free(info->technology);
    free(info->description);
    free(info->chance_why);
    free(info->risk_why);
    free(info->maturity_why);
    free(info->error);
    memset(info, 0, sizeof *info);
}

char *hs_plugin_describe(const struct hs_plugin *d, const char *error)
{
    json_object *o = json_object_new_object();
    char *out = NULL;

    if (!o)
        return NULL;
    if (error) {
        json_object_object_add(o, "error", json_object_new_string(error));
    } else {
        json_object_object_add(o, "name", json_object_new_string(d->name));
        json_object_object_add(o, "version", json_object_new_string(d->version));
        json_object_object_add(o, "technology", json_object_new_string(d->technology));
        if (d->description)
            json_object_object_add(o, "description", json_object_new_string(d->description));
        json_object_object_add(o, "abi", json_object_new_int(d->abi_version));
        json_object_object_add(o, "class", json_object_new_int((int)d->ha_class));
        json_object_object_add(o, "chance", json_object_new_double(d->scores.chance));
        json_object_object_add(o, "risk", json_object_new_double(d->scores.risk));
        json_object_object_add(o, "maturity", json_object_new_double(d->scores.maturity));
        if (d->scores.chance_why)
            json_object_object_add(o, "chance_why", json_object_new_string(d->scores.chance_why));
        if (d->scores.risk_why)
            json_object_object_add(o, "risk_why", json_object_new_string(d->scores.risk_why));
        if (d->scores.maturity_why)
            json_object_object_add(o, "maturity_why",
                                   json_object_new_string(d->scores.maturity_why));
    }
    out = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
    json_object_put(o);
    return out;
}

static char *jdup(json_object *o, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
        return NULL;
    return strdup(json_object_get_string(v));
}

static double jdbl(json_object *o, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v))
        return NAN;
    return json_object_get_double(v);
}

int hs_plugin_info_parse(const char *text, size_t len, const char *path,
                         struct hs_plugin_info *info)
{
    char stem[256];
    json_object *o = NULL, *v;
    struct json_tokener *tok = json_tokener_new();

    memset(info, 0, sizeof *info);
    hs_plugin_file_stem(path, stem, sizeof stem);
    info->path = strdup(path);
    if (tok && len <= INT32_MAX)
        o = json_tokener_parse_ex(tok, text, (int)len);
    if (tok)
        json_tokener_free(tok);
    if (!o || !json_object_is_type(o, json_type_object)) {
        info->error = strdup("the plugin's description is garbage");
    } else if ((info->error = jdup(o, "error")) == NULL) {
        info->name = jdup(o, "name");
        info->version = jdup(o, "version");
        info->technology = jdup(o, "technology");
        info->description = jdup(o, "description");
        info->abi_version = json_object_object_get_ex(o, "abi", &v) ? json_object_get_int(v) : 0;
        info->ha_class = json_object_object_get_ex(o, "class", &v) ? json_object_get_int(v) : -1;
        info->chance = jdbl(o, "chance");
        info->risk = jdbl(o, "risk");
        info->maturity = jdbl(o, "maturity");
        info->chance_why = jdup(o, "chance_why");
        info->risk_why = jdup(o, "risk_why");
        info->maturity_why = jdup(o, "maturity_why");
    }
    if (!info->name)
        info->name = strdup(stem);
    if (o)
        json_object_put(o);
    return info->path && info->name ? 0 : -1;
}
