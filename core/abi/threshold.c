/* threshold.c — monitoring-plugins threshold ranges ("10", "10:", "~:10",
 * "10:20", "@10:20"). Parsed strictly: anything the syntax does not allow
 * is an error, because a silently misread threshold never alerts. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hascout/plugin.h"

static int parse_number(const char *s, size_t len, double *out)
{
    char buf[64], *end;
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    errno = 0;
    *out = strtod(buf, &end);
    if (errno || *end != '\0' || !isfinite(*out))
        return -1;
    /* strtod accepts "inf", "nan", hex and leading blanks: the syntax does not */
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
            return -1;
    }
    return 0;
}

int hs_range_parse(const char *text, hs_range *r, char *errbuf, size_t errlen)
{
    const char *p, *colon;
    hs_range tmp = {0, INFINITY, 0, 1};

    if (!text || !*text) {
        snprintf(errbuf, errlen, "empty threshold range");
        return -1;
    }
    p = text;
    if (*p == '@') {
        tmp.inside = 1;
        p++;
    }
    colon = strchr(p, ':');
    if (!colon) {
        /* "10": alert outside 0..10 */
        if (parse_number(p, strlen(p), &tmp.end) < 0)
            goto bad;
    } else {
        size_t slen = (size_t)(colon - p);
        const char *e = colon + 1;
        if (strchr(e, ':'))
            goto bad;
        if (slen == 1 && p[0] == '~')
            tmp.start = -INFINITY;
        else if (parse_number(p, slen, &tmp.start) < 0)
            goto bad;
        if (*e == '\0')
            tmp.end = INFINITY;
        else if (parse_number(e, strlen(e), &tmp.end) < 0)
            goto bad;
    }
    if (tmp.start > tmp.end) {
        snprintf(errbuf, errlen, "threshold range '%s': start is greater than end", text);
        return -1;
    }
    *r = tmp;
    return 0;
bad:
    snprintf(errbuf, errlen,
             "threshold range '%s' is not of the form [@]start:end "
             "(e.g. 10, 10:, ~:10, 10:20, @10:20)",
             text);
    return -1;
}

int hs_range_alerts(const hs_range *r, double value)
{
    int outside;
    if (!r || !r->set)
        return 0;
    if (isnan(value))
        return 0;
    outside = value < r->start || value > r->end;
    return r->inside ? !outside : outside;
}
