import CSystem
import Glibc

/// An error from the socket layer: a failed syscall (name + errno), or one of
/// the transport conditions (timeout, closed, shut down, bad address).
///
/// ```swift
/// do { _ = try await connection.read(into: buffer, deadline: .now + .seconds(5)) }
/// catch where error.code == .timedOut { /* idle keep-alive connection */ }
/// ```
public struct SocketError: Error, Hashable, CustomStringConvertible {
    /// What kind of failure this is; compare against the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case syscallFailed, timedOut, closed, loopShutDown, invalidAddress
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A syscall failed; see `SocketError.syscall` and `SocketError.errno`.
        public static let syscallFailed = Code(.syscallFailed)
        /// A read or write deadline passed before the socket was ready.
        public static let timedOut = Code(.timedOut)
        /// The socket was closed locally (or the listener stopped).
        public static let closed = Code(.closed)
        /// The owning event loop is shutting down.
        public static let loopShutDown = Code(.loopShutDown)
        /// An address string could not be parsed.
        public static let invalidAddress = Code(.invalidAddress)

        /// A short name for logs.
        public var description: String {
            switch base {
            case .syscallFailed: "syscallFailed"
            case .timedOut: "timedOut"
            case .closed: "closed"
            case .loopShutDown: "loopShutDown"
            case .invalidAddress: "invalidAddress"
            }
        }
    }

    /// The failure kind.
    public let code: Code
    /// The syscall that failed (`"accept4"`), or a short context string.
    public let syscall: String
    /// The errno value, or 0 when the failure is not a syscall's.
    public let errno: Int32

    /// Creates an error; prefer the static factories.
    public init(code: Code, syscall: String = "", errno: Int32 = 0) {
        self.code = code
        self.syscall = syscall
        self.errno = errno
    }

    /// The `strerror` text for `errno`, or the code's name.
    public var message: String {
        guard errno != 0, let text = strerror(errno) else { return code.description }
        return String(cString: text)
    }

    /// `"accept4 failed: Too many open files (errno 24)"`.
    public var description: String {
        switch code {
        case .syscallFailed: "\(syscall) failed: \(message) (errno \(errno))"
        default: syscall.isEmpty ? "SocketError.\(code)" : "SocketError.\(code) (\(syscall))"
        }
    }

    /// A deadline passed.
    public static let timedOut = SocketError(code: .timedOut)
    /// The socket was closed locally.
    public static let closed = SocketError(code: .closed)
    /// The event loop shut down while waiting.
    public static let loopShutDown = SocketError(code: .loopShutDown)

    /// Captures the calling thread's errno for the failed `syscall`.
    static func lastError(_ syscall: String) -> SocketError {
        SocketError(code: .syscallFailed, syscall: syscall, errno: csystem_errno())
    }

    /// True for `EAGAIN` / `EWOULDBLOCK`.
    static func isWouldBlock(_ errnoValue: Int32) -> Bool {
        errnoValue == EAGAIN || errnoValue == EWOULDBLOCK
    }
}
