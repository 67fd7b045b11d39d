extension WebSocket {
    /// Runs the connection: the handler and the optional heartbeat beside the reader, until the
    /// connection is closed. Called by the upgrade handler on the connection's task.
    func run(leftover: [UInt8], handler: @escaping WebSocketHandler) async {
        let accepted = hub.add(self)
        if !leftover.isEmpty { core.withLock { $0.machine.append(leftover) } }
        if !accepted { try? await close(code: .goingAway, reason: "server shutting down") }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.runHandler(handler) }
            if let interval = options.heartbeatInterval {
                group.addTask { await self.runHeartbeat(every: interval) }
            }
            await readUntilClosed()
            let failure = finish()
            group.cancelAll()
            if let failure, let errorHandler = options.errorHandler { await errorHandler(failure, self) }
        }
    }

    /// Reads, feeds the state machine and carries out its actions until the connection ends.
    ///
    /// While a message waits for the handler, control frames and end-of-stream are still handled;
    /// the reader stops only before the next data frame (its bytes stay in the decoder) until the
    /// handler takes the message. ``tearDown()`` always stops it.
    private func readUntilClosed() async {
        var needsData = false
        while true {
            let mayStartMessage = await inbox.waitForDemand(includingData: needsData)
            needsData = false
            enum Step { case action(WebSocketProtocolAction), read, waitForHandler, stop }
            let step = core.withLock { core -> Step in
                if core.isTornDown { return .stop }
                if !mayStartMessage, core.machine.nextFrameIsData { return .waitForHandler }
                if let action = core.machine.nextAction() { return .action(action) }
                return .read
            }
            switch step {
            case .stop: return
            case .waitForHandler: needsData = true
            case .read:
                let bytes: [UInt8]?
                do { bytes = try await connection.read() } catch { bytes = nil }
                guard let bytes else { return }
                core.withLock { core in
                    core.isAlive = true
                    core.machine.append(bytes)
                }
            case .action(.event(.text(let text))): inbox.deliver(.text(text))
            case .action(.event(.binary(let bytes))): inbox.deliver(.binary(bytes))
            case .action(.event(.ping)), .action(.event(.pong)): break
            case .action(.event(.close(let code, let reason))): core.withLock { $0.peerClose = (code, reason) }
            case .action(.write(let bytes)): try? await enqueueRaw(bytes)
            case .action(.closeConnection(let error)):
                core.withLock { $0.failure = error }
                await endConnection()
                return
            }
        }
    }

    /// After the final close frame: wait until everything queued (our close frame last) is written,
    /// half-close so the peer gets it followed by end-of-stream, read what is still in flight until
    /// the peer closes, then close; all within `closeTimeout`. Closing with unread bytes would send a
    /// reset, which can make the peer lose the close frame.
    private func endConnection() async {
        let connection = self.connection
        let timeout = options.closeTimeout
        let timer = Task {
            do { try await Task.sleep(for: timeout) } catch { return }
            await connection.close()
        }
        await writesDrained()
        await connection.shutdownWrite()
        while let _ = try? await connection.read() {}
        timer.cancel()
        await connection.close()
    }

    /// Runs the route's handler; when it returns the socket closes with 1000, when it throws with 1011.
    private func runHandler(_ handler: WebSocketHandler) async {
        do {
            try await handler(self, request)
            inbox.abandon()
            try? await close(code: .normal)
        } catch {
            inbox.abandon()
            if let errorHandler = options.errorHandler { await errorHandler(error, self) }
            try? await close(code: .internalError)
        }
    }

    /// Pings every `interval`; drops the connection when nothing arrived since the previous ping, or
    /// when that ping is still not written (a peer that stops reading is as dead as a silent one).
    /// The ping is written by its own task, so a blocked write never holds up the heartbeat.
    private func runHeartbeat(every interval: Duration) async {
        while true {
            do { try await Task.sleep(for: interval) } catch { return }
            let alive = core.withLock { core in
                let alive = core.isAlive && !core.isPingPending
                core.isAlive = false
                if alive { core.isPingPending = true }
                return alive
            }
            guard alive else {
                await tearDown()
                return
            }
            Task { [self] in
                try? await ping()
                core.withLock { $0.isPingPending = false }
            }
        }
    }

    /// Marks the connection closed: fails later writes, ends `messages`, reports the outcome.
    /// Returns the protocol error the connection failed with, if any.
    private func finish() -> WebSocketProtocolError? {
        let (info, waiters, callbacks, timer, failure) = core.withLock { core in
            core.isBroken = true
            let info = core.outcome
            core.closeInfo = info
            let waiters = core.closeWaiters
            let callbacks = core.closeCallbacks
            core.closeWaiters = []
            core.closeCallbacks = []
            let timer = core.closeTimer
            core.closeTimer = nil
            return (info, waiters, callbacks, timer, core.failure)
        }
        timer?.cancel()
        hub.remove(self)
        inbox.finish()
        for waiter in waiters { waiter.resume(returning: info) }
        for callback in callbacks { callback(info) }
        return failure
    }
}
