/* hs_error.h — the caller-owned error buffer behind the opaque hs_error. */
#ifndef HS_ERROR_H
#define HS_ERROR_H
#include "hascout/plugin.h"

#define HS_ERROR_MAX 1024

struct hs_error {
    char msg[HS_ERROR_MAX]; /* NUL-terminated; "" when no error was set */
};

/* Clear *err so a later check of err->msg[0] tells whether it was set. */
void hs_error_clear(hs_error *err);

/* Like hs_error_set, with a va_list. */
void hs_error_vset(hs_error *err, const char *fmt, va_list ap);

/* Prefix the existing message with "PREFIX: " (formatted). */
void hs_error_prefix(hs_error *err, const char *fmt, ...) HS_PRINTF(2, 3);

#endif
