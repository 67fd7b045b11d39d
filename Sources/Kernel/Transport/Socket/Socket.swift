import CSystem
import Glibc
import Synchronization

/// An owned socket file descriptor: non-blocking and close-on-exec by default,
/// closed exactly once (explicitly or on deinit).
///
/// ```swift
/// let listener = try Socket(family: .ipv4)
/// try listener.setReuseAddress(true)
/// try listener.bind(to: SocketAddress(host: "127.0.0.1", port: 0))
/// try listener.listen()
/// let port = try listener.localAddress().port
/// ```
///
/// Sendable without `@unchecked`: the descriptor sits in an `Atomic`, and
/// `close()` swaps it to -1 so two threads can never both close it.
public final class Socket: Sendable {
    private let storedDescriptor: Atomic<Int32>

    /// The file descriptor, or -1 after `close()`/`takeDescriptor()`.
    public var descriptor: Int32 { storedDescriptor.load(ordering: .relaxed) }

    /// Takes ownership of an existing descriptor.
    public init(descriptor: Int32) {
        storedDescriptor = Atomic(descriptor)
    }

    /// Creates a TCP socket for `family`.
    /// - Parameter blocking: `false` (default) sets `SOCK_NONBLOCK`.
    public convenience init(family: SocketAddress.Family, blocking: Bool = false) throws(SocketError) {
        let domain = family == .ipv4 ? AF_INET : AF_INET6
        let type = blocking
            ? Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
            : Int32(CSYSTEM_SOCK_STREAM_NONBLOCK_CLOEXEC)
        let fd = Glibc.socket(domain, type, 0)
        guard fd >= 0 else { throw .lastError("socket") }
        self.init(descriptor: fd)
    }

    /// A connected `AF_UNIX` stream pair (non-blocking unless `blocking`).
    public static func makePair(blocking: Bool = false) throws(SocketError) -> (Socket, Socket) {
        var fds: [Int32] = [-1, -1]
        let type = Int32(SOCK_STREAM.rawValue) | (blocking ? Int32(SOCK_CLOEXEC.rawValue) : Int32(CSYSTEM_SOCK_NONBLOCK_CLOEXEC))
        guard socketpair(AF_UNIX, type, 0, &fds) == 0 else { throw .lastError("socketpair") }
        return (Socket(descriptor: fds[0]), Socket(descriptor: fds[1]))
    }

    deinit { close() }

    /// Closes the descriptor; later calls do nothing.
    public func close() {
        let fd = storedDescriptor.exchange(-1, ordering: .acquiringAndReleasing)
        if fd >= 0 { _ = Glibc.close(fd) }
    }

    /// Gives up ownership: returns the descriptor and leaves this value closed.
    public func takeDescriptor() -> Int32 {
        storedDescriptor.exchange(-1, ordering: .acquiringAndReleasing)
    }

    /// `bind(2)`.
    public func bind(to address: SocketAddress) throws(SocketError) {
        let fd = descriptor
        let result = address.withSockAddr { Glibc.bind(fd, $0, $1) }
        guard result == 0 else { throw .lastError("bind") }
    }

    /// `listen(2)` with `backlog` pending connections.
    public func listen(backlog: Int32 = 1024) throws(SocketError) {
        guard Glibc.listen(descriptor, backlog) == 0 else { throw .lastError("listen") }
    }

    /// `accept4(2)` with `SOCK_NONBLOCK | SOCK_CLOEXEC`; `nil` when no
    /// connection is pending (`EAGAIN`) or it was aborted before accept.
    public func accept() throws(SocketError) -> Socket? {
        while true {
            let fd = csystem_accept4(descriptor, nil, nil, Int32(CSYSTEM_SOCK_NONBLOCK_CLOEXEC))
            if fd >= 0 { return Socket(descriptor: fd) }
            let code = csystem_errno()
            if code == EINTR { continue }
            if SocketError.isWouldBlock(code) || code == ECONNABORTED { return nil }
            throw SocketError(code: .syscallFailed, syscall: "accept4", errno: code)
        }
    }

    /// `connect(2)`; on a non-blocking socket `EINPROGRESS` is not an error.
    public func connect(to address: SocketAddress) throws(SocketError) {
        let fd = descriptor
        while true {
            let result = address.withSockAddr { Glibc.connect(fd, $0, $1) }
            if result == 0 { return }
            let code = csystem_errno()
            if code == EINTR { continue }
            if code == EINPROGRESS { return }
            throw SocketError(code: .syscallFailed, syscall: "connect", errno: code)
        }
    }

    /// `getsockname(2)`: the bound address (the real port after binding port 0).
    public func localAddress() throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard result == 0 else { throw .lastError("getsockname") }
        return try SocketAddress(storage: storage)
    }
}
