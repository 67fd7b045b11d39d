import Kernel
@testable import Plugins
import Testing

/// A peer that stops reading (its receive buffer full, so the server's writes block), and a reader
/// that waits for a busy handler: `close()`, `closeAll`, the heartbeat and `app.close()` still end
/// the connection. Every wait has a generous watchdog, so a regression fails instead of hanging.
@Suite("WebSocket plugin: stuck peers and busy handlers cannot hold up the close", .timeLimit(.minutes(1)))
struct WebSocketStuckPeerTests {
    /// The in-memory client's receive buffer: the server's fourth 16 KiB message (with its frame
    /// header) passes it, so that send blocks.
    static let bufferLimit = 64 * 1024

    /// An app whose handler sends 16 KiB messages until a write blocks (the client never reads);
    /// `sent` counts the sends that completed.
    static func floodingApp(_ options: WebSocketOptions, sockets: Log<WebSocket>, sent: Log<Int>) throws -> Application {
        let app = Application()
        try app.register(WebSocketPlugin(options))
        try app.webSocket("/") { socket, _ in
            sockets.append(socket)
            let chunk = [UInt8](repeating: 7, count: 16 * 1024)
            while true {
                try await socket.send(binary: chunk)
                sent.append(sent.all.count)
            }
        }
        return app
    }

    /// Waits until the handler's fourth send is being written, i.e. blocked on the full buffer.
    static func blockedSocket(_ sockets: Log<WebSocket>, _ sent: Log<Int>) async throws -> WebSocket {
        try #require(await eventually {
            sent.all.count >= 3 && sockets.all.first?.core.withLock { $0.isWriting } == true
        })
        return try #require(sockets.all.first)
    }

    @Test("close() returns and the connection ends while a write is blocked on a peer that stopped reading")
    func closeWithBlockedWrite() async throws {
        let sockets = Log<WebSocket>(), sent = Log<Int>()
        let app = try Self.floodingApp(.quickClose, sockets: sockets, sent: sent)
        let client = try await app.injectWebSocket("/", bufferLimit: Self.bufferLimit)
        let socket = try await Self.blockedSocket(sockets, sent)
        try #require(await finishes { try? await socket.close() }, "the close timeout runs from close(), not from the write")
        try #require(await finishes { await client.serverFinished() })
        #expect(await socket.closeInfo() == WebSocketCloseInfo(code: .abnormalClosure, wasClean: false))
        #expect(sent.all.count == 3, "the blocked send never completed")
    }

    @Test("app.close() (closeAll in preClose) returns while a peer has stopped reading")
    func appCloseWithBlockedWrite() async throws {
        let sockets = Log<WebSocket>(), sent = Log<Int>()
        let app = try Self.floodingApp(.quickClose, sockets: sockets, sent: sent)
        let client = try await app.injectWebSocket("/", bufferLimit: Self.bufferLimit)
        _ = try await Self.blockedSocket(sockets, sent)
        try #require(await finishes { try? await app.close() })
        try #require(await finishes { await client.serverFinished() })
    }

    @Test("the heartbeat drops a peer whose ping cannot be written (the close timeout never starts)")
    func heartbeatWithBlockedWrite() async throws {
        var options = WebSocketOptions()
        options.closeTimeout = .seconds(600)
        options.heartbeatInterval = .seconds(1)
        let sockets = Log<WebSocket>(), sent = Log<Int>()
        let app = try Self.floodingApp(options, sockets: sockets, sent: sent)
        let client = try await app.injectWebSocket("/", bufferLimit: Self.bufferLimit)
        let socket = try await Self.blockedSocket(sockets, sent)
        try #require(await finishes { await client.serverFinished() })
        #expect(await socket.closeInfo().code == .abnormalClosure)
    }

    @Test("a send the peer takes nothing of for sendTimeout drops the connection; the blocked send throws")
    func sendTimeoutDropsStuckPeer() async throws {
        var options = WebSocketOptions()
        options.closeTimeout = .seconds(600)
        options.sendTimeout = .milliseconds(200)
        let sockets = Log<WebSocket>(), sent = Log<Int>(), failures = Log<String>()
        options.errorHandler = { error, _ in failures.append("\(error)") }
        let app = try Self.floodingApp(options, sockets: sockets, sent: sent)
        let client = try await app.injectWebSocket("/", bufferLimit: Self.bufferLimit)
        let socket = try await Self.blockedSocket(sockets, sent)
        try #require(await finishes { await client.serverFinished() }, "neither the heartbeat nor a close runs: only the send timeout ends it")
        #expect(await socket.closeInfo().code == .abnormalClosure)
        #expect(sent.all.count == 3, "the blocked send never completed")
        #expect(failures.all == ["\(WebSocketError.closed)"], "the handler's send threw")
    }

    @Test("closeAll wakes a reader that waits for a busy handler; onClose and closed() run")
    func closeAllWakesWaitingReader() async throws {
        let plugin = WebSocketPlugin(.quickClose)
        let app = Application()
        try app.register(plugin)
        let taken = Log<String>(), closes = Log<WebSocketCloseCode>()
        let feeds = Log<AsyncStream<String>.Continuation>()
        try app.webSocket("/") { socket, _ in
            socket.onClose { closes.append($0.code) }
            var messages = socket.messages.makeAsyncIterator()
            taken.append(await messages.next()?.text ?? "")
            // Busy elsewhere from now on: never asks for the next message.
            let (feed, continuation) = AsyncStream<String>.makeStream()
            feeds.append(continuation)
            for await event in feed { try await socket.send(text: event) }
        }
        let client = try await app.injectWebSocket()
        try await client.sendRaw(clientText("first") + clientText("second"))
        try #require(await eventually { taken.all == ["first"] })
        let hub = plugin.hub
        try #require(await finishes { await hub.closeAll() })
        try #require(await finishes { await client.serverFinished() })
        #expect(closes.all == [.abnormalClosure], "dropped by the close timer")
        _ = feeds
    }
}
