import CSystem
import Glibc
import Synchronization
@testable import Kernel

/// Runs `body` in a task preferring `loop` and returns its result.
func onLoop<T: Sendable>(
    _ loop: EventLoop, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await Task(executorPreference: loop) { try await body() }.value
}

/// Runs `body` on a fresh OS thread (for blocking clients) and awaits it
/// without blocking a cooperative thread: the result is handed back through
/// a continuation resumed by the thread.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    let result: Result<T, any Error> = await withCheckedContinuation { continuation in
        let box = ThreadBody {
            continuation.resume(returning: Result { try body() })
        }
        var thread = pthread_t()
        let raw = Unmanaged.passRetained(box).toOpaque()
        let created = pthread_create(&thread, nil, { argument in
            let box = Unmanaged<ThreadBody>.fromOpaque(argument!).takeRetainedValue()
            box.run()
            return nil
        }, raw)
        precondition(created == 0, "pthread_create failed")
        pthread_detach(thread)
    }
    return try result.get()
}

/// The closure handed to a new pthread.
private final class ThreadBody: @unchecked Sendable {
    // Written once before pthread_create, run once by the new thread.
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

/// A blocking TCP client connected to `address`.
func blockingClient(to address: SocketAddress) throws -> Socket {
    let socket = try Socket(family: address.family, blocking: true)
    try socket.connect(to: address)
    return socket
}

/// Opens `clientsPerThread` blocking clients on each of `threads` threads, all at once, and has each
/// echo `rounds` distinct messages; returns how many came back intact.
func echoRounds(to address: SocketAddress, threads: Int, clientsPerThread: Int, rounds: Int) async throws -> Int {
    try await withThrowingTaskGroup(of: Int.self) { tasks in
        for thread in 0..<threads {
            tasks.addTask {
                try await onThread { () throws -> Int in
                    let clients = try (0..<clientsPerThread).map { _ in try blockingClient(to: address) }
                    var verified = 0
                    for round in 0..<rounds {
                        let messages = clients.indices.map { Array("t\(thread)c\($0)r\(round)".utf8) }
                        for (client, message) in zip(clients, messages) { try client.writeAll(message) }
                        for (client, message) in zip(clients, messages) where try client.readExactly(message.count) == message {
                            verified += 1
                        }
                    }
                    return verified
                }
            }
        }
        return try await tasks.reduce(0, +)
    }
}

/// Per-thread identifier of the caller.
var currentThreadID: UInt { UInt(csystem_thread_id()) }

/// Owned scratch memory for raw-pointer reads in tests.
final class ScratchBuffer: @unchecked Sendable {
    // Used by one task at a time (each test owns its buffer).
    let raw: UnsafeMutableRawBufferPointer
    init(_ count: Int) { raw = .allocate(byteCount: count, alignment: 8) }
    deinit { raw.deallocate() }
    func bytes(_ count: Int) -> [UInt8] { Array(raw[0..<count]) }
}

extension AsyncConnection {
    /// Test convenience: reads exactly `count` bytes (fewer at EOF).
    func read(exactly count: Int, deadline: ContinuousClock.Instant? = nil) async throws(SocketError) -> [UInt8] {
        let scratch = ScratchBuffer(count)
        var filled = 0
        while filled < count {
            let n = try await read(into: UnsafeMutableRawBufferPointer(rebasing: scratch.raw[filled...]), deadline: deadline)
            if n == 0 { break }
            filled += n
        }
        return scratch.bytes(filled)
    }
}
