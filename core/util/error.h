/* hs_error.h — the caller-owned error buffer behind the opaque hs_error. */
#ifndef HS_ERROR_H
#define HS_ERROR_H
#include "hascout/plugin.h"

#define HS_ERROR_MAX 1024

/* The one error type of the core, its engine and its plugins' ABI: a
 * caller-owned buffer, so error paths never allocate. The place (file and
 * line of a config or model file) is kept apart too, for callers that
 * point at it; both are empty when no place applies. */
struct hs_error {
    char msg[HS_ERROR_MAX]; /* NUL-terminated; "" when no error was set;
                             * "FILE:LINE: text" when a place applies */
    char file[256];         /* "" when none */
    int line;               /* 0 when none */
};

/* Clear *err (message and place) so a later check of err->msg[0] tells
 * whether it was set. NULL is ignored. */
void hs_error_clear(hs_error *err);

/* Set the message to "FILE:LINE: text" (or "FILE: text" when line <= 0, or
 * "text" when file is NULL) and record the place. Always returns -1, so a
 * failing function can `return hs_error_fail(...)`. err may be NULL. */
int hs_error_fail(hs_error *err, const char *file, int line, const char *fmt, ...) HS_PRINTF(4, 5);

/* Like hs_error_set, with a va_list. */
void hs_error_vset(hs_error *err, const char *fmt, va_list ap);

/* Prefix the existing message with "PREFIX: " (formatted). */
void hs_error_prefix(hs_error *err, const char *fmt, ...) HS_PRINTF(2, 3);

#endif
