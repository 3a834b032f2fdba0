/* tcpcheck.c — an example hascout plugin: is a replicated TCP service
 * reachable? It connects to each configured endpoint within the target's
 * time budget, and judges the service by how many answered.
 *
 * Copy this directory to start a plugin of your own: it shows the config
 * readers (hs_config_*), timeouts from the time left, hs_debug(), components
 * with metrics, a service component whose state probe() decides, and a
 * verdict with a reason for every status. Build and check with `make`,
 * install with `make install` (see Makefile and README). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hascout/plugin.h>

enum mode { MODE_ALL, MODE_QUORUM, MODE_ANY };

/* Everything configure() read, owned by the plugin until release(). */
struct tcpcheck {
    const char **endpoints; /* "host:port", strings owned by the config */
    size_t n;
    int mode;                            /* enum mode */
    hs_range connect_warn, connect_crit; /* connect time, ms */
    const char *maintenance_file;        /* absolute path or NULL */
    double cap_ms;                       /* longest wait for one endpoint */
    size_t up;                           /* filled by probe() for score() */
    int in_maintenance;
};

static int configure(const config_setting_t *target, void **state, hs_error *err)
{
    static const char *const keys[] = {
        "endpoints",       "mode", "connect_warn", "connect_crit", "maintenance_file",
        "connect_timeout", NULL};
    static const char *const required[] = {"endpoints", NULL};
    static const char *const modes[] = {"all", "quorum", "any", NULL};
    struct tcpcheck *c = calloc(1, sizeof *c);
    double timeout_s;

    if (!c) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    if (hs_config_check_keys(target, keys, err) < 0 ||
        hs_config_require(target, required, err) < 0 ||
        hs_config_strings(target, "endpoints", &c->endpoints, &c->n, err) < 0 ||
        hs_config_enum(target, "mode", modes, MODE_QUORUM, &c->mode, err) < 0 ||
        hs_config_range(target, "connect_warn", "200", &c->connect_warn, err) < 0 ||
        hs_config_range(target, "connect_crit", "1000", &c->connect_crit, err) < 0 ||
        hs_config_path(target, "maintenance_file", NULL, &c->maintenance_file, err) < 0 ||
        hs_config_number(target, "connect_timeout", 2.0, &timeout_s, err) < 0)
        goto fail;
    if (c->n == 0) {
        hs_error_at(err, config_setting_get_member(target, "endpoints"),
                    "'endpoints' must name at least one \"host:port\"");
        goto fail;
    }
    c->cap_ms = timeout_s * 1000.0;
    *state = c;
    return 0;
fail:
    free(c->endpoints);
    free(c);
    return -1;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Connect to "host:port" within timeout_ms. Returns 0 and the connect time
 * in *ms, or -1 with the reason in why. */
static int try_connect(const char *endpoint, long timeout_ms, double *ms, char *why, size_t len)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai = NULL;
    char host[256];
    const char *colon = strrchr(endpoint, ':');
    double start = now_ms();
    int fd = -1, rc = -1, soerr = 0, gai;
    socklen_t sl = sizeof soerr;

    if (!colon || colon == endpoint || (size_t)(colon - endpoint) >= sizeof host) {
        snprintf(why, len, "not host:port");
        return -1;
    }
    snprintf(host, sizeof host, "%.*s", (int)(colon - endpoint), endpoint);
    /* getaddrinfo has no timeout: numeric addresses avoid a slow resolver */
    if ((gai = getaddrinfo(host, colon + 1, &hints, &ai)) != 0) {
        snprintf(why, len, "cannot resolve: %s", gai_strerror(gai));
        return -1;
    }
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(why, len, "socket: %s", strerror(errno));
        goto out;
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS) {
        snprintf(why, len, "%s", strerror(errno));
        goto out;
    }
    {
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        int r = poll(&p, 1, timeout_ms > 0x7fffffffL ? 0x7fffffff : (int)timeout_ms);
        if (r == 0) {
            snprintf(why, len, "no answer within %ld ms", timeout_ms);
            goto out;
        }
        if (r < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0 || soerr) {
            snprintf(why, len, "%s", strerror(soerr ? soerr : errno));
            goto out;
        }
    }
    *ms = now_ms() - start;
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    freeaddrinfo(ai);
    return rc;
}

static int probe(void *state, hs_probe *p)
{
    struct tcpcheck *c = state;
    struct stat st;
    size_t need;
    hs_component *svc = hs_probe_component(p, "service", "service", NULL, HS_STATE_UNKNOWN);

    c->up = 0;
    for (size_t i = 0; i < c->n; i++) {
        /* share what is left fairly among the endpoints still to try */
        long t = hs_probe_timeout_ms(p, 1.0 / (double)(c->n - i), (long)c->cap_ms);
        hs_component *e;
        char why[256];
        double ms;

        if (t == 0) {
            /* out of time: what was seen still counts, the rest is unknown */
            e = hs_probe_component(p, c->endpoints[i], "endpoint", "service", HS_STATE_UNKNOWN);
            hs_component_message(e, "not tried: the target's deadline is near");
            continue;
        }
        hs_debug("connecting to %s, timeout %ld ms", c->endpoints[i], t);
        if (try_connect(c->endpoints[i], t, &ms, why, sizeof why) < 0) {
            e = hs_probe_component(p, c->endpoints[i], "endpoint", "service", HS_STATE_DOWN);
            hs_component_message(e, "%s", why);
            hs_debug("%s: %s", c->endpoints[i], why);
            continue;
        }
        c->up++;
        e = hs_probe_component(p, c->endpoints[i], "endpoint", "service", HS_STATE_UP);
        hs_metric_bounds(hs_component_metric(e, "connect_ms", ms, "ms"), 0, HS_NO_BOUND);
    }
    /* score() gets a const probe: the service's state is decided here */
    need = c->mode == MODE_ALL ? c->n : c->mode == MODE_ANY ? 1 : c->n / 2 + 1;
    hs_component_set_state(svc, c->up == c->n   ? HS_STATE_UP
                                : c->up >= need ? HS_STATE_DEGRADED
                                                : HS_STATE_DOWN);
    hs_metric_bounds(hs_component_metric(svc, "endpoints_up", (double)c->up, ""), 0, (double)c->n);
    c->in_maintenance = c->maintenance_file && stat(c->maintenance_file, &st) == 0;
    return 0;
}

static int score(void *state, const hs_probe *p, hs_verdict *v)
{
    const struct tcpcheck *c = state;
    const hs_component *svc = hs_probe_find(p, "service");

    for (size_t i = 0; i < hs_probe_component_count(p); i++) {
        const hs_component *e = hs_probe_component_at(p, i);
        double ms;
        if (!hs_component_value(e, "connect_ms", &ms))
            continue;
        if (hs_range_alerts(&c->connect_crit, ms))
            hs_verdict_raise(v, HS_CRITICAL, "%s: connect took %.0f ms", hs_component_id(e), ms);
        else if (hs_range_alerts(&c->connect_warn, ms))
            hs_verdict_raise(v, HS_WARNING, "%s: connect took %.0f ms", hs_component_id(e), ms);
    }
    switch (hs_component_state(svc)) {
    case HS_STATE_UP: hs_verdict_raise(v, HS_OK, "%zu/%zu endpoints answer", c->up, c->n); break;
    case HS_STATE_DEGRADED:
        hs_verdict_raise(v, HS_WARNING, "%zu/%zu endpoints answer: redundancy lost", c->up, c->n);
        break;
    default:
        /* announced maintenance: still reported, but no one is paged */
        hs_verdict_raise(v, c->in_maintenance ? HS_WARNING : HS_CRITICAL,
                         "%zu/%zu endpoints answer: service down%s", c->up, c->n,
                         c->in_maintenance ? " (maintenance file present)" : "");
        break;
    }
    hs_verdict_health(v, 100.0 * (double)c->up / (double)c->n);
    return 0;
}

static void release(void *state)
{
    struct tcpcheck *c = state;
    if (!c)
        return;
    free(c->endpoints); /* the array only: the strings are the config's */
    free(c);
}

static const struct hs_plugin tcpcheck = {
    .abi_version = HS_PLUGIN_ABI_VERSION,
    .name = "tcpcheck", /* the file must be tcpcheck.so */
    .version = "1.0",
    .technology = "TCP service",
    .ha_class = HS_CLASS_OTHER,
    .scores = {.chance = 1,
               .risk = 1,
               .maturity = 5,
               .chance_why = "a reachability check adds no redundancy of its own",
               .risk_why = "read-only: it only opens and closes connections",
               .maturity_why = "TCP connect checks are as old as monitoring"},
    .description = "example: endpoints of a replicated TCP service answer",
    .configure = configure,
    .probe = probe,
    .score = score,
    .release = release,
};

HS_PLUGIN_DEFINE(tcpcheck)
