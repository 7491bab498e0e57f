#ifndef RINGLOG_CRC32C_H
#define RINGLOG_CRC32C_H
#include <stddef.h>
#include <stdint.h>
/// CRC-32C (Castagnoli) of `len` bytes, continuing from `crc` (pass 0 to start).
/// Uses SSE4.2 when the CPU has it, a table-driven fallback otherwise.
uint32_t ringlog_crc32c(uint32_t crc, const void *data, size_t len);
#endif
