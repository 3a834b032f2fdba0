/* serialize.h — the pipe protocol between a probe child and the parent.
 * One JSON document per child (version field "v": 1). The child writes it
 * after score(); the parent validates every field before trusting it, since
 * a plugin may have scribbled anything onto the pipe. */
#ifndef HS_SERIALIZE_H
#define HS_SERIALIZE_H
#include <stddef.h>
#include "abi/result.h"

#define HS_PROTO_VERSION 1
/* A result larger than this is refused (and its child killed). */
#define HS_PROTO_MAX_BYTES (8u << 20)

/* One component as the JSON object both the pipe protocol and the JSON
 * report write (id, kind, parent, state, messages, labels, metrics; a
 * number that is not finite is null): one encoder, so the two cannot drift
 * apart. Returns a new object the caller owns (json_object_put), or NULL
 * on allocation failure. */
struct json_object *hs_proto_component_json(const struct hs_component *c);

/* Serialize probe + verdict (verdict may be NULL when probe failed) and the
 * given warnings. Returns a malloc'ed NUL-terminated string the caller
 * frees, or NULL on allocation failure. */
char *hs_proto_encode(const hs_probe *p, const hs_verdict *v, const char *const *warnings,
                      size_t nwarnings);

/* Parse and validate `len` bytes into a new probe and verdict (both owned
 * by the caller on success; *v is NULL when the probe failed) and append
 * the warnings to *warnings. Returns 0, or -1 with the reason in errbuf
 * (and nothing allocated). */
int hs_proto_decode(const char *buf, size_t len, const char *target, hs_probe **p, hs_verdict **v,
                    struct hs_strv *warnings, char *errbuf, size_t errlen);

#endif
