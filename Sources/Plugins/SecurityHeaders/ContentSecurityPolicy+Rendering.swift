import Kernel

/// A validated policy ready to render: the whole header precomputed when nothing depends on the request.
struct CompiledContentSecurityPolicy: Sendable {
    /// The header name (`content-security-policy` or its report-only twin).
    let headerName: String
    /// The header value when no directive needs the request.
    let fixedValue: String?
    /// The directives, with nonces expanded when the policy asks for them.
    private let directives: [(name: String, sources: [CSPSource])]
    /// Whether a request needs nonces generated.
    let usesNonces: Bool

    /// Validates `policy` and precomputes what it can. Throws ``SecurityHeadersError``.
    init(_ policy: ContentSecurityPolicy) throws(SecurityHeadersError) {
        try policy.validate()
        var expanded = policy
        if policy.nonces {
            for directive in [ContentSecurityPolicy.Directive.scriptSrc, .styleSrc] {
                let sources = expanded[directive] ?? []
                if !sources.contains(where: \.isNonce) { expanded[directive] = sources + [.nonce] }
            }
        }
        headerName = policy.headerName
        directives = expanded.directives.map { ($0.directive.name, $0.sources) }
        usesNonces = directives.contains { $0.sources.contains(where: \.isNonce) }
        let isFixed = directives.allSatisfy { $0.sources.allSatisfy { $0.staticText != nil } }
        fixedValue = isFixed ? try? Self.render(directives, request: nil, nonces: nil) : nil
    }

    /// The header value for one request. Throws a 500 when a per-request value is invalid.
    func value(for request: Request, nonces: CSPNonces?) throws -> String {
        if let fixedValue { return fixedValue }
        return try Self.render(directives, request: request, nonces: nonces)
    }

    private static func render(
        _ directives: [(name: String, sources: [CSPSource])], request: Request?, nonces: CSPNonces?
    ) throws -> String {
        var parts: [String] = []
        parts.reserveCapacity(directives.count)
        for (name, sources) in directives {
            var part = name
            for source in sources {
                let text: String
                switch source {
                case .nonce:
                    let nonce = name.hasPrefix("style-src") ? nonces?.style : nonces?.script
                    guard let nonce else { continue }
                    text = "'nonce-\(nonce)'"
                case .dynamic(let produce):
                    guard let request else { continue }
                    text = produce(request)
                    do { try CSPSource.validate(text, directive: name) } catch {
                        throw HTTPError(.internalServerError, message: SecurityHeadersError(.invalidDirectiveValue(name)).description)
                    }
                default:
                    text = source.staticText ?? ""
                }
                part += " " + text
            }
            parts.append(part)
        }
        return parts.joined(separator: ";")
    }
}
