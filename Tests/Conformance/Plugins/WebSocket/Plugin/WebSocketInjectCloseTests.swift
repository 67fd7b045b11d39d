import Kernel
@testable import Plugins
import Testing

@Suite("WebSocket plugin in-process: limits, protocol errors, close codes (fastify-plugins §C.7)", .timeLimit(.minutes(1)))
struct WebSocketInjectCloseTests {
    @Test("C.7-38 maxPayload 16: a 100-byte message closes with 1009")
    func maxPayload() async throws {
        let client = try await echoClient(maxPayload: 16)
        try await client.send(text: String(repeating: "x", count: 16))
        #expect(try await client.receiveMessage() == .text(String(repeating: "x", count: 16)))
        try await client.send(text: String(repeating: "x", count: 100))
        #expect(await client.closed()?.code == .messageTooBig)
    }

    @Test("maxPayload 0 means no limit (as in ws)")
    func maxPayloadZeroIsUnlimited() async throws {
        let client = try await echoClient(maxPayload: 0)
        let payload = [UInt8](repeating: 5, count: (1 << 20) + 1)
        try await client.send(binary: payload)
        let echo = Recorded<WebSocketMessage?>(nil)
        try #require(await finishes { echo.value = try? await client.receiveMessage() })
        #expect(echo.value == .binary(payload))
        try await client.close()
        try #require(await finishes { _ = await client.closed() })
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
        let app = try closeRecordingApp { info.append($0) }
        let client = try await app.injectWebSocket()
        try await client.close(code: WebSocketCloseCode(rawValue: 4000), reason: "bye")
        #expect(await client.closed()?.code.rawValue == 4000)
        await client.serverFinished()
        #expect(info.all == [WebSocketCloseInfo(code: WebSocketCloseCode(rawValue: 4000), reason: "bye", wasClean: true)])
    }

    @Test("a lost connection (no close frame) reports 1006 and ends messages")
    func abnormalClosure() async throws {
        let info = Log<WebSocketCloseCode>()
        let app = try closeRecordingApp { info.append($0.code) }
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
}

extension WebSocketInjectCloseTests {
    /// An in-process client of the echo app with `maxPayload` set.
    func echoClient(maxPayload: Int) async throws -> WebSocketTestClient {
        var options = WebSocketOptions.quickClose
        options.maxPayload = maxPayload
        let (app, _) = try echoApp(options: options)
        return try await app.injectWebSocket("/echo")
    }
}
