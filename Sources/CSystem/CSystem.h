// Linux-only system shim for the transport layer.
//
// Header-only: everything here is either a re-export of a system header,
// a constant macro Swift can import, or a `static inline` helper wrapping an
// API Swift cannot call directly (packed `epoll_event` with a union member,
// `accept4` which glibc only declares under _GNU_SOURCE).
#ifndef CSYSTEM_H
#define CSYSTEM_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <time.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <malloc.h>

// MARK: - accept4

/// `accept4(2)` bound by assembler label: glibc only declares it under
/// _GNU_SOURCE, which the Swift Glibc module is not built with.
extern int csystem_accept4(int fd, struct sockaddr *addr, socklen_t *len,
                           int flags) __asm__("accept4");

// MARK: - sched_getaffinity

/// `sched_getaffinity(2)` bound by assembler label, with the mask as raw bytes: glibc declares
/// both it and `cpu_set_t` only under _GNU_SOURCE.
extern int csystem_sched_getaffinity(pid_t pid, size_t size, void *mask) __asm__("sched_getaffinity");

// MARK: - Flag constants (imported by Swift as plain integers)

// SOCK_* are enum constants in glibc, which Swift cannot fold into macros.
#define CSYSTEM_SOCK_STREAM 1
#define CSYSTEM_SOCK_NONBLOCK 04000
#define CSYSTEM_SOCK_CLOEXEC 02000000
#define CSYSTEM_SOCK_STREAM_NONBLOCK_CLOEXEC 02004001
#define CSYSTEM_SOCK_NONBLOCK_CLOEXEC 02004000

#define CSYSTEM_EPOLLIN 0x001u
#define CSYSTEM_EPOLLOUT 0x004u
#define CSYSTEM_EPOLLERR 0x008u
#define CSYSTEM_EPOLLHUP 0x010u
#define CSYSTEM_EPOLLRDHUP 0x2000u
#define CSYSTEM_EPOLLEXCLUSIVE (1u << 28)
#define CSYSTEM_EPOLLET (1u << 31)

_Static_assert(CSYSTEM_SOCK_STREAM_NONBLOCK_CLOEXEC == (SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC), "flags");
_Static_assert(CSYSTEM_SOCK_NONBLOCK_CLOEXEC == (SOCK_NONBLOCK | SOCK_CLOEXEC), "flags");

// MARK: - epoll helpers (epoll_event is packed and holds a union)

/// Adds, modifies or deletes `fd` on `epfd` with `events` and a 64-bit token.
static inline int csystem_epoll_ctl(int epfd, int op, int fd, uint32_t events,
                                    uint64_t token) {
    struct epoll_event event;
    memset(&event, 0, sizeof(event));
    event.events = events;
    event.data.u64 = token;
    return epoll_ctl(epfd, op, fd, &event);
}

/// Size in bytes of one `struct epoll_event`.
static inline size_t csystem_epoll_event_size(void) {
    return sizeof(struct epoll_event);
}

/// Reads the event mask of entry `index` in an `epoll_wait` result array.
static inline uint32_t csystem_epoll_event_flags(const void *events, int index) {
    return ((const struct epoll_event *)events)[index].events;
}

/// Reads the 64-bit token of entry `index` in an `epoll_wait` result array.
static inline uint64_t csystem_epoll_event_token(const void *events, int index) {
    return ((const struct epoll_event *)events)[index].data.u64;
}

/// `epoll_wait` over an untyped buffer of `capacity` events.
static inline int csystem_epoll_wait(int epfd, void *events, int capacity,
                                     int timeout_ms) {
    return epoll_wait(epfd, (struct epoll_event *)events, capacity, timeout_ms);
}

// MARK: - errno

/// The calling thread's errno (a macro in C).
static inline int csystem_errno(void) { return errno; }

// MARK: - eventfd / timerfd

/// Signals an eventfd by adding 1; returns 0 or -1 with errno.
static inline int csystem_eventfd_signal(int fd) {
    uint64_t one = 1;
    return write(fd, &one, sizeof(one)) == (ssize_t)sizeof(one) ? 0 : -1;
}

/// Drains an eventfd's counter; returns 0 or -1 with errno (EAGAIN if 0).
static inline int csystem_eventfd_drain(int fd) {
    uint64_t value = 0;
    return read(fd, &value, sizeof(value)) == (ssize_t)sizeof(value) ? 0 : -1;
}

/// Arms a timerfd for a single expiry `nanoseconds` from now (0 disarms).
static inline int csystem_timerfd_arm(int fd, uint64_t nanoseconds) {
    struct itimerspec spec;
    memset(&spec, 0, sizeof(spec));
    spec.it_value.tv_sec = (time_t)(nanoseconds / 1000000000u);
    spec.it_value.tv_nsec = (long)(nanoseconds % 1000000000u);
    return timerfd_settime(fd, 0, &spec, NULL);
}

// MARK: - Threads and CPU time

/// `pthread_setname_np(3)`, bound by assembler label: glibc only declares it under _GNU_SOURCE.
/// The name (at most 15 bytes) shows in `top -H`, `perf` and `/proc/PID/task/TID/comm`.
extern int csystem_pthread_setname(pthread_t thread, const char *name) __asm__("pthread_setname_np");

/// Names the calling thread, cut to the 15 bytes Linux keeps; returns 0 or an error number.
static inline int csystem_name_current_thread(const char *name) {
    char truncated[16];
    strncpy(truncated, name, sizeof(truncated) - 1);
    truncated[sizeof(truncated) - 1] = '\0';
    return csystem_pthread_setname(pthread_self(), truncated);
}

/// Numeric id of the calling thread (pthread_self as an integer).
static inline uintptr_t csystem_thread_id(void) { return (uintptr_t)pthread_self(); }

/// User + system CPU time of the whole process, in microseconds.
static inline uint64_t csystem_process_cpu_micros(void) {
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
    return (uint64_t)usage.ru_utime.tv_sec * 1000000u + (uint64_t)usage.ru_utime.tv_usec +
           (uint64_t)usage.ru_stime.tv_sec * 1000000u + (uint64_t)usage.ru_stime.tv_usec;
}

// MARK: - Memory

/// Makes every allocation of at least `bytes` its own mapping, returned to the system when freed:
/// `mallopt(M_MMAP_THRESHOLD, bytes)`, which also stops glibc from raising the threshold on its own.
/// Returns 1 on success.
static inline int csystem_set_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }

#endif
