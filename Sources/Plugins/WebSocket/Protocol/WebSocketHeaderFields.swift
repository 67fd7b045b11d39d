/// Read-only view of request header fields for the handshake: case-insensitive
/// lookup, HTTP list parsing (RFC 9110 §5.6.1) and token checks.
struct WebSocketHeaderFields {
    private let fields: [(name: String, value: String)]

    init(_ fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    /// Every value of the field named `lowercasedName`, in order.
    func values(_ lowercasedName: String) -> [String] {
        fields.compactMap { field in
            field.name.lowercased() == lowercasedName ? field.value : nil
        }
    }

    /// The comma-separated elements of every value of a field, trimmed, empty ones dropped.
    func listTokens(_ lowercasedName: String) -> [String] {
        values(lowercasedName).flatMap { value in
            value.split(separator: ",", omittingEmptySubsequences: false)
                .map { Self.trimmed(String($0)) }
                .filter { !$0.isEmpty }
        }
    }

    /// The offered subprotocols in client order; `nil` when an element is not
    /// an HTTP token or appears twice (RFC 6455 §4.1 requires unique tokens).
    func subprotocols() -> [String]? {
        let offered = listTokens("sec-websocket-protocol")
        var seen = Set<String>()
        for name in offered {
            guard Self.isToken(name), seen.insert(name).inserted else { return nil }
        }
        return offered
    }

    /// `value` without leading and trailing spaces and tabs (HTTP optional whitespace).
    static func trimmed(_ value: String) -> String {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = value.firstIndex(where: { !isWhitespace($0) }),
            let end = value.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(value[start...end])
    }

    /// Whether `value` is a non-empty RFC 9110 token (`tchar`s only).
    static func isToken(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.allSatisfy(isTokenCharacter)
    }

    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
