#ifndef RINGLOG_CRC32C_H
#define RINGLOG_CRC32C_H
#include <stddef.h>
#include <stdint.h>
/// CRC-32C (Castagnoli) of `len` bytes, continuing from `crc` (pass 0 to start).
/// Uses SSE4.2 when the CPU has it, a table-driven fallback otherwise.
uint32_t ringlog_crc32c(uint32_t crc, const void *data, size_t len);
/// The table-driven (slicing-by-8) path alone, exposed so tests can check it on SSE4.2 machines.
uint32_t ringlog_crc32c_portable(uint32_t crc, const void *data, size_t len);
/// 1 when `ringlog_crc32c` uses the SSE4.2 instruction on this CPU.
int ringlog_crc32c_hardware_available(void);
#endif
