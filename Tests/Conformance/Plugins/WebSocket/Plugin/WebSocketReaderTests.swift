import Kernel
@testable import Plugins
import Testing

/// The reader while a message waits for the handler, and the order of our last frames.
/// Every wait has a generous watchdog, so a regression fails instead of hanging.
@Suite("WebSocket plugin: control frames beside a waiting message, close ordering", .timeLimit(.minutes(1)))
struct WebSocketReaderTests {
    @Test("a handler that never reads messages still answers the peer's close after one data message")
    func closeAfterBufferedMessage() async throws {
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        let closes = Log<WebSocketCloseInfo>()
        let feeds = Log<AsyncStream<String>.Continuation>()
        try app.webSocket("/") { socket, _ in
            socket.onClose { closes.append($0) }
            let (feed, continuation) = AsyncStream<String>.makeStream()
            feeds.append(continuation)
            for await event in feed { try await socket.send(text: event) }
        }
        let client = try await app.injectWebSocket()
        try await client.sendRaw(clientText("unread") + clientFrame(.close, closePayload(1000)))
        let echo = Recorded<WebSocketCloseInfo?>(nil)
        try #require(await finishes { echo.value = await client.closed() })
        #expect(echo.value?.code == .normal)
        try #require(await finishes { await client.serverFinished() })
        #expect(closes.all == [WebSocketCloseInfo(code: .normal, wasClean: true)])
        _ = feeds
    }

    @Test("pings are answered while a message waits; the next message waits until the handler takes the first")
    func pingsBesideWaitingMessage() async throws {
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        let gate = Gate()
        let received = Log<String>()
        try app.webSocket("/") { socket, _ in
            await gate.wait()
            for await message in socket.messages { received.append(message.text ?? "") }
        }
        let client = try await app.injectWebSocket()
        try await client.sendRaw(clientText("one") + clientFrame(.ping, [1]))
        let first = Recorded<Plugins.WebSocketEvent?>(nil)
        try #require(await finishes { first.value = try? await client.receive() })
        #expect(first.value == .pong([1]), "answered before the handler took the message")
        try await client.sendRaw(clientText("two") + clientFrame(.ping, [2]))
        gate.open()
        let second = Recorded<Plugins.WebSocketEvent?>(nil)
        try #require(await finishes { second.value = try? await client.receive() })
        #expect(second.value == .pong([2]))
        try #require(await eventually { received.all.count == 2 })
        #expect(received.all == ["one", "two"], "the second message's bytes were kept")
        try await client.close()
        try #require(await finishes { _ = await client.closed() })
    }

    @Test("our close frame queued behind a blocked write still goes out when the peer's close arrives")
    func closeFrameNotCutOffByHalfClose() async throws {
        var options = WebSocketOptions()
        options.closeTimeout = .seconds(600)
        let app = Application()
        try app.register(WebSocketPlugin(options))
        let sockets = Log<WebSocket>()
        let big = [UInt8](repeating: 3, count: 256 * 1024)
        try app.webSocket("/") { socket, _ in
            sockets.append(socket)
            let sending = Task { try await socket.send(binary: big) }
            _ = await eventually { socket.core.withLock { $0.isWriting } }
            try await socket.close(code: .normal, reason: "bye")
            _ = try? await sending.value
        }
        let client = try await app.injectWebSocket("/", bufferLimit: 16 * 1024)
        try #require(await eventually { sockets.all.first?.core.withLock { $0.machine.state == .closeSent } == true })
        try await client.close()
        let events = Log<Plugins.WebSocketEvent>()
        try #require(await finishes { while let event = try? await client.receive() { events.append(event) } })
        // The client ignores the data after its own close frame; what matters is that ours arrives.
        #expect(events.all.last == .close(code: .normal, reason: "bye"))
        try #require(await finishes { await client.serverFinished() })
    }

    @Test("a pong decided before a concurrent close() is not sent after the close frame")
    func noPongAfterClose() async throws {
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        let outcome = Log<String>()
        try app.webSocket("/") { socket, _ in
            let pong = socket.core.withLock { $0.machine.encodeFrame(opcode: .pong, payload: [1]) }
            try await socket.close()
            do {
                try await socket.enqueueRaw(pong)
                outcome.append("queued")
            } catch {
                outcome.append("dropped")
            }
        }
        let client = try await app.injectWebSocket()
        try #require(await finishes { _ = await client.closed() })
        try #require(await finishes { await client.serverFinished() })
        #expect(outcome.all == ["dropped"])
    }
}
