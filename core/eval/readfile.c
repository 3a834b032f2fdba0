/* core/eval/readfile.c — the one place core/eval reads files: the bounded
 * reader of core/util, its reason carried in the model's error. */
#include "eval/internal.h"

#include "util/readfile.h"

int hs_eval_read_file(const char *path, char **out, hs_error *err)
{
    char why[512];
    if (hs_read_text(path, HS_READ_CONFIG_MAX, out, why, sizeof why) < 0)
        return hs_error_fail(err, NULL, 0, "%s", why); /* why names the path */
    return 0;
}
