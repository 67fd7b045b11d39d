import Kernel
@testable import Plugins
import Testing

@Suite("WebSocket plugin: prepared messages, framed once for many sockets", .timeLimit(.minutes(1)))
struct WebSocketPreparedMessageTests {
    /// An app whose sockets each send the messages handed to them, then wait for the client to close.
    private func fanOutApp(_ plugin: WebSocketPlugin) throws -> Application {
        let app = Application()
        try app.register(plugin)
        try app.webSocket("/") { socket, _ in
            socket.subscribe("all")
            for await _ in socket.messages {}
        }
        return app
    }

    @Test("a prepared frame is byte for byte the frame send(text:) and send(binary:) write, and payload is the message")
    func sameFrame() throws {
        for text in ["", "hi", String(repeating: "é", count: 70), String(repeating: "x", count: 70_000)] {
            let machine = WebSocketProtocolStateMachine()
            let prepared = WebSocketPreparedMessage(text: text)
            #expect(prepared.frame == (try machine.sendText(text)))
            #expect(Array(prepared.payload) == Array(text.utf8))
        }
        let machine = WebSocketProtocolStateMachine()
        let bytes: [UInt8] = (0..<300).map { UInt8(truncatingIfNeeded: $0) }
        #expect(WebSocketPreparedMessage(binary: bytes).frame == (try machine.sendBinary(bytes)))
    }

    @Test("one prepared message reaches every socket whole, in order with messages sent around it")
    func fanOut() async throws {
        let plugin = WebSocketPlugin(.quickClose)
        let app = try fanOutApp(plugin)
        var clients: [WebSocketTestClient] = []
        for _ in 0..<5 { clients.append(try await app.injectWebSocket("/")) }
        // Each handler subscribes once it runs: wait for all five, or the broadcast would miss one.
        try #require(await eventually { plugin.hub.sockets(topic: "all").count == 5 })
        let large = String(repeating: "0123456789", count: 20_000)
        let prepared = WebSocketPreparedMessage(text: large)
        for socket in plugin.hub.sockets() {
            try await socket.send(text: "before")
            try await socket.send(prepared)
            try await socket.send(WebSocketPreparedMessage(binary: [1, 2, 3]))
        }
        #expect(await plugin.hub.broadcast(topic: "all", prepared) == 5)
        for client in clients {
            #expect(try await client.receiveMessage() == .text("before"))
            #expect(try await client.receiveMessage() == .text(large))
            #expect(try await client.receiveMessage() == .binary([1, 2, 3]))
            #expect(try await client.receiveMessage() == .text(large))
        }
        try await app.close()
    }

    @Test("a prepared message on a closing socket throws, as send(text:) does")
    func closedSocket() async throws {
        let plugin = WebSocketPlugin(.quickClose)
        let app = try fanOutApp(plugin)
        let client = try await app.injectWebSocket("/")
        try #require(await eventually { plugin.hub.sockets(topic: "all").count == 1 })
        let socket = try #require(plugin.hub.sockets().first)
        try await socket.close(code: .normal, reason: "done")
        await #expect(throws: (any Error).self) { try await socket.send(WebSocketPreparedMessage(text: "late")) }
        #expect(await client.closed()?.code == .normal)
        try await app.close()
    }
}
