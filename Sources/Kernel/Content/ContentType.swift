/// A media type with its parameters (RFC 9110 §8.3.1), e.g. `application/json; charset=utf-8`.
public struct ContentType: Sendable, Equatable {
    /// `type/subtype`, lowercased, or `""` when the header is not a media type.
    public let mediaType: String
    /// The parameters, names lowercased, values unquoted.
    public let parameters: [(name: String, value: String)]

    /// Parses a `Content-Type` value; an unparsable value has an empty ``mediaType``.
    public init(parsing text: String) {
        var parts = text.split(separator: ";", omittingEmptySubsequences: false)[...]
        let essence = parts.popFirst().map { String($0.trimmingSpaces()).lowercasedASCII() } ?? ""
        mediaType = Self.isMediaType(essence) ? essence : ""
        var parameters: [(String, String)] = []
        for part in parts {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = String(part[..<equals].trimmingSpaces()).lowercasedASCII()
            var value = part[part.index(after: equals)...].trimmingSpaces()
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            parameters.append((name, String(value)))
        }
        self.parameters = parameters
    }

    /// Whether the header was a valid `type/subtype`.
    public var isValid: Bool { !mediaType.isEmpty }

    /// The `charset` parameter, if any.
    public var charset: String? { parameters.first { $0.name == "charset" }?.value }

    /// Whether the media type is JSON (`application/json` or `+json`).
    public var isJSON: Bool { mediaType == "application/json" || mediaType.hasSuffix("+json") }

    /// Equal when the media types and the parameters, in order, are equal.
    public static func == (lhs: ContentType, rhs: ContentType) -> Bool {
        lhs.mediaType == rhs.mediaType && lhs.parameters.elementsEqual(rhs.parameters) { $0 == $1 }
    }

    private static func isMediaType(_ text: String) -> Bool {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2 else { return false }
        return pieces.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy(isTokenByte) }
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}

extension String {
    /// The string with ASCII capitals lowercased.
    func lowercasedASCII() -> String { HTTPHeaders.normalize(self) }
}
