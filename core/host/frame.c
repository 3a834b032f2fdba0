/* frame.c — reading host→parent frames (frame.h). */
#include <math.h>
#include <string.h>

#include "host/frame.h"

int hs_frame_parse(const char *buf, size_t len, size_t ntargets, struct hs_frame *f,
                   const char **payload)
{
    if (len < sizeof *f)
        return 0;
    memcpy(f, buf, sizeof *f);
    if (f->magic != HS_FRAME_MAGIC || f->len > HS_FRAME_MAX || f->kind < HS_FRAME_INFO ||
        f->kind > HS_FRAME_FAIL || (f->kind != HS_FRAME_INFO && f->idx >= ntargets) ||
        !isfinite(f->duration) || f->duration < 0)
        return -1;
    if (len - sizeof *f < f->len)
        return 0;
    *payload = buf + sizeof *f;
    return 1;
}
