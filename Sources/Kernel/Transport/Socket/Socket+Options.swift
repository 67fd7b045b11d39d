import CSystem
import Glibc

/// Socket options used by servers (`setsockopt(2)`).
extension Socket {
    /// `SO_REUSEADDR`: rebind a port whose old connections are in TIME_WAIT.
    public func setReuseAddress(_ enabled: Bool) throws(SocketError) {
        try setOption(level: SOL_SOCKET, name: SO_REUSEADDR, value: enabled ? 1 : 0, label: "SO_REUSEADDR")
    }

    /// `SO_REUSEPORT`: several sockets may bind the same port (kernel load-balances).
    public func setReusePort(_ enabled: Bool) throws(SocketError) {
        try setOption(level: SOL_SOCKET, name: SO_REUSEPORT, value: enabled ? 1 : 0, label: "SO_REUSEPORT")
    }

    /// `TCP_NODELAY`: disable Nagle so small responses leave immediately.
    public func setNoDelay(_ enabled: Bool) throws(SocketError) {
        try setOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: enabled ? 1 : 0, label: "TCP_NODELAY")
    }

    /// `IPV6_V6ONLY`: an IPv6 listener refuses IPv4-mapped clients.
    public func setIPv6Only(_ enabled: Bool) throws(SocketError) {
        try setOption(level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, value: enabled ? 1 : 0, label: "IPV6_V6ONLY")
    }

    /// Sets an integer option.
    public func setOption(level: Int32, name: Int32, value: Int32, label: String = "setsockopt") throws(SocketError) {
        var value = value
        let result = setsockopt(descriptor, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        guard result == 0 else { throw .lastError("setsockopt(\(label))") }
    }

    /// Reads an integer option.
    public func option(level: Int32, name: Int32) throws(SocketError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, level, name, &value, &length) == 0 else { throw .lastError("getsockopt") }
        return value
    }
}
