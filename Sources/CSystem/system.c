#define _GNU_SOURCE 1
#include <sys/socket.h>
#include <pthread.h>
#include <string.h>
#include "CSystem.h"

int csystem_accept4(int fd, int flags) { return accept4(fd, 0, 0, flags); }

int csystem_set_thread_name(const char *name) {
    char cut[16];
    strncpy(cut, name, sizeof cut - 1);
    cut[sizeof cut - 1] = 0;
    return pthread_setname_np(pthread_self(), cut);
}
