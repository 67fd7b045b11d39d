/* LD_PRELOAD shim for Benchmarks/instructions.sh: valgrind 3.19 crashes inside libdispatch's dispatch_main,
 * which a Swift program with top-level `await` ends in. This dispatch_main drains the main queue itself,
 * as a run loop does, through libdispatch's own hooks for one: wait on the main queue's eventfd, then drain. */
#include <poll.h>
#include <stdint.h>
#include <unistd.h>

extern int _dispatch_get_main_queue_handle_4CF(void);
extern void _dispatch_main_queue_callback_4CF(void *message);

void dispatch_main(void) {
    int handle = _dispatch_get_main_queue_handle_4CF();
    for (;;) {
        struct pollfd wait = {handle, POLLIN, 0};
        poll(&wait, 1, -1);
        uint64_t wakeups;
        if (read(handle, &wakeups, sizeof wakeups) < 0) { /* EAGAIN: drain anyway */ }
        _dispatch_main_queue_callback_4CF(0);
    }
}
