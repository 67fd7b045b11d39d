import Kernel
@testable import Plugins
import Testing

@Suite("WebSocket plugin in-process: messages (fastify-plugins §C.7)", .timeLimit(.minutes(1)))
struct WebSocketInjectTests {
    @Test("C.7-1 an echo route: the client's message comes back; the handler's own message arrives")
    func echo() async throws {
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        try app.webSocket("/") { socket, _ in
            try await socket.send(text: "hello client")
            for await message in socket.messages where message.text == "hello server" {
                try await socket.send(text: "got it")
            }
        }
        let client = try await app.injectWebSocket("/")
        #expect(try await client.receiveMessage() == .text("hello client"))
        try await client.send(text: "hello server")
        #expect(try await client.receiveMessage() == .text("got it"))
        try await client.close()
        #expect(await client.closed()?.code == .normal)
    }

    @Test("C.7-35 injectWebSocket reaches the route; the default path is /")
    func injectPaths() async throws {
        let received = Log<String>()
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        for path in ["/", "/ws"] {
            try app.webSocket(path) { socket, _ in
                for await message in socket.messages { received.append("\(path) \(message.text ?? "")") }
            }
        }
        let first = try await app.injectWebSocket("/ws")
        try await first.send(text: "hi")
        let second = try await app.injectWebSocket()
        try await second.send(text: "root")
        #expect(await eventually { received.all.count == 2 })
        #expect(Set(received.all) == ["/ws hi", "/ root"])
        #expect(first.response.status == .switchingProtocols)
        #expect(first.response.headers["sec-websocket-accept"] != nil)
    }

    @Test("C.7-14 200 messages of 160 bytes get 200 replies, in order")
    func manyMessages() async throws {
        let (app, _) = try echoApp()
        let client = try await app.injectWebSocket("/echo")
        let payloads = (0..<200).map { index in String(repeating: Character(UnicodeScalar(65 + index % 26)!), count: 159) + String(index % 10) }
        for payload in payloads { try await client.send(text: payload) }
        for payload in payloads { #expect(try await client.receiveMessage() == .text(payload)) }
    }

    @Test("binary messages and send(json:)")
    func binaryAndJSON() async throws {
        struct Greeting: Encodable { let hello: String }
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        try app.webSocket("/") { socket, _ in
            try await socket.send(json: Greeting(hello: "world"))
            for await message in socket.messages { try await socket.send(binary: message.bytes.reversed()) }
        }
        let client = try await app.injectWebSocket()
        #expect(try await client.receiveMessage() == .text(#"{"hello":"world"}"#))
        try await client.send(binary: [1, 2, 3, 0, 255])
        #expect(try await client.receiveMessage() == .binary([255, 0, 3, 2, 1]))
    }

    @Test("a fragmented message (text + continuation frames) arrives as one message")
    func fragmentation() async throws {
        let (app, _) = try echoApp()
        let client = try await app.injectWebSocket("/echo")
        try await client.sendRaw(clientFrame(.text, Array("Hel".utf8), fin: false))
        try await client.sendRaw(clientFrame(.continuation, Array("lo, ".utf8), fin: false))
        try await client.sendRaw(clientFrame(.ping, Array("mid".utf8)))
        try await client.sendRaw(clientFrame(.continuation, Array("world".utf8), fin: true))
        #expect(try await client.receive() == .pong(Array("mid".utf8)))
        #expect(try await client.receive() == .text("Hello, world"))
    }

    @Test("C.7-41 a ping gets a pong with the same payload")
    func pingPong() async throws {
        let (app, _) = try echoApp()
        let client = try await app.injectWebSocket("/echo")
        try await client.ping(Array("hb".utf8))
        #expect(try await client.receive() == .pong(Array("hb".utf8)))
    }

    @Test("server ping: socket.ping reaches the client, which answers")
    func serverPing() async throws {
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        try app.webSocket("/") { socket, _ in
            try await socket.ping([7])
            _ = await socket.closed()
        }
        let client = try await app.injectWebSocket()
        #expect(try await client.receive() == .ping([7]))
        await client.terminate()
    }

    @Test("writes from many tasks at once arrive whole (never interleaved)")
    func concurrentWriters() async throws {
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        try app.webSocket("/") { socket, _ in
            await withTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for index in 0..<50 {
                            try? await socket.send(text: "\(writer):\(index):" + String(repeating: "z", count: 1000 * (index % 3)))
                        }
                    }
                }
            }
            try await socket.close()
        }
        let client = try await app.injectWebSocket()
        var next = [Int](repeating: 0, count: 8)
        while let message = try await client.receiveMessage() {
            let parts = message.text?.split(separator: ":", omittingEmptySubsequences: false) ?? []
            let writer = Int(parts[0])!, index = Int(parts[1])!
            #expect(index == next[writer])
            #expect(parts[2].count == 1000 * (index % 3))
            next[writer] += 1
        }
        #expect(next == [Int](repeating: 50, count: 8))
    }

    @Test("subprotocol negotiation: the first server-preferred offer is confirmed")
    func subprotocols() async throws {
        var options = WebSocketOptions.quickClose
        options.subprotocols = ["chat.v2", "chat.v1"]
        let chosen = Log<String?>()
        let app = Application()
        try app.register(WebSocketPlugin(options))
        try app.webSocket("/") { socket, _ in chosen.append(socket.subprotocol) }
        let client = try await app.injectWebSocket(headers: ["sec-websocket-protocol": "chat.v1, chat.v2"])
        #expect(client.subprotocol == "chat.v2")
        let none = try await app.injectWebSocket(headers: ["sec-websocket-protocol": "other"])
        #expect(none.subprotocol == nil)
        #expect(await client.closed()?.code == .normal)
        #expect(await none.closed()?.code == .normal)
        #expect(Set(chosen.all) == ["chat.v2", nil])
    }
}
