import CSystem
import Glibc

/// An IPv4 or IPv6 socket address (host + port).
///
/// ```swift
/// let any = try SocketAddress(host: "0.0.0.0", port: 8080)
/// let loopback6 = try SocketAddress(host: "::1", port: 0)
/// ```
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address family this value holds.
    public enum Family: Sendable, Hashable {
        /// `AF_INET`.
        case ipv4
        /// `AF_INET6`.
        case ipv6
    }

    /// Raw `sockaddr_in` / `sockaddr_in6` bytes (network byte order inside).
    private var storage: [UInt8]

    /// The address family.
    public let family: Family

    /// Parses a numeric IPv4/IPv6 host, or `"localhost"` (→ 127.0.0.1).
    /// - Parameters:
    ///   - host: `"127.0.0.1"`, `"::1"`, `"0.0.0.0"`, `"::"`, `"localhost"`.
    ///   - port: a port number; 0 asks the kernel for an ephemeral one on bind.
    public init(host: String, port: UInt16) throws(SocketError) {
        let numeric = host == "localhost" ? "127.0.0.1" : host
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, numeric, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            self.init(ipv4: v4)
            return
        }
        var v6 = sockaddr_in6()
        let unbracketed = numeric.hasPrefix("[") && numeric.hasSuffix("]")
            ? String(numeric.dropFirst().dropLast()) : numeric
        if inet_pton(AF_INET6, unbracketed, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            self.init(ipv6: v6)
            return
        }
        throw SocketError(code: .invalidAddress, syscall: "inet_pton(\(host))")
    }

    /// Wraps an IPv4 `sockaddr_in`.
    public init(ipv4 address: sockaddr_in) {
        family = .ipv4
        storage = withUnsafeBytes(of: address) { Array($0) }
    }

    /// Wraps an IPv6 `sockaddr_in6`.
    public init(ipv6 address: sockaddr_in6) {
        family = .ipv6
        storage = withUnsafeBytes(of: address) { Array($0) }
    }

    /// Decodes a kernel-filled `sockaddr_storage` (from accept/getsockname).
    init(storage raw: sockaddr_storage) throws(SocketError) {
        var copy = raw
        switch Int32(raw.ss_family) {
        case AF_INET:
            let v4 = withUnsafeBytes(of: &copy) { $0.loadUnaligned(as: sockaddr_in.self) }
            self.init(ipv4: v4)
        case AF_INET6:
            let v6 = withUnsafeBytes(of: &copy) { $0.loadUnaligned(as: sockaddr_in6.self) }
            self.init(ipv6: v6)
        default:
            throw SocketError(code: .invalidAddress, syscall: "family \(raw.ss_family)")
        }
    }

    /// The port in host byte order.
    public var port: UInt16 {
        switch family {
        case .ipv4: UInt16(bigEndian: storage.withUnsafeBytes { $0.loadUnaligned(as: sockaddr_in.self) }.sin_port)
        case .ipv6: UInt16(bigEndian: storage.withUnsafeBytes { $0.loadUnaligned(as: sockaddr_in6.self) }.sin6_port)
        }
    }

    /// The numeric host (`"127.0.0.1"`, `"::1"`).
    public var host: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let ok: Bool = storage.withUnsafeBytes { raw in
            switch family {
            case .ipv4:
                var v4 = raw.loadUnaligned(as: sockaddr_in.self)
                return inet_ntop(AF_INET, &v4.sin_addr, &text, socklen_t(text.count)) != nil
            case .ipv6:
                var v6 = raw.loadUnaligned(as: sockaddr_in6.self)
                return inet_ntop(AF_INET6, &v6.sin6_addr, &text, socklen_t(text.count)) != nil
            }
        }
        guard ok else { return "?" }
        return text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// `"127.0.0.1:8080"` or `"[::1]:8080"`.
    public var description: String {
        family == .ipv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The `AF_*` constant for `socket(2)`.
    var domain: Int32 { family == .ipv4 ? AF_INET : AF_INET6 }

    /// Calls `body` with a `sockaddr` pointer and its length.
    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        storage.withUnsafeBytes { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
    }
}
