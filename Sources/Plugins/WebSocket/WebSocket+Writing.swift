/// What a queued sender is told when it resumes.
enum WebSocketWriteTurn: Sendable {
    /// Its bytes are on the wire.
    case written
    /// It is the writer now: its bytes (and whatever followed) are queued, and nobody is writing them.
    case write
}

extension WebSocket {
    /// Queues the frame `produce` builds (under the lock, from the state machine) and returns once it
    /// was written.
    ///
    /// One writer at a time: the first sender writes the whole queue as one batch; senders arriving
    /// meanwhile wait, and the first of them takes over as writer for the next batch. So frames from
    /// any number of tasks go out whole, in queue order, with one `write` per batch. `queued` runs in
    /// the same locked step once the frame is queued (e.g. to start the close timer).
    func enqueue(
        _ produce: (inout WebSocketProtocolStateMachine) throws(WebSocketSendError) -> [UInt8],
        queued: (inout WebSocketCore) -> Void = { _ in }
    ) async throws {
        let turn: WebSocketWriteTurn = try await withCheckedThrowingContinuation { continuation in
            core.withLock { core in
                guard !core.isBroken else { return continuation.resume(throwing: WebSocketError.closed) }
                let bytes: [UInt8]
                do throws(WebSocketSendError) {
                    bytes = try produce(&core.machine)
                } catch {
                    return continuation.resume(throwing: WebSocketError(sendError: error))
                }
                // An empty queue takes the frame's own buffer: a large message is not copied once more.
                if core.queue.isEmpty { core.queue = bytes } else { core.queue.append(contentsOf: bytes) }
                queued(&core)
                if core.isWriting {
                    core.waiters.append(continuation)
                } else {
                    core.isWriting = true
                    continuation.resume(returning: .write)
                }
            }
        }
        if case .write = turn { try await writeQueued() }
    }

    /// Queues bytes the reader produced (a pong or a close frame). A close frame is always queued; a
    /// pong only while no close frame was queued since the reader decided on it (checked in the same
    /// locked step), so nothing follows our close frame.
    func enqueueRaw(_ bytes: [UInt8]) async throws {
        let isClose = bytes.first.map { $0 & 0x0F == WebSocketOpcode.close.rawValue } ?? false
        try await enqueue { machine throws(WebSocketSendError) in
            guard isClose || machine.state == .open else { throw .connectionClosing }
            return bytes
        }
    }

    /// Waits until nothing is being written or queued (or the connection broke).
    func writesDrained() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let drained = core.withLock { core in
                if !core.isWriting || core.isBroken { return true }
                core.drainWaiters.append(continuation)
                return false
            }
            if drained { continuation.resume() }
        }
    }

    /// The writer's loop: write the queue, wake the senders it held, hand over or stop.
    private func writeQueued() async throws {
        while true {
            let (batch, written) = core.withLock { core in
                let batch = core.queue
                core.queue = []
                let written = core.waiters
                core.waiters = []
                return (batch, written)
            }
            do {
                if !batch.isEmpty { try await write(batch) }
            } catch {
                let (stranded, drained) = core.withLock { core in
                    core.isBroken = true
                    core.isWriting = false
                    core.queue = []
                    let stranded = core.waiters
                    core.waiters = []
                    return (stranded, core.takeDrainWaiters())
                }
                for waiter in written + stranded { waiter.resume(throwing: WebSocketError.closed) }
                for waiter in drained { waiter.resume() }
                // A write that failed (the peer went away, or stopped reading past `sendTimeout`) ends the
                // session too: the reader would otherwise wait on a peer that may never send again.
                await tearDown()
                throw WebSocketError.closed
            }
            let (successor, more, drained) = core.withLock { core -> (CheckedContinuation<WebSocketWriteTurn, any Error>?, Bool, [CheckedContinuation<Void, Never>]) in
                if core.queue.isEmpty {
                    core.isWriting = false
                    return (nil, false, core.takeDrainWaiters())
                }
                if core.waiters.isEmpty { return (nil, true, []) }
                return (core.waiters.removeFirst(), false, [])
            }
            for waiter in written { waiter.resume(returning: .written) }
            for waiter in drained { waiter.resume() }
            if let successor {
                successor.resume(returning: .write)
                return
            }
            if !more { return }
        }
    }
}

extension WebSocket {
    /// One batch onto the connection, within `sendTimeout` of no progress when one is set.
    private func write(_ batch: [UInt8]) async throws {
        if let limit = options.sendTimeout {
            try await connection.write(batch, stallTimeout: limit)
        } else {
            try await connection.write(batch)
        }
    }
}

extension WebSocketCore {
    /// Takes the tasks waiting for the writer to stop.
    mutating func takeDrainWaiters() -> [CheckedContinuation<Void, Never>] {
        defer { drainWaiters = [] }
        return drainWaiters
    }
}
