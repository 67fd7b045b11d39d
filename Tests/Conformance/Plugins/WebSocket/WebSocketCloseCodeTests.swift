import Testing

@testable import Plugins

/// Which close codes a peer may send (RFC 6455 §7.4 and the IANA registry).
@Suite("WebSocket close codes")
struct WebSocketCloseCodeTests {
    @Test("Named codes have their RFC numbers")
    func namedCodes() {
        #expect(WebSocketCloseCode.normal.rawValue == 1000)
        #expect(WebSocketCloseCode.goingAway.rawValue == 1001)
        #expect(WebSocketCloseCode.protocolError.rawValue == 1002)
        #expect(WebSocketCloseCode.unsupportedData.rawValue == 1003)
        #expect(WebSocketCloseCode.invalidPayload.rawValue == 1007)
        #expect(WebSocketCloseCode.policyViolation.rawValue == 1008)
        #expect(WebSocketCloseCode.messageTooBig.rawValue == 1009)
        #expect(WebSocketCloseCode.internalError.rawValue == 1011)
        #expect(WebSocketCloseCode.protocolError.description == "1002 (protocolError)")
    }

    @Test("Valid on the wire: 1000-1003, 1007-1014, 3000-4999", arguments: [
        1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999,
    ] as [UInt16])
    func validCodes(code: UInt16) {
        #expect(WebSocketCloseCode(rawValue: code).isValidOnWire)
    }

    @Test("Invalid on the wire: <1000, 1004-1006, 1015, 1016-2999, >=5000", arguments: [
        0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535,
    ] as [UInt16])
    func invalidCodes(code: UInt16) {
        #expect(!WebSocketCloseCode(rawValue: code).isValidOnWire)
    }
}
