import Kernel
import Plugins

/// The five headers of the @fastify/helmet tests' H5 set.
let h5: [String: String] = [
    "x-dns-prefetch-control": "off", "x-frame-options": "SAMEORIGIN", "x-download-options": "noopen",
    "x-content-type-options": "nosniff", "x-xss-protection": "0",
]

/// Helmet 8's default CSP as a set of directives.
let defaultCSP: Set<String> = [
    "default-src 'self'", "base-uri 'self'", "font-src 'self' https: data:", "form-action 'self'", "frame-ancestors 'self'",
    "img-src 'self' data:", "object-src 'none'", "script-src 'self'", "script-src-attr 'none'",
    "style-src 'self' https: 'unsafe-inline'", "upgrade-insecure-requests",
]

/// Helmet 8.3's default CSP header, in its emission order.
let helmetDefaultCSPString = "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests"

extension InjectResponse {
    /// Which of the H5 headers are present with their expected values.
    var presentH5: Set<String> { Set(h5.filter { headers[$0.key] == $0.value }.keys) }

    /// The CSP header as a set of directives.
    var cspDirectives: Set<String>? {
        headers["content-security-policy"].map { Set($0.split(separator: ";").map(String.init)) }
    }
}

/// The nonces a handler saw, sent back as `script|style`.
func nonceEcho(_ request: Request, _ reply: inout Reply) {
    let nonces = request[.cspNonces]
    reply.send(nonces.map { "\($0.script)|\($0.style)" } ?? "none")
}
