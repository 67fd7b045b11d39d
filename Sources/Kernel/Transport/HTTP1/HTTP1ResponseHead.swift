/// A response head to serialize: status, optional custom reason phrase, and fields.
/// Framing fields (`Content-Length`, `Transfer-Encoding`) are owned by the serializer and
/// dropped from `headers`.
public struct HTTP1ResponseHead: Hashable, Sendable {
    /// The three-digit status code (100...999).
    public var status: Int
    /// A custom reason phrase; nil uses the registered one (or none for unknown codes).
    public var reason: String?
    /// Fields in order; names are validated as tokens and values must not contain CR, LF or NUL.
    public var headers: [HTTP1HeaderField]

    /// Creates a response head.
    public init(status: Int, reason: String? = nil, headers: [HTTP1HeaderField] = []) {
        self.status = status
        self.reason = reason
        self.headers = headers
    }
}

/// A header field the serializer can write: a name and a value. ``HTTP1HeaderField`` is one, and so is a
/// kernel reply's header field, so a reply's headers are serialized where they are, with no copy.
public protocol HTTP1ResponseField {
    /// The field name; it must be a token.
    var name: String { get }
    /// The field value; it must not hold CR, LF, NUL or another control character.
    var value: String { get }
}

extension HTTP1HeaderField: HTTP1ResponseField {}

/// How the response body will be delimited.
public enum HTTP1ResponseFraming: Hashable, Sendable {
    /// The body is exactly this many bytes.
    case contentLength(Int)
    /// The body is streamed with the chunked coding (close-delimited for HTTP/1.0 clients).
    case chunked
}

/// The facts about the request that shape its response.
public struct HTTP1ResponseContext: Hashable, Sendable {
    /// The request method (`HEAD` suppresses the body; `CONNECT` 2xx suppresses framing).
    public var requestMethod: String
    /// The request's version (HTTP/1.0 clients get no chunked coding).
    public var requestVersion: HTTP1Version
    /// Whether the server intends to keep the connection open after this response.
    public var keepAlive: Bool

    /// Creates a context; `init(for:)` derives it from a parsed request head.
    public init(requestMethod: String = "GET", requestVersion: HTTP1Version = .http1_1, keepAlive: Bool = true) {
        self.requestMethod = requestMethod
        self.requestVersion = requestVersion
        self.keepAlive = keepAlive
    }

    /// The context of a parsed request.
    public init(for request: HTTP1RequestHead) {
        self.init(requestMethod: request.method, requestVersion: request.version, keepAlive: request.keepAlive)
    }
}

/// What the caller must do after the head was written.
public struct HTTP1ResponseWritePlan: Hashable, Sendable {
    /// Whether body bytes may follow (false for HEAD, 1xx, 204, 304 and CONNECT 2xx).
    public var bodyAllowed: Bool
    /// Whether the body must be sent with `writeChunk` / `writeLastChunk`.
    public var chunked: Bool
    /// Whether the connection must be closed after the response (the head says `Connection: close`).
    public var closeConnection: Bool
}

/// A response head that cannot be written safely.
public struct HTTP1SerializeError: Error, Hashable, Sendable {
    enum Kind: Hashable, Sendable { case invalidStatus, invalidReason, invalidHeaderName, invalidHeaderValue }
    let kind: Kind

    /// The status is not in 100...999.
    public static let invalidStatus = Self(kind: .invalidStatus)
    /// The reason phrase contains CR, LF or another control character.
    public static let invalidReason = Self(kind: .invalidReason)
    /// A field name is empty or not a token.
    public static let invalidHeaderName = Self(kind: .invalidHeaderName)
    /// A field value contains CR, LF, NUL or another control character.
    public static let invalidHeaderValue = Self(kind: .invalidHeaderValue)
}
