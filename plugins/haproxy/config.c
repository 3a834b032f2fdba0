/*
 * plugins/haproxy/config.c — reading a HAProxy target's keys (contract in
 * haproxy.h).
 */
#include <stdlib.h>
#include <string.h>

#include "haproxy.h"

static const char *const known_keys[] = {
    /* the core's */
    "name", "plugin", "deadline",
    /* ours, as documented in README.md */
    "url", "socket", "username", "password", "password_file", "ca_file", "insecure",
    "connect_timeout", "timeout", "min_up", "maint_is_down", "warn_sessions", "crit_sessions",
    "warn_queue", "crit_queue", "proxies", "exclude_proxies", "types", NULL};

/* A yes/no key: a libconfig boolean, 0/1, or "true"/"false"/"yes"/"no". */
static int read_bool(const config_setting_t *g, const char *key, int def, int *out, hs_error *err)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    const char *t;

    *out = def;
    if (!s)
        return 0;
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_BOOL: *out = config_setting_get_bool(s); return 0;
    case CONFIG_TYPE_INT:
        if (config_setting_get_int(s) == 0 || config_setting_get_int(s) == 1) {
            *out = config_setting_get_int(s);
            return 0;
        }
        break;
    case CONFIG_TYPE_STRING:
        t = config_setting_get_string(s);
        if (strcmp(t, "true") == 0 || strcmp(t, "yes") == 0) {
            *out = 1;
            return 0;
        }
        if (strcmp(t, "false") == 0 || strcmp(t, "no") == 0) {
            *out = 0;
            return 0;
        }
        break;
    default: break;
    }
    hs_error_at(err, s, "'%s' must be true or false", key);
    return -1;
}

/* A list of names: a libconfig array/list of strings or one string with
 * comma-separated items. *out (owned by the caller, free() the array only)
 * points into the config's strings or into *store (owned, free()). */
static int read_list(const config_setting_t *g, const char *key, const char ***out, size_t *n,
                     char **store, hs_error *err)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    const char **items = NULL;
    size_t cap, k = 0;

    *out = NULL;
    *n = 0;
    *store = NULL;
    if (!s)
        return 0;
    if (config_setting_type(s) == CONFIG_TYPE_STRING) {
        char *p, *tok, *save = NULL;

        *store = strdup(config_setting_get_string(s));
        if (!*store)
            goto oom;
        /* one more item than separators at most: blanks separate too */
        cap = 1;
        for (p = *store; *p; p++)
            cap += *p == ',' || *p == ' ';
        items = calloc(cap, sizeof *items);
        if (!items)
            goto oom;
        for (tok = strtok_r(*store, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
            items[k++] = tok;
    } else if (config_setting_is_array(s) || config_setting_is_list(s)) {
        if (hs_config_strings(g, key, &items, &k, err) < 0)
            return -1;
    } else {
        hs_error_at(err, s, "'%s' must be a string or a list of strings", key);
        return -1;
    }
    if (k == 0) {
        free(items);
        hs_error_at(err, s, "'%s' is empty", key);
        return -1;
    }
    *out = items;
    *n = k;
    return 0;
oom:
    hs_error_at(err, s, "out of memory reading '%s'", key);
    return -1;
}

static int read_types(const config_setting_t *g, unsigned *types, hs_error *err)
{
    const char **names = NULL;
    char *store = NULL;
    size_t i, n;
    int rc = -1;

    *types = HAP_KEEP_FRONTEND | HAP_KEEP_BACKEND | HAP_KEEP_SERVER;
    if (read_list(g, "types", &names, &n, &store, err) < 0)
        return -1;
    if (n)
        *types = 0;
    for (i = 0; i < n; i++) {
        if (strcmp(names[i], "frontend") == 0)
            *types |= HAP_KEEP_FRONTEND;
        else if (strcmp(names[i], "backend") == 0)
            *types |= HAP_KEEP_BACKEND;
        else if (strcmp(names[i], "server") == 0)
            *types |= HAP_KEEP_SERVER;
        else {
            hs_error_at(err, config_setting_get_member(g, "types"),
                        "'types': '%s' is not frontend, backend or server", names[i]);
            goto out;
        }
    }
    rc = 0;
out:
    free(names);
    free(store);
    return rc;
}

static int read_source(const config_setting_t *g, struct hap_config *c, hs_error *err)
{
    const config_setting_t *where;
    const char *url = NULL;
    struct hap_url_info ui;
    char msg[256];
    size_t n;
    int have_pw;

    if (hs_config_string(g, "url", NULL, &url, err) < 0 ||
        hs_config_string(g, "socket", NULL, &c->socket, err) < 0 ||
        hs_config_string(g, "username", NULL, &c->http.username, err) < 0 ||
        hs_config_string(g, "ca_file", NULL, &c->http.ca_file, err) < 0 ||
        read_bool(g, "insecure", 0, &c->http.insecure, err) < 0)
        return -1;
    if (!url == !c->socket) {
        hs_error_at(err, g,
                    "a haproxy target needs exactly one of 'url' "
                    "(stats page) and 'socket' (stats socket)");
        return -1;
    }
    have_pw = hs_config_secret(g, "password", c->password, sizeof c->password, err);
    if (have_pw < 0)
        return -1;
    if (c->socket) {
        where = config_setting_get_member(g, "socket");
        if (hap_socket_check(c->socket, msg, sizeof msg) < 0) {
            hs_error_at(err, where, "%s", msg);
            return -1;
        }
        if (have_pw || c->http.username || c->http.ca_file) {
            hs_error_at(err, where,
                        "username, password and ca_file apply "
                        "to 'url' only; the stats socket has no login");
            return -1;
        }
        return 0;
    }
    where = config_setting_get_member(g, "url");
    if (hap_url_inspect(url, &ui) < 0) {
        hs_error_at(err, where, "'url' must start with http:// or https://");
        return -1;
    }
    /* "scheme://user:pass@host" would put a secret in the config and in
     * every message that names the URL; the message never quotes the URL */
    if (ui.userinfo) {
        hs_error_at(err, where,
                    "'url' must not carry credentials (an '@' "
                    "before the first '/', '?' or '#'): use 'username' and "
                    "'password_file'");
        return -1;
    }
    if (!c->http.username != !have_pw) {
        hs_error_at(err, g,
                    "'username' and 'password'/'password_file' go "
                    "together");
        return -1;
    }
    if (have_pw && !ui.https && !ui.loopback)
        hs_warn("%s:%u: basic auth over plain http sends the password in "
                "clear to a host other than this one: use https://",
                config_setting_source_file(where) ? config_setting_source_file(where) : "config",
                config_setting_source_line(where));
    c->http.password = have_pw ? c->password : NULL;
    /* The stats page is HTML unless asked for CSV. */
    n = strlen(url) + sizeof ";csv";
    c->http.url = malloc(n);
    if (!c->http.url) {
        hs_error_at(err, where, "out of memory");
        return -1;
    }
    snprintf((char *)c->http.url, n, "%s%s", url, strstr(url, ";csv") ? "" : ";csv");
    return 0;
}

static int read_limits(const config_setting_t *g, struct hap_config *c, hs_error *err)
{
    struct hap_limits *l = &c->limits;

    if (hs_config_string(g, "warn_sessions", "80", &c->warn_sessions, err) < 0 ||
        hs_config_string(g, "crit_sessions", "95", &c->crit_sessions, err) < 0 ||
        hs_config_string(g, "warn_queue", NULL, &c->warn_queue, err) < 0 ||
        hs_config_string(g, "crit_queue", NULL, &c->crit_queue, err) < 0 ||
        hs_config_number(g, "min_up", 1, &l->min_up, err) < 0 ||
        hs_config_range(g, "warn_sessions", "80", &l->warn_sessions, err) < 0 ||
        hs_config_range(g, "crit_sessions", "95", &l->crit_sessions, err) < 0 ||
        hs_config_range(g, "warn_queue", NULL, &l->warn_queue, err) < 0 ||
        hs_config_range(g, "crit_queue", NULL, &l->crit_queue, err) < 0 ||
        read_bool(g, "maint_is_down", 0, &c->filter.maint_is_down, err) < 0)
        return -1;
    if (l->min_up < 0) {
        hs_error_at(err, config_setting_get_member(g, "min_up"), "'min_up' must be 0 or more");
        return -1;
    }
    return 0;
}

static int read_timeouts(const config_setting_t *g, struct hap_config *c, hs_error *err)
{
    if (hs_config_number(g, "connect_timeout", 3.0, &c->http.connect_timeout, err) < 0 ||
        hs_config_number(g, "timeout", 10.0, &c->timeout, err) < 0)
        return -1;
    if (c->http.connect_timeout <= 0 || c->timeout <= 0) {
        hs_error_at(err,
                    config_setting_get_member(g, c->timeout <= 0 ? "timeout" : "connect_timeout"),
                    "timeouts must be more than 0 seconds");
        return -1;
    }
    return 0;
}

int hap_config_read(const config_setting_t *g, struct hap_config *c, hs_error *err)
{
    char *inc_store = NULL, *exc_store = NULL;
    const char **inc = NULL, **exc = NULL;
    int rc = -1;

    memset(c, 0, sizeof *c);
    if (hs_config_check_keys(g, known_keys, err) < 0 || read_source(g, c, err) < 0 ||
        read_limits(g, c, err) < 0 || read_timeouts(g, c, err) < 0 ||
        read_types(g, &c->filter.types, err) < 0)
        goto out;
    if (read_list(g, "proxies", &inc, &c->filter.ninclude, &inc_store, err) < 0 ||
        read_list(g, "exclude_proxies", &exc, &c->filter.nexclude, &exc_store, err) < 0)
        goto out;
    rc = 0;
out:
    c->filter.include = inc;
    c->filter.exclude = exc;
    c->inc_store = inc_store;
    c->exc_store = exc_store;
    return rc;
}

void hap_config_free(struct hap_config *c)
{
    free((void *)c->http.url);
    free((void *)c->filter.include);
    free((void *)c->filter.exclude);
    free(c->inc_store);
    free(c->exc_store);
    explicit_bzero(c->password, sizeof c->password);
    memset(c, 0, sizeof *c);
}

const char *hap_config_source(const struct hap_config *c)
{
    return c->socket ? c->socket : c->http.url;
}
