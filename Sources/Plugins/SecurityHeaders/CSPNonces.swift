import Kernel

/// The per-request CSP nonces: 16 random bytes each from `SystemRandomNumberGenerator`, Base64-encoded.
///
/// Read them in a handler to mark inline scripts and styles:
///
/// ```swift
/// try app.get("/") { request, reply in
///     let nonce = request[.cspNonces]?.script ?? ""
///     reply.type("text/html")
///     reply.send("<script nonce=\"\(nonce)\">…</script>")
/// }
/// ```
public struct CSPNonces: Sendable, Equatable {
    /// The nonce for `script-src*` directives.
    public let script: String
    /// The nonce for `style-src*` directives.
    public let style: String

    /// Two fresh nonces.
    public static func generate() -> CSPNonces {
        var generator = SystemRandomNumberGenerator()
        return CSPNonces(script: randomValue(using: &generator), style: randomValue(using: &generator))
    }

    /// Known values (for tests and for callers with their own source of randomness).
    public init(script: String, style: String) {
        self.script = script
        self.style = style
    }

    private static func randomValue(using generator: inout SystemRandomNumberGenerator) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for _ in 0..<2 {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Base64.encode(bytes)
    }
}

extension DecorationKey where Value == CSPNonces? {
    /// The request's CSP nonces; `nil` when the policy uses none (or the route has no security headers).
    public static var cspNonces: Self { .init("cspNonces") }
}
