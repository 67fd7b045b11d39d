import CSystem
import Glibc

/// Descriptor registration and suspending I/O waits (loop thread only).
extension EventLoop {
    /// Registers `descriptor` once, edge-triggered for read, write and hang-up.
    /// - Parameter exclusive: add `EPOLLEXCLUSIVE` (a listener shared by loops).
    func register(descriptor: Int32, exclusive: Bool = false) throws(SocketError) -> IOHandle {
        assert(inEventLoop, "register must run on the loop thread")
        let handle = IOHandle(descriptor: descriptor)
        let token = registry.insert(handle)
        let events = exclusive
            ? CSYSTEM_EPOLLIN | CSYSTEM_EPOLLET | CSYSTEM_EPOLLEXCLUSIVE
            : CSYSTEM_EPOLLIN | CSYSTEM_EPOLLOUT | CSYSTEM_EPOLLRDHUP | CSYSTEM_EPOLLET
        guard csystem_epoll_ctl(epollDescriptor, EPOLL_CTL_ADD, descriptor, events, token) == 0 else {
            let error = SocketError.lastError("epoll_ctl(ADD)")
            registry.remove(token: token)
            throw error
        }
        return handle
    }

    /// Forgets `handle`, resuming its waiters with `.closed`.
    /// - Parameter removeFromEpoll: `false` when the caller is about to
    ///   `close(2)` the descriptor anyway (the kernel then drops it).
    func deregister(_ handle: IOHandle, removeFromEpoll: Bool) {
        assert(inEventLoop, "deregister must run on the loop thread")
        guard handle.token != 0 else { return }
        if removeFromEpoll { _ = csystem_epoll_ctl(epollDescriptor, EPOLL_CTL_DEL, handle.descriptor, 0, 0) }
        registry.remove(token: handle.token)
        handle.token = 0
        handle.resumeAll(with: .closed)
    }

    /// Suspends until `handle` reports `interest`, the deadline passes, or
    /// the loop stops. One waiter per interest per handle.
    nonisolated(nonsending) func wait(
        for interest: IOInterest, on handle: IOHandle, deadline: MonotonicInstant?
    ) async -> IOWaitOutcome {
        assert(inEventLoop, "I/O waits must run on the loop thread")
        if isStopping { return .loopShutDown }
        if handle.token == 0 { return .closed }
        precondition(!handle.hasWaiter(interest), "two tasks waiting for the same I/O event")
        return await withUnsafeContinuation { continuation in
            switch interest {
            case .read: handle.readWaiter = continuation; handle.readDeadline = deadline
            case .write: handle.writeWaiter = continuation; handle.writeDeadline = deadline
            case .hangup: handle.hangupWaiter = continuation; handle.hangupDeadline = deadline
            }
            if let deadline { scheduleDeadline(deadline, for: handle) }
        }
    }

    /// Ensures the timer heap fires at or before `deadline` for `handle`.
    func scheduleDeadline(_ deadline: MonotonicInstant, for handle: IOHandle) {
        if let scheduled = handle.scheduledTimer, scheduled <= deadline { return }
        handle.scheduledTimer = deadline
        timers.push(deadline, handle)
    }
}

extension EventLoop {
    /// Forgets the registration for `token` if still current (off-loop close).
    func deregister(token: UInt64) {
        guard let handle = registry.handle(for: token) else { return }
        deregister(handle, removeFromEpoll: false)
    }
}
