/// An error that knows how it should look as a response.
///
/// Conform your own errors to choose their status, code and headers; anything else becomes a 500.
public protocol HTTPResponseError: Error {
    /// The response status.
    var status: HTTPStatus { get }
    /// The `code` field of the error body, if any.
    var errorCode: String? { get }
    /// The `message` field of the error body.
    var message: String { get }
    /// Headers the default error handler adds to the response.
    var headers: HTTPHeaders { get }
}

extension HTTPResponseError {
    /// No code by default.
    public var errorCode: String? { nil }
    /// No extra headers by default.
    public var headers: HTTPHeaders { HTTPHeaders() }
}

/// A user-facing HTTP error: a status, a message and optional headers.
///
/// ```swift
/// throw HTTPError(.notFound, message: "project 42 not found")
/// throw HTTPError(.unauthorized, headers: ["WWW-Authenticate": "Bearer"])
/// ```
public struct HTTPError: HTTPResponseError, CustomStringConvertible {
    /// The response status.
    public var status: HTTPStatus
    /// The `message` of the error body; the reason phrase when not given.
    public var message: String
    /// The `code` of the error body.
    public var errorCode: String?
    /// Headers added to the error response.
    public var headers: HTTPHeaders

    /// Creates an error.
    public init(_ status: HTTPStatus, code: String? = nil, message: String? = nil, headers: HTTPHeaders = [:]) {
        self.status = status
        self.errorCode = code
        self.message = message ?? status.reasonPhrase
        self.headers = headers
    }

    /// `404 Not Found: message`.
    public var description: String { "\(status): \(message)" }
}

/// A thrown value that is not an error in the usual sense, kept for the default error body.
///
/// Fastify sends a thrown plain object as the body of a 500; `throw ThrownValue(json: ...)` does the same.
public struct ThrownValue: Error {
    /// The value to send.
    public let payload: ReplyPayload
    /// Wraps a string, which is sent as a text 500.
    public init(_ text: String) { payload = .text(text) }
    /// Wraps an encodable value, sent as a JSON 500.
    public init(json value: some Encodable & Sendable) { payload = .json(value) }
}
