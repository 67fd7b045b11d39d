import CSystem
import Glibc
import Synchronization
import Testing
@testable import Kernel

/// Echoes every chunk it reads until the client closes.
@Sendable
func echoHandler(_ connection: AsyncConnection) async {
    let buffer = ScratchBuffer(4096)
    while true {
        guard let n = try? await connection.read(into: buffer.raw, deadline: .now + .seconds(10)), n > 0 else { return }
        do {
            try await connection.write(UnsafeRawBufferPointer(rebasing: buffer.raw[0..<n]))
        } catch { return }
    }
}

@Suite("ServerSocketListener on loopback", .serialized)
struct ServerSocketListenerTests {
    @Test("port 0 binds an ephemeral port; 50 concurrent clients each echo several messages")
    func echoFiftyClients() async throws {
        let group = try EventLoopGroup(loopCount: 2)
        defer { group.shutdown() }
        let listener = try ServerSocketListener(group: group, configuration: .init(port: 0), handler: echoHandler)
        let address = listener.localAddress
        #expect(address.port != 0)
        // 5 threads × 10 connections, all 50 open at the same time.
        let results = try await echoRounds(to: address, threads: 5, clientsPerThread: 10, rounds: 5)
        #expect(results == 250)
        await listener.stop()
    }

    @Test("connections are spread over the group's loops")
    func spreadsAcrossLoops() async throws {
        let group = try EventLoopGroup(loopCount: 2, parking: .never)
        defer { group.shutdown() }
        let threads = Recorder()
        let listener = try ServerSocketListener(group: group, configuration: .init(port: 0)) { connection in
            threads.entries.withLock { $0.append((0, currentThreadID)) }
            await echoHandler(connection)
        }
        let address = listener.localAddress
        try await onThread {
            let clients = try (0..<8).map { _ in try blockingClient(to: address) }
            for client in clients { try client.writeAll([1]); _ = try client.readExactly(1) }
        }
        let seen = Set(threads.entries.withLock { $0.map(\.1) })
        #expect(seen == Set(group.loops.map(\.threadID)))
        await listener.stop()
    }

    @Test("IPv6 ::1 listen and connect")
    func ipv6Loopback() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let listener = try ServerSocketListener(group: group, configuration: .init(host: "::1", port: 0), handler: echoHandler)
        #expect(listener.localAddress.family == .ipv6)
        let address = listener.localAddress
        let reply = try await onThread { () throws -> [UInt8] in
            let client = try blockingClient(to: address)
            try client.writeAll(Array("v6".utf8))
            return try client.readExactly(2)
        }
        #expect(reply == Array("v6".utf8))
        await listener.stop()
    }

    @Test("an async client on the loop can talk to the listener (connect + EINPROGRESS)")
    func asyncClient() async throws {
        let group = try EventLoopGroup(loopCount: 2)
        defer { group.shutdown() }
        let listener = try ServerSocketListener(group: group, configuration: .init(port: 0), handler: echoHandler)
        let address = listener.localAddress
        let loop = group.loops[0]
        let reply = try await onLoop(loop) { () async throws -> [UInt8] in
            let client = try await AsyncConnection.connect(to: address, loop: loop, deadline: .now + .seconds(5))
            defer { client.close() }
            try await client.write(Array("hello".utf8))
            return try await client.read(exactly: 5, deadline: .now + .seconds(5))
        }
        #expect(reply == Array("hello".utf8))
        await listener.stop()
    }

    @Test("SO_REUSEADDR lets a second bind succeed after the first listener closes")
    func reuseAddress() async throws {
        let first = try Socket(family: .ipv4)
        try first.setReuseAddress(true)
        try first.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
        try first.listen()
        let address = try first.localAddress()
        // Leave a connection in TIME_WAIT on the server side.
        let client = try blockingClient(to: address)
        let accepted = try #require(try await acceptWithRetry(first))
        accepted.close()
        client.close()
        first.close()

        // Control: without SO_REUSEADDR the port is still taken.
        let control = try Socket(family: .ipv4)
        do {
            try control.bind(to: address)
            Issue.record("bind without SO_REUSEADDR unexpectedly succeeded")
        } catch {
            #expect(error.errno == EADDRINUSE)
        }
        control.close()

        let second = try Socket(family: .ipv4)
        try second.setReuseAddress(true)
        try second.bind(to: address)
        try second.listen()
        #expect(try second.localAddress().port == address.port)
        #expect(try second.option(level: SOL_SOCKET, name: SO_REUSEADDR) != 0)
    }

    @Test("the connection limit refuses clients past maxConnections")
    func connectionLimit() async throws {
        let group = try EventLoopGroup(loopCount: 2)
        defer { group.shutdown() }
        let listener = try ServerSocketListener(
            group: group, configuration: .init(port: 0, maxConnections: 3), handler: echoHandler)
        let address = listener.localAddress
        let outcome = try await onThread { () throws -> (served: Int, refused: Int) in
            var served = 0
            var refused = 0
            let clients = try (0..<3).map { _ in try blockingClient(to: address) }
            for client in clients {   // proves the 3 are admitted and held open
                try client.writeAll([7])
                if try client.readExactly(1) == [7] { served += 1 }
            }
            for _ in 0..<3 {
                let extra = try blockingClient(to: address)
                try? extra.writeAll([9])
                if (try? extra.readExactly(1)) ?? [] == [] { refused += 1 }   // closed by the server
            }
            withExtendedLifetime(clients) {}
            return (served, refused)
        }
        #expect(outcome.served == 3)
        #expect(outcome.refused == 3)
        #expect(listener.refusedConnectionCount == 3)
        await listener.stop()
    }

    @Test("stop() ends accepting: new connections are refused")
    func stopRefuses() async throws {
        let group = try EventLoopGroup(loopCount: 2)
        defer { group.shutdown() }
        let listener = try ServerSocketListener(group: group, configuration: .init(port: 0), handler: echoHandler)
        let address = listener.localAddress
        await listener.stop()
        #expect(throws: SocketError.self) { _ = try blockingClient(to: address) }
    }
}

/// Accepts on a non-blocking listener, polling briefly.
private func acceptWithRetry(_ listener: Socket) async throws -> Socket? {
    for _ in 0..<200 {
        if let socket = try listener.accept() { return socket }
        try await Task.sleep(for: .milliseconds(5))
    }
    return nil
}
