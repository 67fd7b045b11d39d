import CSystem
import Glibc

/// Synchronous I/O on a `Socket`: for blocking sockets (test clients, tools)
/// or as the single-attempt primitive under `AsyncConnection`.
extension Socket {
    /// One `read(2)`: bytes read (0 = end of stream) or `nil` on `EAGAIN`.
    public func readSome(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int? {
        try Socket.readSome(descriptor, into: buffer)
    }

    /// Writes all bytes; on a blocking socket this returns when done.
    /// Returns the count written before `EAGAIN` on a non-blocking one.
    @discardableResult
    public func writeSome(_ bytes: UnsafeRawBufferPointer) throws(SocketError) -> Int {
        var offset = 0
        while offset < bytes.count {
            guard let n = try Socket.writeSome(descriptor, UnsafeRawBufferPointer(rebasing: bytes[offset...])) else {
                return offset
            }
            offset += n
        }
        return offset
    }

    /// Blocking-socket convenience: writes every byte of `bytes`.
    public func writeAll(_ bytes: [UInt8]) throws(SocketError) {
        let written = try bytes.withUnsafeBytes { raw in
            Result { () throws(SocketError) -> Int in try writeSome(raw) }
        }.get()
        if written < bytes.count { throw SocketError(code: .syscallFailed, syscall: "write", errno: EAGAIN) }
    }

    /// Blocking-socket convenience: reads exactly `count` bytes (fewer on EOF).
    public func readExactly(_ count: Int) throws(SocketError) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = try result.withUnsafeMutableBytes { raw in
                Result { () throws(SocketError) -> Int? in
                    try readSome(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
                }
            }.get()
            guard let n, n > 0 else { break }
            filled += n
        }
        return Array(result[0..<filled])
    }

    /// `shutdown(2)` of the write side (sends FIN).
    public func shutdownWrite() throws(SocketError) {
        guard Glibc.shutdown(descriptor, Int32(SHUT_WR)) == 0 else { throw .lastError("shutdown") }
    }

    // MARK: - Descriptor-level primitives (shared with AsyncConnection)

    /// `recv(2)` retrying `EINTR`; `nil` on `EAGAIN`. Not `read(2)`: on a socket that also goes through the
    /// file layer (position lock check, permission hook, access notification) for nothing, on every request.
    @inline(__always)
    static func readSome(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int? {
        while true {
            let n = Glibc.recv(fd, buffer.baseAddress, buffer.count, 0)
            if n >= 0 { return n }
            let code = csystem_errno()
            if code == EINTR { continue }
            if SocketError.isWouldBlock(code) { return nil }
            throw SocketError(code: .syscallFailed, syscall: "recv", errno: code)
        }
    }

    /// `send(2)` with `MSG_NOSIGNAL` (no SIGPIPE) retrying `EINTR`; `nil` on `EAGAIN`.
    @inline(__always)
    static func writeSome(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SocketError) -> Int? {
        while true {
            let n = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return n }
            let code = csystem_errno()
            if code == EINTR { continue }
            if SocketError.isWouldBlock(code) { return nil }
            throw SocketError(code: .syscallFailed, syscall: "send", errno: code)
        }
    }
}
