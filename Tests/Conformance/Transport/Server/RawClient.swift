import Foundation
import Glibc
import Kernel

/// Runs blocking socket calls on their own thread, so they never tie up Swift's cooperative pool
/// (two threads on this machine), which the rest of the suite shares.
func blocking<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

/// Why a test client could not connect.
struct ConnectError: Error, CustomStringConvertible {
    let description: String
}

/// A blocking loopback client for transport tests: sends raw bytes, reads raw responses.
// @unchecked Sendable: each test uses its client from one task at a time; reads run on a helper thread.
final class RawClient: @unchecked Sendable {
    let fd: Int32

    init(port: Int, host: String = "127.0.0.1", receiveTimeout: Int = 3) throws {
        let isV6 = host.contains(":")
        fd = socket(isV6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: receiveTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var result: Int32
        if isV6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, host, &address.sin_addr)
            result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw ConnectError(description: "connect to \(host):\(port) failed: \(String(cString: strerror(code)))")
        }
    }

    deinit { close(fd) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) { _ = trySend(bytes) }

    /// Sends all of `bytes`; `false` when the connection failed first (the server reset or closed it).
    func trySend(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Reads until the peer closes or the receive timeout passes.
    func readAll() async -> String { await blocking { self.readAllBlocking() } }

    /// Reads until `count` responses arrived.
    func readResponses(_ count: Int) async -> [String] { await blocking { self.readResponsesBlocking(count) } }

    /// Whether the server closed the connection.
    func isClosedByPeer() async -> Bool { await blocking { self.isClosedByPeerBlocking() } }

    /// Reads raw bytes until the peer closes or the receive timeout passes.
    func readAllBytes() async -> [UInt8] { await blocking { self.readAllBytesBlocking() } }

    private func readAllBlocking() -> String { String(decoding: readAllBytesBlocking(), as: UTF8.self) }

    private func readAllBytesBlocking() -> [UInt8] {
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            collected += buffer[..<count]
        }
        return collected
    }

    /// Reads until `count` complete responses (Content-Length framed) have arrived, or the timeout passes.
    private func readResponsesBlocking(_ count: Int) -> [String] {
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let responses = Self.split(collected)
            if responses.count >= count { return responses }
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if got <= 0 { return responses }
            collected += buffer[..<got]
        }
    }

    /// Whether the server has closed the connection (a read returns end-of-stream).
    private func isClosedByPeerBlocking() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }

    /// Splits a byte stream into complete responses using their Content-Length.
    static func split(_ bytes: [UInt8]) -> [String] {
        var responses: [String] = []
        var rest = bytes[...]
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while let end = rest.firstRange(of: separator) {
            let head = String(decoding: rest[rest.startIndex..<end.lowerBound], as: UTF8.self)
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: " ")) } ?? 0
            let bodyEnd = end.upperBound + (head.hasPrefix("HTTP/1.1 1") ? 0 : length)
            guard bodyEnd <= rest.endIndex else { break }
            responses.append(String(decoding: rest[rest.startIndex..<bodyEnd], as: UTF8.self))
            rest = rest[bodyEnd...]
        }
        return responses
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> Substring {
        var result = self
        while result.first == set { result = result.dropFirst() }
        while result.last == set { result = result.dropLast() }
        return result
    }
}

/// Starts `app` on an ephemeral loopback port with short test timeouts.
func startServer(_ app: Application, configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> Int {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
    configuration.loopCount = 2
    configure(&configuration)
    return try await app.listen(configuration)
}
