#ifndef RINGLOG_CSYSTEM_H
#define RINGLOG_CSYSTEM_H
// Linux calls that Glibc's Swift module does not expose. Keep this header free of _GNU_SOURCE
// (see shared research: it breaks clean debug builds); GNU-only calls are wrapped in system.c.
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/sendfile.h>
#include <sys/statvfs.h>
int csystem_accept4(int fd, int flags);
// Net: names the calling thread (visible in top/gdb); GNU-only, so wrapped. Name is cut to 15 bytes.
int csystem_set_thread_name(const char *name);
#endif
