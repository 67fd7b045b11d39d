import Testing
@testable import Kernel

@Suite("SocketAddress parsing")
struct SocketAddressTests {
    @Test("numeric IPv4, IPv6, wildcard and localhost parse", arguments: [
        ("127.0.0.1", SocketAddress.Family.ipv4, "127.0.0.1"),
        ("0.0.0.0", .ipv4, "0.0.0.0"),
        ("localhost", .ipv4, "127.0.0.1"),
        ("::1", .ipv6, "::1"),
        ("::", .ipv6, "::"),
        ("[::1]", .ipv6, "::1"),
    ])
    func parses(input: String, family: SocketAddress.Family, host: String) throws {
        let address = try SocketAddress(host: input, port: 8080)
        #expect(address.family == family)
        #expect(address.host == host)
        #expect(address.port == 8080)
    }

    @Test("description brackets IPv6")
    func description() throws {
        #expect(try SocketAddress(host: "::1", port: 80).description == "[::1]:80")
        #expect(try SocketAddress(host: "10.0.0.1", port: 1).description == "10.0.0.1:1")
    }

    @Test("garbage is rejected with invalidAddress", arguments: ["example.com", "256.1.1.1", "", "::g"])
    func rejects(input: String) {
        #expect(throws: SocketError.self) { try SocketAddress(host: input, port: 1) }
        do {
            _ = try SocketAddress(host: input, port: 1)
        } catch {
            #expect(error.code == .invalidAddress)
        }
    }
}
