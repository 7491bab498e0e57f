// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) with the usual pre/post inversion, so that
// results chain: crc(crc(0, a), b) == crc(0, a ++ b).
#include "CRC32C.h"
#include <string.h>

#define CRC32C_POLY_REFLECTED 0x82F63B78u

// Slicing-by-8 tables: table[k][b] is the CRC of byte b followed by k zero bytes. Filled once by a
// constructor so that no caller ever races on lazy initialisation.
static uint32_t crc32c_table[8][256];

__attribute__((constructor)) static void crc32c_init_tables(void) {
    for (uint32_t b = 0; b < 256; b++) {
        uint32_t c = b;
        for (int bit = 0; bit < 8; bit++) c = (c & 1) ? (c >> 1) ^ CRC32C_POLY_REFLECTED : c >> 1;
        crc32c_table[0][b] = c;
    }
    for (uint32_t b = 0; b < 256; b++) {
        uint32_t c = crc32c_table[0][b];
        for (int k = 1; k < 8; k++) {
            c = crc32c_table[0][c & 0xFF] ^ (c >> 8);
            crc32c_table[k][b] = c;
        }
    }
}

static inline uint64_t load_le64(const unsigned char *p) {
    uint64_t v;
    memcpy(&v, p, sizeof v);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

uint32_t ringlog_crc32c_portable(uint32_t crc, const void *data, size_t len) {
    const unsigned char *p = (const unsigned char *)data;
    uint32_t c = ~crc;
    while (len >= 8) {
        uint64_t w = load_le64(p) ^ (uint64_t)c;
        c = crc32c_table[7][w & 0xFF] ^ crc32c_table[6][(w >> 8) & 0xFF] ^
            crc32c_table[5][(w >> 16) & 0xFF] ^ crc32c_table[4][(w >> 24) & 0xFF] ^
            crc32c_table[3][(w >> 32) & 0xFF] ^ crc32c_table[2][(w >> 40) & 0xFF] ^
            crc32c_table[1][(w >> 48) & 0xFF] ^ crc32c_table[0][w >> 56];
        p += 8;
        len -= 8;
    }
    while (len--) c = crc32c_table[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
    return ~c;
}

#if defined(__x86_64__)
#include <nmmintrin.h>

// One stream of the crc32 instruction: about 8 GB/s, far beyond what the log needs (see the
// Swift-on-Linux research notes); interleaved lanes are not worth their complexity yet.
__attribute__((target("sse4.2")))
static uint32_t crc32c_sse42(uint32_t crc, const void *data, size_t len) {
    const unsigned char *p = (const unsigned char *)data;
    uint64_t c = ~crc;
    while (len > 0 && ((uintptr_t)p & 7) != 0) { c = _mm_crc32_u8((uint32_t)c, *p++); len--; }
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, sizeof w);
        c = _mm_crc32_u64(c, w);
        p += 8;
        len -= 8;
    }
    while (len--) c = _mm_crc32_u8((uint32_t)c, *p++);
    return ~(uint32_t)c;
}

int ringlog_crc32c_hardware_available(void) { return __builtin_cpu_supports("sse4.2") ? 1 : 0; }

uint32_t ringlog_crc32c(uint32_t crc, const void *data, size_t len) {
    if (__builtin_cpu_supports("sse4.2")) return crc32c_sse42(crc, data, len);
    return ringlog_crc32c_portable(crc, data, len);
}
#else
int ringlog_crc32c_hardware_available(void) { return 0; }
uint32_t ringlog_crc32c(uint32_t crc, const void *data, size_t len) { return ringlog_crc32c_portable(crc, data, len); }
#endif
