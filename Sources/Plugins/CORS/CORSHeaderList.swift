/// A header value given either verbatim (`"GET,HEAD,POST"`) or as a list joined with `", "`.
///
/// ```swift
/// let verbatim: CORSHeaderList = "GET,HEAD,POST"   // sent as GET,HEAD,POST
/// let joined: CORSHeaderList = ["GET", "POST"]     // sent as GET, POST
/// ```
public struct CORSHeaderList: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    /// The header value as sent.
    public let value: String

    /// A value sent as given.
    public init(_ value: String) { self.value = value }

    /// Items joined with `", "`.
    public init(_ items: [String]) { value = items.joined(separator: ", ") }

    /// A value sent as given.
    public init(stringLiteral value: String) { self.init(value) }

    /// Items joined with `", "`.
    public init(arrayLiteral elements: String...) { self.init(elements) }

    /// Whether the value could be written as a header field value (no control characters).
    var isValidFieldValue: Bool {
        value.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
    }
}

/// The `Cache-Control` header of a preflight answer.
///
/// ```swift
/// let seconds: CORSCacheControl = 321          // Cache-Control: max-age=321
/// let custom: CORSCacheControl = "public, max-age=456"
/// ```
public enum CORSCacheControl: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    /// `max-age=<seconds>`.
    case maxAge(Int)
    /// Sent verbatim.
    case verbatim(String)

    /// `max-age=<value>`.
    public init(integerLiteral value: Int) { self = .maxAge(value) }

    /// Verbatim.
    public init(stringLiteral value: String) { self = .verbatim(value) }

    /// The header value.
    var headerValue: String {
        switch self {
        case .maxAge(let seconds): "max-age=\(seconds)"
        case .verbatim(let text): text
        }
    }
}
