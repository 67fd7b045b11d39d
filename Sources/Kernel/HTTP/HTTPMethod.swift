/// An HTTP request method: an open set of tokens with the well-known ones as constants.
///
/// ```swift
/// let method: HTTPMethod = .get
/// method.rawValue          // "GET"
/// ```
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method token as it appears on the request line, e.g. `GET`.
    public let rawValue: String

    /// Creates a method from its token (case-sensitive, as RFC 9110 requires).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a method from its token.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The token.
    public var description: String { rawValue }

    /// `GET`.
    public static let get = HTTPMethod("GET")
    /// `HEAD`.
    public static let head = HTTPMethod("HEAD")
    /// `POST`.
    public static let post = HTTPMethod("POST")
    /// `PUT`.
    public static let put = HTTPMethod("PUT")
    /// `PATCH`.
    public static let patch = HTTPMethod("PATCH")
    /// `DELETE`.
    public static let delete = HTTPMethod("DELETE")
    /// `OPTIONS`.
    public static let options = HTTPMethod("OPTIONS")
    /// `TRACE`.
    public static let trace = HTTPMethod("TRACE")
    /// `CONNECT`.
    public static let connect = HTTPMethod("CONNECT")

    /// The methods `all(...)` registers and the router accepts, as Fastify's shorthand list.
    public static let supported: [HTTPMethod] = [.get, .head, .post, .put, .patch, .delete, .options, .trace]

    /// Whether the kernel parses a body for this method (GET, HEAD and TRACE never carry one).
    public var carriesBody: Bool {
        self != .get && self != .head && self != .trace && self != .connect
    }
}
