import Kernel

/// Applies a ``WebSocketOriginPolicy`` to an upgrade request (§D: answer 403 when the origin is refused).
enum WebSocketOriginCheck {
    /// Whether `request` may open a socket under `policy`.
    static func allows(_ request: Request, policy: WebSocketOriginPolicy) async -> Bool {
        let origin = request.headers["origin"]
        switch policy {
        case .any:
            return true
        case .custom(let decide):
            return await decide(origin, request)
        case .sameOrigin:
            guard let origin else { return true }
            return isSameOrigin(origin, host: request.host)
        case .list(let origins, let allowMissing):
            guard let origin else { return allowMissing }
            if isSameOrigin(origin, host: request.host) { return true }
            let wanted = lowercased(origin)
            return origins.contains { lowercased($0) == wanted }
        case .automatic:
            guard let origin else { return true }
            if isSameOrigin(origin, host: request.host) { return true }
            guard let cors = request.scope[CORSOriginPolicy.key] else { return false }
            return await cors.allows(origin: origin, for: request)
        }
    }

    /// Whether the authority of `origin` (`scheme://host[:port]`) names `host` (the `Host` header),
    /// with default ports (80 for http/ws, 443 for https/wss) made explicit on both sides.
    static func isSameOrigin(_ origin: String, host: String) -> Bool {
        guard !host.isEmpty, let separator = origin.firstRange(of: "://") else { return false }
        let scheme = lowercased(String(origin[..<separator.lowerBound]))
        let authority = String(origin[separator.upperBound...])
        guard !authority.isEmpty, !authority.contains("/"), !authority.contains("@") else { return false }
        let defaultPort: String
        switch scheme {
        case "http", "ws": defaultPort = "80"
        case "https", "wss": defaultPort = "443"
        default: return false
        }
        return withPort(lowercased(authority), defaultPort) == withPort(lowercased(host), defaultPort)
    }

    /// `host` with `:port` appended when it has none (IPv6 literals in brackets included).
    private static func withPort(_ authority: String, _ port: String) -> String {
        if authority.hasPrefix("[") {
            return authority.hasSuffix("]") ? authority + ":" + port : authority
        }
        return authority.contains(":") ? authority : authority + ":" + port
    }

    /// ASCII lowercase.
    static func lowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
