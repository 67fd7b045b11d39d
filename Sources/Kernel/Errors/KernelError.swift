/// An error the kernel raises, carrying a stable ``ErrorCode``.
///
/// ```swift
/// do { try app.get("/a") { _, _ in } } catch let error as KernelError {
///     error.code == .duplicatedRoute
/// }
/// ```
public struct KernelError: Error, HTTPResponseError, CustomStringConvertible {
    /// The stable code.
    public let code: ErrorCode
    /// The human-readable message.
    public let message: String
    /// The error that caused this one, if any.
    public let underlying: (any Error)?

    /// An error with the code's default message.
    public init(_ code: ErrorCode, underlying: (any Error)? = nil) {
        self.code = code
        self.message = code.message
        self.underlying = underlying
    }

    /// An error with a message filled from the code's template.
    public init(_ code: ErrorCode, _ arguments: String..., underlying: (any Error)? = nil) {
        self.code = code
        self.message = ErrorCode.fill(code.message, arguments)
        self.underlying = underlying
    }

    /// An error with a message written out in full.
    public init(_ code: ErrorCode, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The code's status.
    public var status: HTTPStatus { code.status }
    /// The code's string.
    public var errorCode: String? { code.rawValue }
    /// `CODE: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
