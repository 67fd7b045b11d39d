import CSystem
import Glibc

/// The per-loop accept task and connection start-up.
extension ServerSocketListener {
    /// Accepts until `stop()`: drain `accept4` to `EAGAIN`, then wait for the
    /// next edge. Runs on `loop`.
    func acceptLoop(on loop: EventLoop) async {
        let handle: IOHandle
        do {
            handle = try loop.register(descriptor: socket.descriptor, exclusive: true)
        } catch {
            return
        }
        defer { loop.deregister(handle, removeFromEpoll: true) }
        while !stopped.load(ordering: .acquiring) {
            var failed = false
            do {
                while let client = try socket.accept() {
                    admit(client)
                }
            } catch {
                // EMFILE/ENFILE/ENOBUFS, or EINVAL after stop().
                if stopped.load(ordering: .acquiring) { return }
                failed = true
            }
            // After a failure the backlog is still pending but no new edge may
            // come (edge-triggered), so retry on a short timer.
            let retry: MonotonicInstant? = failed ? MonotonicInstant(.now.advanced(by: .milliseconds(100))) : nil
            switch await loop.wait(for: .read, on: handle, deadline: retry) {
            case .ready, .timedOut: continue
            case .closed, .loopShutDown: return
            }
        }
    }

    /// Applies the connection limit, then starts the handler task on a loop.
    private func admit(_ client: Socket) {
        if let limit = configuration.maxConnections {
            let count = open.wrappingAdd(1, ordering: .relaxed).newValue
            if count > limit {
                open.wrappingSubtract(1, ordering: .relaxed)
                refused.wrappingAdd(1, ordering: .relaxed)
                client.close()
                return
            }
        } else {
            open.wrappingAdd(1, ordering: .relaxed)
        }
        if configuration.noDelay { try? client.setNoDelay(true) }
        let target = group.next()
        let handler = self.handler
        Task(executorPreference: target) {
            defer { self.open.wrappingSubtract(1, ordering: .relaxed) }
            guard let connection = try? AsyncConnection(socket: client, loop: target) else { return }
            await handler(connection)
            connection.close()
        }
    }
}
