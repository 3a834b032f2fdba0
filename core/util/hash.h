/* core/util/hash.h — the hash finaliser every hash table of the core uses. */
#ifndef HS_UTIL_HASH_H
#define HS_UTIL_HASH_H

#include <stdint.h>

/* A 64-bit finaliser (splitmix/murmur style) for the core's hash tables
 * (the ZBDD package, the cut-set memo, the circuit's gate table): cheap,
 * and every input bit reaches every output bit. */
static inline uint64_t hs_mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

#endif
