import Kernel
@testable import Plugins
import Testing

@Suite("WebSocket plugin: broadcast, heartbeat and app.close() (§C.3, §C.7 10–13)", .timeLimit(.minutes(1)))
struct WebSocketLifecycleTests {
    @Test("C.7-12 app.close() closes every open socket with 1001; the handlers see it")
    func closeOnAppClose() async throws {
        let seen = Log<WebSocketCloseCode>()
        let app = try closeRecordingApp { seen.append($0.code) }
        let clients = [try await app.injectWebSocket(), try await app.injectWebSocket()]
        let codes = Task { [clients] in
            var codes: [WebSocketCloseCode?] = []
            for client in clients { codes.append(await client.closed()?.code) }
            return codes
        }
        try await app.close()
        #expect(await codes.value == [.goingAway, .goingAway])
        for client in clients { await client.serverFinished() }
        #expect(seen.all == [.goingAway, .goingAway])
    }

    @Test("C.7-13 an upgrade while the application closes gets 503")
    func upgradeWhileClosing() async throws {
        let (app, _) = try echoApp()
        let compiled = Recorded<CompiledApplication?>(nil)
        let status = Log<Int?>()
        try app.addHook(.preClose) {
            do {
                _ = try await compiled.value?.injectWebSocket("/echo")
                status.append(nil)
            } catch let error as WebSocketError {
                status.append(error == .unexpectedResponse(503) ? 503 : -1)
            }
        }
        compiled.value = try await app.ready()
        try await app.close()
        #expect(status.all == [503])
    }

    @Test("broadcast reaches every subscriber of a topic once, and nobody else")
    func broadcastTopic() async throws {
        var options = WebSocketOptions.quickClose
        options.closeTimeout = .milliseconds(200)
        let plugin = WebSocketPlugin(options)
        let app = Application()
        try app.register(plugin)
        try app.webSocket("/room/:name") { socket, request in
            socket.subscribe(request.params["name"] ?? "")
            for await message in socket.messages { socket.unsubscribe(message.text ?? "") }
        }
        var red: [WebSocketTestClient] = []
        for _ in 0..<20 { red.append(try await app.injectWebSocket("/room/red")) }
        let blue = try await app.injectWebSocket("/room/blue")
        try #require(await eventually { plugin.hub.sockets(topic: "red").count == 20 && plugin.hub.count == 21 })
        #expect(await plugin.broadcast(topic: "red", text: "hello red") == 20)
        for client in red { #expect(try await client.receiveMessage() == .text("hello red")) }
        #expect(await plugin.broadcast(binary: [9]) == 21)
        #expect(try await blue.receiveMessage() == .binary([9]))
        for client in red { #expect(try await client.receiveMessage() == .binary([9])) }
        try await red[0].send(text: "red")
        #expect(await eventually { plugin.hub.sockets(topic: "red").count == 19 })
        #expect(try await plugin.hub.broadcast(topic: "blue", json: ["n": 1]) == 1)
        #expect(try await blue.receiveMessage() == .text(#"{"n":1}"#))
        await blue.terminate()
        await blue.serverFinished()
        #expect(plugin.hub.sockets(topic: "blue").isEmpty)
        try await app.close()
        #expect(plugin.hub.count == 0)
    }

    @Test("heartbeat: a live client is pinged and stays; a silent peer is dropped (1006)")
    func heartbeat() async throws {
        var options = WebSocketOptions.quickClose
        // 250 ms: the live client's pong must arrive within one interval, which a fully loaded test run can delay.
        options.heartbeatInterval = .milliseconds(250)
        let closes = Log<WebSocketCloseCode>()
        let app = Application()
        try app.register(WebSocketPlugin(options))
        try app.webSocket("/") { socket, _ in
            for await _ in socket.messages {}
            closes.append(await socket.closed().code)
        }
        let live = try await app.injectWebSocket()
        let pings = Task {
            var count = 0
            while let event = try? await live.receive() { if case .ping = event { count += 1 } }
            return count
        }
        let silent = try await app.injectWebSocket()
        await silent.serverFinished()
        #expect(closes.all == [.abnormalClosure])
        try await Task.sleep(for: .milliseconds(800))
        #expect(closes.all == [.abnormalClosure], "the live client answers pings and stays")
        await live.terminate()
        #expect(await pings.value >= 2)
    }

    @Test("a server close waits at most closeTimeout for the peer's close frame")
    func closeTimeout() async throws {
        var options = WebSocketOptions.quickClose
        options.closeTimeout = .milliseconds(100)
        let app = Application()
        try app.register(WebSocketPlugin(options))
        let info = Log<WebSocketCloseInfo>()
        try app.webSocket("/") { socket, _ in
            try await socket.close()
            info.append(await socket.closed())
        }
        let client = try await app.injectWebSocket()
        await client.serverFinished()
        #expect(info.all == [WebSocketCloseInfo(code: .abnormalClosure, wasClean: false)], "dropped by the timer, not closed by the peer")
        await client.terminate()
    }
}
