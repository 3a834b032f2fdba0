/* frame.h — how a probe host speaks to the root parent: frames on a pipe.
 * The host maps plugin code, so the parent reads every frame as hostile. */
#ifndef HS_FRAME_H
#define HS_FRAME_H
#include <stddef.h>
#include <stdint.h>
#include "host/serialize.h"

#define HS_FRAME_MAGIC 0x31465348u /* "HSF1" */
enum hs_frame_kind {
    HS_FRAME_INFO = 1, /* the plugin's description (plugininfo.h JSON) or its refusal */
    HS_FRAME_DOC = 2,  /* one target's protocol document (serialize.h) */
    HS_FRAME_FAIL = 3  /* one target's failure, as text */
};
/* A header, then `len` bytes of payload; native byte order (one machine). */
struct hs_frame {
    uint32_t magic, kind, idx, len; /* idx: into the host's targets */
    double duration;                /* the probe's seconds, fork to reap */
    uint64_t outbytes;              /* stray stdout/stderr bytes of the probe */
};
/* Most payload bytes of one frame (a result document, with room). */
#define HS_FRAME_MAX ((uint32_t)(HS_PROTO_MAX_BYTES + 4096))

/* Read the frame at the start of buf (len bytes) from a host with
 * `ntargets` targets. Returns 1 with *f and *payload (pointing into buf;
 * the frame takes sizeof *f + f->len bytes) when a whole, valid frame is
 * there; 0 when more bytes are needed; -1 when the bytes break the
 * protocol (bad magic, kind, index, length, or a duration that is not a
 * finite non-negative number). Pure. */
int hs_frame_parse(const char *buf, size_t len, size_t ntargets, struct hs_frame *f,
                   const char **payload);

#endif
