import Testing

@testable import Plugins

/// RFC 6455 §4.2 server handshake: accept value, rejections and subprotocols.
@Suite("WebSocket handshake")
struct WebSocketHandshakeTests {
    static let rfcKey = "dGhlIHNhbXBsZSBub25jZQ=="

    private func request(
        replacing name: String? = nil, with value: String? = nil,
        adding extra: [(name: String, value: String)] = []
    ) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [
            ("Host", "server.example.com"),
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", Self.rfcKey),
            ("Sec-WebSocket-Version", "13"),
        ]
        if let name {
            headers.removeAll { $0.name == name }
            if let value { headers.append((name, value)) }
        }
        return headers + extra
    }

    private func status(
        _ result: WebSocketHandshakeResult
    ) -> (status: Int, reason: String, headers: [String])? {
        guard case .rejected(let status, let reason, let headers) = result else { return nil }
        return (status, reason, headers.map { "\($0.name): \($0.value)" })
    }

    @Test("RFC 1.3 accept vector")
    func acceptVector() {
        #expect(WebSocketHandshake.acceptValue(forKey: Self.rfcKey) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test("A valid request is accepted with Upgrade, Connection and Sec-WebSocket-Accept")
    func accepted() throws {
        let result = WebSocketHandshake().evaluate(method: "GET", httpVersion: "HTTP/1.1", headers: request())
        guard case .accepted(let headers, let subprotocol) = result else {
            Issue.record("expected acceptance, got \(result)")
            return
        }
        #expect(headers.map { "\($0.name): \($0.value)" } == [
            "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
        ])
        #expect(subprotocol == nil)
    }

    @Test("Header names and the upgrade/websocket tokens match case-insensitively inside lists")
    func caseInsensitiveTokens() {
        let headers: [(name: String, value: String)] = [
            ("UPGRADE", "WebSocket"), ("connection", "keep-alive, Upgrade"),
            ("sec-websocket-key", " \(Self.rfcKey) "), ("SEC-WEBSOCKET-VERSION", "13"),
        ]
        let result = WebSocketHandshake().evaluate(method: "GET", httpVersion: "HTTP/1.1", headers: headers)
        guard case .accepted = result else {
            Issue.record("expected acceptance, got \(result)")
            return
        }
    }

    @Test("Non-GET is 405 with Allow: GET")
    func wrongMethod() {
        let result = WebSocketHandshake().evaluate(method: "POST", httpVersion: "HTTP/1.1", headers: request())
        #expect(status(result)?.status == 405)
        #expect(status(result)?.headers == ["Allow: GET"])
    }

    @Test("HTTP/1.0 and HTTP/2 are 400; HTTP/1.1 in bare form is accepted", arguments: [
        ("HTTP/1.0", 400), ("HTTP/2", 400), ("HTTP/2.0", 400), ("garbage", 400), ("1.1", 101), ("HTTP/1.1", 101),
    ])
    func httpVersion(version: String, expected: Int) {
        let result = WebSocketHandshake().evaluate(method: "GET", httpVersion: version, headers: request())
        #expect((status(result)?.status ?? 101) == expected)
    }

    @Test("Missing or wrong Upgrade / Connection headers are 400", arguments: [
        ("Upgrade", nil), ("Upgrade", "h2c"), ("Connection", nil), ("Connection", "keep-alive"),
    ] as [(String, String?)])
    func upgradeAndConnection(name: String, value: String?) {
        let result = WebSocketHandshake().evaluate(
            method: "GET", httpVersion: "HTTP/1.1", headers: request(replacing: name, with: value))
        #expect(status(result)?.status == 400)
        #expect(status(result)?.reason == "Invalid \(name) header")
    }

    @Test("Unsupported or missing version is 426 with Sec-WebSocket-Version: 13", arguments: [
        "12", "8", "13, 8", "", nil,
    ] as [String?])
    func wrongVersion(version: String?) {
        let result = WebSocketHandshake().evaluate(
            method: "GET", httpVersion: "HTTP/1.1",
            headers: request(replacing: "Sec-WebSocket-Version", with: version))
        #expect(status(result)?.status == 426)
        #expect(status(result)?.headers == ["Sec-WebSocket-Version: 13"])
    }

    @Test("Missing or invalid Sec-WebSocket-Key is 400", arguments: [
        nil, "abc", "", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25j", "dGhlIHNhbXBsZSBub25jZQ*=",
        "dGhlIHNhbXBsZSBub25jZWFi", "AAAAAAAAAAAAAAAAAAAAAA=",
    ] as [String?])
    func invalidKey(key: String?) {
        let result = WebSocketHandshake().evaluate(
            method: "GET", httpVersion: "HTTP/1.1", headers: request(replacing: "Sec-WebSocket-Key", with: key))
        #expect(status(result)?.status == 400)
        #expect(status(result)?.reason == "Missing or invalid Sec-WebSocket-Key header")
    }

    @Test("Two Sec-WebSocket-Key fields are 400")
    func duplicateKey() {
        let result = WebSocketHandshake().evaluate(
            method: "GET", httpVersion: "HTTP/1.1",
            headers: request(adding: [("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA==")]))
        #expect(status(result)?.status == 400)
    }

    private func negotiated(
        _ handshake: WebSocketHandshake, offered: [String]
    ) -> (subprotocol: String?, header: String?)? {
        let extra = offered.map { (name: "Sec-WebSocket-Protocol", value: $0) }
        let result = handshake.evaluate(method: "GET", httpVersion: "HTTP/1.1", headers: request(adding: extra))
        guard case .accepted(let headers, let subprotocol) = result else { return nil }
        return (subprotocol, headers.first { $0.name == "Sec-WebSocket-Protocol" }?.value)
    }

    @Test("Subprotocol: first supported in server preference order wins, and is echoed")
    func serverPreference() {
        let handshake = WebSocketHandshake(supportedSubprotocols: ["v2.chat", "v1.chat"])
        let result = negotiated(handshake, offered: ["v1.chat, v2.chat", "other"])
        #expect(result?.subprotocol == "v2.chat")
        #expect(result?.header == "v2.chat")
    }

    @Test("Subprotocol: none in common, or none offered, means no header")
    func noCommonSubprotocol() {
        let handshake = WebSocketHandshake(supportedSubprotocols: ["mqtt"])
        #expect(negotiated(handshake, offered: ["chat"])?.subprotocol == nil)
        #expect(negotiated(handshake, offered: ["chat"])?.header == nil)
        #expect(negotiated(handshake, offered: [])?.header == nil)
    }

    @Test("Subprotocol: a selection closure chooses; unoffered answers are ignored")
    func closureSelection() {
        let pickLast = WebSocketHandshake(selectSubprotocol: { $0.last })
        #expect(negotiated(pickLast, offered: ["a, b, c"])?.subprotocol == "c")
        let rogue = WebSocketHandshake(selectSubprotocol: { _ in "not-offered" })
        #expect(negotiated(rogue, offered: ["a"])?.subprotocol == nil)
    }

    @Test("Malformed or duplicate Sec-WebSocket-Protocol is 400", arguments: ["a b", "chat, chat", "\"quoted\""])
    func malformedSubprotocol(value: String) {
        let result = WebSocketHandshake().evaluate(
            method: "GET", httpVersion: "HTTP/1.1", headers: request(adding: [("Sec-WebSocket-Protocol", value)]))
        #expect(status(result)?.status == 400)
        #expect(status(result)?.reason == "Invalid Sec-WebSocket-Protocol header")
    }
}
