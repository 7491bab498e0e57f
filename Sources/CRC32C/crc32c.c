#include "CRC32C.h"
uint32_t ringlog_crc32c(uint32_t crc, const void *data, size_t len) { (void)data; (void)len; return crc; }
