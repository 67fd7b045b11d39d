import CSystem
import Glibc

/// Peer-side queries.
extension Socket {
    /// `getpeername(2)`: the connected peer's address.
    public func peerAddress() throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &length) }
        }
        guard result == 0 else { throw .lastError("getpeername") }
        return try SocketAddress(storage: storage)
    }
}
