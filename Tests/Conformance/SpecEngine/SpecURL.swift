/// An absolute URL from a spec (`http`, `https`, `ws` or `wss`), split the way a client needs it.
///
/// ```swift
/// let url = try SpecURL(parsing: "http://localhost:3001/api/v1/projects?page=2#top")
/// url.target       // "/api/v1/projects?page=2"
/// url.hostHeader   // "localhost:3001"
/// ```
struct SpecURL: Sendable, Equatable, CustomStringConvertible {
    /// The URL as written.
    var text: String
    /// The scheme, lowercased; `http` when the URL had none (as curl assumes).
    var scheme: String
    /// The host as written; an IPv6 literal keeps its brackets.
    var host: String
    /// The port, when written.
    var port: Int?
    /// The path, `/` when empty.
    var path: String
    /// The raw query string without `?`, when present.
    var query: String?

    /// The request target: path plus query, without the fragment.
    var target: String { path + (query.map { "?" + $0 } ?? "") }
    /// The port to connect to: the written one or the scheme's default.
    var effectivePort: Int { port ?? defaultPort }
    /// The `Host` header a client sends: host plus the port unless it is the scheme's default.
    var hostHeader: String { port.map { $0 == defaultPort ? host : "\(host):\($0)" } ?? host }
    /// The URL as written.
    var description: String { text }

    private var defaultPort: Int { scheme == "https" || scheme == "wss" ? 443 : 80 }

    /// Parses an absolute URL; userinfo, unknown schemes, spaces and bad ports are errors.
    init(parsing text: String) throws(SpecSyntaxError) {
        self.text = text
        var rest = Substring(text)
        if let marker = rest.firstRange(of: "://") {
            scheme = rest[..<marker.lowerBound].lowercased()
            rest = rest[marker.upperBound...]
        } else {
            scheme = "http"
        }
        guard ["http", "https", "ws", "wss"].contains(scheme) else { throw SpecSyntaxError(message: "unsupported URL scheme '\(scheme)' in \(text)") }
        guard !text.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }) else {
            throw SpecSyntaxError(message: "URL contains whitespace or control characters: \(text)")
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        guard !authority.contains("@") else { throw SpecSyntaxError(message: "userinfo in URL is not supported (use -u): \(text)") }
        var hostPart = authority, portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw SpecSyntaxError(message: "unclosed IPv6 literal in \(text)") }
            hostPart = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw SpecSyntaxError(message: "bad authority in \(text)") }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { throw SpecSyntaxError(message: "URL has no host: \(text)") }
        host = String(hostPart)
        if let portPart {
            guard let value = Int(portPart), (1...65535).contains(value), portPart.allSatisfy(\.isNumber) else {
                throw SpecSyntaxError(message: "bad port '\(portPart)' in \(text)")
            }
            port = value
        }
        if let mark = rest.firstIndex(of: "?") {
            path = String(rest[..<mark])
            query = String(rest[rest.index(after: mark)...])
        } else {
            path = String(rest)
        }
        if path.isEmpty { path = "/" }
    }

    /// The same URL with `scheme://host:port` replaced, keeping path and query (for a live server under test).
    func rebased(scheme newScheme: String, host newHost: String, port newPort: Int?) -> SpecURL {
        var copy = self
        copy.scheme = newScheme
        copy.host = newHost
        copy.port = newPort
        copy.text = "\(newScheme)://\(newHost)\(newPort.map { ":\($0)" } ?? "")\(target)"
        return copy
    }
}
