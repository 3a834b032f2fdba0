/*
 * core/model/rng.h — xoshiro256** streams seeded by splitmix64, so that
 * replication r of seed s is the same sequence on any thread count.
 */
#ifndef HS_MODEL_RNG_H
#define HS_MODEL_RNG_H

#include <stdint.h>

typedef struct hs_rng {
    uint64_t s[4];
} hs_rng;

static inline uint64_t hs_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Stream STREAM of SEED: independent for practical purposes. */
static inline void hs_rng_seed(hs_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ hs_splitmix64(&stream);
    for (int i = 0; i < 4; i++)
        r->s[i] = hs_splitmix64(&x);
}

static inline uint64_t hs_rng_next(hs_rng *r)
{
    uint64_t *s = r->s;
    uint64_t t = s[1] << 17;
    uint64_t x = s[1] * 5;
    uint64_t res = ((x << 7) | (x >> 57)) * 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return res;
}

/* Uniform in (0, 1]: never 0, so log() is always finite. */
static inline double hs_rng_uniform(hs_rng *r)
{
    return (double)((hs_rng_next(r) >> 11) + 1) * 0x1.0p-53;
}

#endif
