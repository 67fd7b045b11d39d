import Foundation
import Kernel

/// Replays requests over a real TCP socket: to a server the test started, or to any live server.
///
/// It connects to `host:port` (not the spec URL's), sends the spec URL's target and headers
/// unchanged plus `Connection: close`, and reads the response until the server closes.
///
/// ```swift
/// let port = try await app.listen(host: "127.0.0.1", port: 0)
/// let report = await SpecReplayer(http: SocketTarget(host: "127.0.0.1", port: port)).run(cases)
/// ```
struct SocketTarget: HTTPTarget {
    let host: String
    let port: Int

    /// A target for `http://host:port` (what `CONFORMANCE_BASE_URL` holds).
    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// A target from a base URL such as `http://127.0.0.1:3001`.
    init(baseURL: String) throws {
        let url = try SpecURL(parsing: baseURL)
        self.init(host: url.host == "localhost" ? "127.0.0.1" : url.host, port: url.effectivePort)
    }

    func send(method: String, url: SpecURL, headers: [(String, String)], body: [UInt8]?) async throws
        -> (status: Int, headers: [(String, String)], body: [UInt8]) {
        var request = "\(method) \(url.target) HTTP/1.1\r\n"
        var names = Set<String>()
        for (name, value) in headers where name.lowercased() != "connection" {
            request += "\(name): \(value)\r\n"
            names.insert(name.lowercased())
        }
        if !names.contains("host") { request += "Host: \(url.hostHeader)\r\n" }
        if let body, !names.contains("content-length") { request += "Content-Length: \(body.count)\r\n" }
        request += "Connection: close\r\n\r\n"
        let client = try RawClient(port: port, host: host, receiveTimeout: 10)
        client.send(Array(request.utf8) + (body ?? []))
        let raw = await client.readAllBytes()
        return try HTTPResponseReader.parse(raw, method: method)
    }
}

/// Parses one HTTP/1.1 response read until the connection closed.
enum HTTPResponseReader {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ raw: [UInt8], method: String) throws -> (status: Int, headers: [(String, String)], body: [UInt8]) {
        var bytes = raw[...]
        // Skip interim 1xx responses (e.g. 100 Continue).
        while true {
            guard let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else {
                throw Malformed(description: raw.isEmpty ? "no response (connection closed)" : "incomplete response head")
            }
            let head = String(decoding: bytes[bytes.startIndex..<end.lowerBound], as: UTF8.self)
            let lines = head.components(separatedBy: "\r\n")
            let statusParts = lines[0].split(separator: " ", maxSplits: 2)
            guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
                throw Malformed(description: "not an HTTP/1.x status line: \(lines[0].prefix(80))")
            }
            bytes = bytes[end.upperBound...]
            if (100..<200).contains(status) && status != 101 { continue }
            var headers: [(String, String)] = []
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            let value = { (name: String) in headers.first { $0.0.lowercased() == name }?.1 }
            if method == "HEAD" || status == 204 || status == 304 { return (status, headers, []) }
            if value("transfer-encoding")?.lowercased().contains("chunked") == true {
                return (status, headers, try dechunk(bytes))
            }
            if let length = value("content-length").flatMap(Int.init) {
                return (status, headers, Array(bytes.prefix(length)))
            }
            return (status, headers, Array(bytes))
        }
    }

    private static func dechunk(_ input: ArraySlice<UInt8>) throws -> [UInt8] {
        var body: [UInt8] = []
        var rest = input
        while let lineEnd = rest.firstRange(of: Array("\r\n".utf8)) {
            let sizeText = String(decoding: rest[rest.startIndex..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText, radix: 16) else { throw Malformed(description: "bad chunk size") }
            if size == 0 { return body }
            let start = lineEnd.upperBound
            guard rest.endIndex - start >= size + 2 else { throw Malformed(description: "truncated chunk") }
            body += rest[start..<start + size]
            rest = rest[(start + size + 2)...]
        }
        return body
    }
}
