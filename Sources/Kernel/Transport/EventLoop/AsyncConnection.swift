import CSystem
import Glibc

/// A connected socket driven by an `EventLoop`: reads and writes try the
/// syscall first and suspend (on a continuation the loop resumes) only when
/// the socket would block.
///
/// ```swift
/// Task(executorPreference: loop) {
///     let connection = try AsyncConnection(socket: socket, loop: loop)
///     defer { connection.close() }
///     let n = try await connection.read(into: buffer, deadline: .now + .seconds(5))
///     try await connection.write(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
/// }
/// ```
///
/// Loop-bound (not `Sendable`): create and use it inside a task that prefers
/// `loop`. Calls made elsewhere still work but first hop to the loop.
public final class AsyncConnection {
    /// The loop whose thread performs this connection's I/O.
    public let loop: EventLoop
    /// The owned socket.
    public let socket: Socket
    let descriptor: Int32
    let handle: IOHandle
    /// The registry token, kept here so an off-loop `close()` never reads `handle`.
    let token: UInt64
    private var closed = false

    /// Registers `socket` (non-blocking) with `loop`. Must run as `loop`'s work (`loop.inEventLoop`).
    public init(socket: Socket, loop: EventLoop) throws(SocketError) {
        precondition(loop.inEventLoop, "AsyncConnection must be created on its loop (Task(executorPreference: loop))")
        self.loop = loop
        self.socket = socket
        descriptor = socket.descriptor
        handle = try loop.register(descriptor: descriptor)
        token = handle.token
    }

    deinit { close() }

    /// True once the peer half-closed or reset (`EPOLLRDHUP`/`HUP`/`ERR` seen).
    /// A client that shut down only its write side still reads the reply.
    public var isPeerClosed: Bool { handle.peerClosed }

    /// True once the connection is gone both ways (`EPOLLHUP`/`ERR` seen): a reset, or a
    /// half-close after our own. Nothing written from then on reaches the peer.
    public var isPeerReset: Bool { handle.peerReset }

    /// True after `close()`.
    public var isClosed: Bool { closed }

    /// Reads up to `buffer.count` bytes; returns 0 at end of stream.
    /// - Parameter deadline: throws `SocketError.timedOut` if no data by then.
    public nonisolated(nonsending) func read(
        into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant? = nil
    ) async throws(SocketError) -> Int {
        guard loop.inEventLoop else {
            return try await withTaskExecutorPreference(loop) { () async throws(SocketError) -> Int in
                try await self.readOnLoop(into: buffer, deadline: deadline)
            }
        }
        return try await readOnLoop(into: buffer, deadline: deadline)
    }

    /// Writes every byte of `bytes`, suspending while the send buffer is full.
    /// - Parameter deadline: throws `SocketError.timedOut` if still blocked then.
    public nonisolated(nonsending) func write(
        _ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant? = nil
    ) async throws(SocketError) {
        guard loop.inEventLoop else {
            try await withTaskExecutorPreference(loop) { () async throws(SocketError) in
                try await self.writeOnLoop(bytes, deadline: deadline)
            }
            return
        }
        try await writeOnLoop(bytes, deadline: deadline)
    }

    /// Writes every byte of an array (no copy; the array is re-borrowed for
    /// each `send` attempt, so no pointer is held across a suspension).
    ///
    /// Fails with `.timedOut` at `deadline`, or once the socket took no byte for `stallTimeout` (nginx's
    /// `send_timeout`: a slow reader that keeps reading is served however long the whole write takes).
    public nonisolated(nonsending) func write(
        _ bytes: [UInt8], deadline: ContinuousClock.Instant? = nil, stallTimeout: Duration? = nil
    ) async throws(SocketError) {
        guard loop.inEventLoop else {
            try await withTaskExecutorPreference(loop) { () async throws(SocketError) in
                try await self.write(bytes, deadline: deadline, stallTimeout: stallTimeout)
            }
            return
        }
        var offset = 0
        while offset < bytes.count {
            if closed { throw .closed }
            if handle.maybeWritable {
                let sent = try bytes.withUnsafeBytes { raw in
                    Result { () throws(SocketError) -> Int? in
                        try Socket.writeSome(descriptor, UnsafeRawBufferPointer(rebasing: raw[offset...]))
                    }
                }.get()
                if let sent { offset += sent; continue }
                handle.maybeWritable = false
            }
            // Only a wait reads the clock: a write the socket takes at once costs nothing extra.
            var waitEnd = deadline
            if let stallTimeout {
                let stallEnd = ContinuousClock.now + stallTimeout
                waitEnd = waitEnd.map { min($0, stallEnd) } ?? stallEnd
            }
            try await suspend(for: .write, deadline: waitEnd)
        }
    }

    /// One read without suspending: bytes read (0 = end of stream), or `nil` when the
    /// socket has nothing now. Loop thread only; lets a caller skip an async call when data is there.
    @inline(__always)
    public func readNow(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int? {
        assert(loop.inEventLoop, "readNow must run on the loop thread")
        if closed { throw .closed }
        guard handle.maybeReadable else { return nil }
        guard let count = try Socket.readSome(descriptor, into: buffer) else {
            handle.maybeReadable = false
            return nil
        }
        // A short read drained the socket: the next read waits for an edge instead of an EAGAIN
        // syscall. Not after a hang-up: EOF must stay readable, and no edge follows it.
        if count < buffer.count, count > 0, !handle.peerClosed { handle.maybeReadable = false }
        return count
    }

    /// Writes what the socket takes now, without suspending; returns how many bytes went out.
    /// Loop thread only; the caller awaits ``write(_:deadline:)-([UInt8],_)`` for the rest.
    @inline(__always)
    public func writeNow(_ bytes: UnsafeRawBufferPointer) throws(SocketError) -> Int {
        assert(loop.inEventLoop, "writeNow must run on the loop thread")
        if closed { throw .closed }
        var offset = 0
        while offset < bytes.count, handle.maybeWritable {
            guard let sent = try Socket.writeSome(descriptor, UnsafeRawBufferPointer(rebasing: bytes[offset...])) else {
                handle.maybeWritable = false
                break
            }
            offset += sent
        }
        return offset
    }

    /// Deregisters and closes the socket; pending waits end with `.closed`.
    public func close() {
        guard !closed else { return }
        closed = true
        if loop.inEventLoop {
            loop.deregister(handle, removeFromEpoll: false)
            socket.close()
        } else {
            // Off-loop (e.g. a deinit elsewhere): forget the slot on the loop,
            // then close there, so the handle and registry are only touched
            // by the loop thread.
            let token = self.token
            let loop = self.loop
            let socket = self.socket
            loop.execute {
                loop.deregister(token: token)
                socket.close()
            }
        }
    }

    // MARK: - Loop-thread bodies

    private nonisolated(nonsending) func readOnLoop(
        into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant?
    ) async throws(SocketError) -> Int {
        while true {
            if let count = try readNow(into: buffer) { return count }
            try await suspend(for: .read, deadline: deadline)
        }
    }

    private nonisolated(nonsending) func writeOnLoop(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant?) async throws(SocketError) {
        var offset = 0
        while offset < bytes.count {
            if closed { throw .closed }
            if handle.maybeWritable {
                let remaining = UnsafeRawBufferPointer(rebasing: bytes[offset...])
                if let count = try Socket.writeSome(descriptor, remaining) {
                    offset += count
                    continue
                }
                handle.maybeWritable = false
            }
            try await suspend(for: .write, deadline: deadline)
        }
    }

    @inline(__always)
    private nonisolated(nonsending) func suspend(for interest: IOInterest, deadline: ContinuousClock.Instant?) async throws(SocketError) {
        try await suspend(for: interest, until: deadline.map(MonotonicInstant.init))
    }

    /// Waits for `interest` on the loop, mapping the outcome to a return or a `SocketError`.
    @inline(__always)
    nonisolated(nonsending) func suspend(for interest: IOInterest, until deadline: MonotonicInstant?) async throws(SocketError) {
        switch await loop.wait(for: interest, on: handle, deadline: deadline) {
        case .ready: return
        case .timedOut: throw .timedOut
        case .closed: throw .closed
        case .loopShutDown: throw .loopShutDown
        }
    }
}

@available(*, unavailable)
extension AsyncConnection: Sendable {}
