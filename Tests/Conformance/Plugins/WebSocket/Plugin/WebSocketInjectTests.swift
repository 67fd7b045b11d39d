import Kernel
@testable import Plugins
import Testing

@Suite("WebSocket plugin in-process: messages, limits, close codes (fastify-plugins §C.7)", .timeLimit(.minutes(1)))
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

    @Test("C.7-38 maxPayload 16: a 100-byte message closes with 1009")
    func maxPayload() async throws {
        var options = WebSocketOptions.quickClose
        options.maxPayload = 16
        let (app, _) = try echoApp(options: options)
        let client = try await app.injectWebSocket("/echo")
        try await client.send(text: String(repeating: "x", count: 16))
        #expect(try await client.receiveMessage() == .text(String(repeating: "x", count: 16)))
        try await client.send(text: String(repeating: "x", count: 100))
        #expect(await client.closed()?.code == .messageTooBig)
    }

    @Test("the default maxPayload is 1 MiB: 1 MiB passes, 1 MiB + 1 closes with 1009")
    func defaultMaxPayload() async throws {
        let (app, _) = try echoApp()
        let client = try await app.injectWebSocket("/echo")
        try await client.send(binary: [UInt8](repeating: 1, count: 1 << 20))
        #expect(try await client.receiveMessage()?.bytes.count == 1 << 20)
        try await client.send(binary: [UInt8](repeating: 1, count: (1 << 20) + 1))
        #expect(await client.closed()?.code == .messageTooBig)
    }

    @Test("C.7-39 FF FE text → 1007; RSV2 → 1002; unmasked frame → 1002; close code 999 → 1002",
          arguments: [
            (clientFrame(.text, [0xFF, 0xFE]), UInt16(1007)),
            (clientFrame(.text, Array("a".utf8), rsv2: true), UInt16(1002)),
            (serverFrame(.text, Array("a".utf8)), UInt16(1002)),
            (clientFrame(.close, closePayload(999)), UInt16(1002)),
          ])
    func protocolFailures(frame: [UInt8], code: UInt16) async throws {
        let (app, _) = try echoApp()
        let client = try await app.injectWebSocket("/echo")
        try await client.sendRaw(frame)
        #expect(await client.closed()?.code.rawValue == code)
    }

    @Test("invalid UTF-8 split across fragments → 1007, after the earlier message's echo")
    func utf8AcrossFragments() async throws {
        let (app, _) = try echoApp()
        let client = try await app.injectWebSocket("/echo")
        try await client.sendRaw(clientText("first") + clientFrame(.text, [0xCE], fin: false) + clientFrame(.continuation, [0x41]))
        let first = try await client.receive()
        #expect(first == .text("first"))
        let info = await client.closed()
        #expect(info?.code == .invalidPayload, "\(String(describing: first)) \(String(describing: info))")
    }

    @Test("C.7-5 a bad frame (A2 00) closes with 1002 and the errorHandler sees the protocol error")
    func errorHandlerSeesProtocolError() async throws {
        let errors = Log<String>()
        var options = WebSocketOptions.quickClose
        options.errorHandler = { error, socket in
            errors.append("\(error as? WebSocketProtocolError == .reservedBitsSet) \(socket.request.url)")
        }
        let (app, _) = try echoApp(options: options)
        let client = try await app.injectWebSocket("/echo")
        try await client.sendRaw([0xA2, 0x00])
        #expect(await client.closed()?.code == .protocolError)
        await client.serverFinished()
        #expect(errors.all == ["true /echo"])
    }

    @Test("C.7-3/C.7-4 a throwing handler reaches the errorHandler with its error; the socket closes with 1011")
    func handlerThrows() async throws {
        struct Fail: Error {}
        let errors = Log<String>()
        var options = WebSocketOptions.quickClose
        options.errorHandler = { error, _ in errors.append(error is Fail ? "Fail" : "other") }
        let app = Application()
        try app.register(WebSocketPlugin(options))
        try app.webSocket("/*") { _, _ in throw Fail() }
        let client = try await app.injectWebSocket("/anything")
        #expect(await client.closed()?.code == .internalError)
        #expect(errors.all == ["Fail"])
    }

    @Test("a handler that returns closes the socket with 1000; onClose and closed() report the peer's code")
    func handlerReturnsAndCloseInfo() async throws {
        let infos = Log<WebSocketCloseInfo>()
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        try app.webSocket("/done") { socket, _ in
            socket.onClose { infos.append($0) }
        }
        let client = try await app.injectWebSocket("/done")
        #expect(await client.closed()?.code == .normal)
        await client.serverFinished()
        #expect(infos.all.map(\.code) == [.normal])
        #expect(infos.all.first?.wasClean == true)
    }

    @Test("a client close with 4000 and a reason is echoed and reported to the handler")
    func clientClose() async throws {
        let info = Log<WebSocketCloseInfo>()
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        try app.webSocket("/") { socket, _ in
            for await _ in socket.messages {}
            info.append(await socket.closed())
        }
        let client = try await app.injectWebSocket()
        try await client.close(code: WebSocketCloseCode(rawValue: 4000), reason: "bye")
        #expect(await client.closed()?.code.rawValue == 4000)
        await client.serverFinished()
        #expect(info.all == [WebSocketCloseInfo(code: WebSocketCloseCode(rawValue: 4000), reason: "bye", wasClean: true)])
    }

    @Test("a lost connection (no close frame) reports 1006 and ends messages")
    func abnormalClosure() async throws {
        let info = Log<WebSocketCloseCode>()
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        try app.webSocket("/") { socket, _ in
            for await _ in socket.messages {}
            info.append(await socket.closed().code)
        }
        let client = try await app.injectWebSocket()
        await client.terminate()
        await client.serverFinished()
        #expect(info.all == [.abnormalClosure])
    }

    @Test("sends after close fail with .closed; close with 1005 or a long reason is refused")
    func sendAfterClose() async throws {
        let outcomes = Log<String>()
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        try app.webSocket("/") { socket, _ in
            do { try await socket.close(code: .noStatusReceived) } catch { outcomes.append("\(error)") }
            do { try await socket.close(reason: String(repeating: "r", count: 124)) } catch { outcomes.append("\(error)") }
            try await socket.close(code: .goingAway, reason: "done")
            do { try await socket.send(text: "late") } catch { outcomes.append("\(error)") }
            #expect(!socket.isOpen)
        }
        let client = try await app.injectWebSocket()
        #expect(await client.closed() == WebSocketCloseInfo(code: .goingAway, reason: "done", wasClean: true))
        await client.serverFinished()
        #expect(outcomes.all == ["close code may not be sent", "close reason longer than 123 bytes", "the WebSocket is closed"])
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
