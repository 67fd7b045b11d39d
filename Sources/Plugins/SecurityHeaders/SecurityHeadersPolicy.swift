import Kernel

/// Security-header settings checked and precomputed: the header list to write, in Helmet's order.
///
/// The plugin builds one per profile at registration. It is also public so a handler can apply a
/// policy on demand (`@fastify/helmet`'s `reply.helmet()`), e.g. with `global: false`:
///
/// ```swift
/// let framed = try SecurityHeadersPolicy(SecurityHeadersOptions().with { $0.xFrameOptions = nil })
/// try app.get("/embed", config: ["securityHeaders": "off"]) { request, reply in
///     try framed.apply(to: &reply, for: request)
///     reply.send("embeddable")
/// }
/// ```
public struct SecurityHeadersPolicy: Sendable {
    /// The header names a policy may write or remove, lowercased. None of them is `vary` or `access-control-*`.
    public static let ownedHeaderNames: Set<String> = [
        "content-security-policy", "content-security-policy-report-only", "cross-origin-embedder-policy",
        "cross-origin-opener-policy", "cross-origin-resource-policy", "origin-agent-cluster", "referrer-policy",
        "strict-transport-security", "x-content-type-options", "x-dns-prefetch-control", "x-download-options",
        "x-frame-options", "x-permitted-cross-domain-policies", "x-powered-by", "x-xss-protection",
    ]

    /// What was precomputed, behind one reference: the plugin's hooks copy the policy on every request.
    private let storage: Storage

    /// Checks `options` and precomputes the headers. Throws ``SecurityHeadersError``.
    public init(_ options: SecurityHeadersOptions) throws(SecurityHeadersError) {
        storage = try Storage(options)
    }

    /// Whether `X-Powered-By` is removed.
    var removesXPoweredBy: Bool { storage.removesXPoweredBy }

    /// The policy's fields as one block, when none of them depends on the request (no nonces, no per-request CSP
    /// value): then the plugin presets them on the reply (`Scope.presetReplyHeaders`) instead of writing them per request.
    var presetBlock: HTTPHeaderBlock? { storage.perRequestCSP == nil ? storage.fixedBlock : nil }

    /// Whether requests need CSP nonces generated for this policy.
    public var usesNonces: Bool { storage.perRequestCSP?.usesNonces ?? false }

    /// Writes the headers into `reply`, generating nonces if the policy uses them; returns the nonces.
    ///
    /// Throws a 500 ``HTTPError`` when a per-request CSP value is invalid; the other headers are written anyway.
    @discardableResult
    public func apply(to reply: inout Reply, for request: Request, nonces: CSPNonces? = nil) throws -> CSPNonces? {
        let nonces = nonces ?? (usesNonces ? CSPNonces.generate() : nil)
        try write(into: &reply.headers, request: request, nonces: nonces, includingCSP: true, replacing: true)
        return nonces
    }

    /// Whether `headers` hold all of this policy's headers as it wrote them, known without a lookup per field:
    /// they still share its block, and carry a CSP field when the policy has one per request. `false` means "not known".
    func isFullyWritten(in headers: HTTPHeaders) -> Bool {
        guard let block = storage.fixedBlock, headers.sharesFields(of: block) else { return false }
        guard let csp = storage.perRequestCSP else { return true }
        return headers.contains(csp.headerName)
    }

    /// Writes the headers. `replacing: false` only fills in missing ones. A CSP failure is thrown after
    /// the other headers are written, so an error response still carries them.
    func write(into headers: inout HTTPHeaders, request: Request, nonces: CSPNonces?, includingCSP: Bool, replacing: Bool) throws {
        var failure: (any Error)?
        if includingCSP, let csp = storage.perRequestCSP, replacing || !headers.contains(csp.headerName) {
            do { headers[csp.headerName] = try csp.value(for: request, nonces: nonces) } catch { failure = error }
        }
        if replacing, let csp = storage.fixedCSP, headers.contains(csp.name) {
            // A CSP already there (an earlier hook's, or this policy applied again) is replaced where it stands,
            // as a per-request value is; the headers after it come as their own block.
            headers[csp.name] = csp.value
            Self.set(storage.blockAfterCSP, or: storage.fixedHeaders.dropFirst(), into: &headers)
        } else if replacing {
            Self.set(storage.fixedBlock, or: storage.fixedHeaders[...], into: &headers)
        } else {
            for (name, value) in storage.fixedHeaders where !headers.contains(name) { headers[name] = value }
        }
        if removesXPoweredBy { headers.remove("x-powered-by") }
        if let failure { throw failure }
    }

    /// Sets `block`, or `pairs` one by one when they could not go into a block.
    private static func set(_ block: HTTPHeaderBlock?, or pairs: ArraySlice<(name: String, value: String)>, into headers: inout HTTPHeaders) {
        if let block { headers.set(block) } else { headers.set(Array(pairs)) }
    }
}

extension SecurityHeadersPolicy {
    /// The compiled CSP and the fixed headers, immutable once built.
    private final class Storage: Sendable {
        /// A CSP whose value depends on the request (nonces, per-request sources); a fixed one is in ``fixedHeaders``.
        let perRequestCSP: CompiledContentSecurityPolicy?
        /// The headers that never change, in Helmet's order: a fixed CSP first, then the others.
        let fixedHeaders: [(name: String, value: String)]
        /// The same headers as one block that every reply shares (`nil` only if a value could not go into one).
        let fixedBlock: HTTPHeaderBlock?
        /// A CSP that never changes (the first of ``fixedHeaders``), and the block of the headers after it.
        let fixedCSP: (name: String, value: String)?
        let blockAfterCSP: HTTPHeaderBlock?
        let removesXPoweredBy: Bool

        init(_ options: SecurityHeadersOptions) throws(SecurityHeadersError) {
            let csp = try options.contentSecurityPolicy.map { policy throws(SecurityHeadersError) in
                try CompiledContentSecurityPolicy(policy)
            }
            var headers: [(String, String)] = []
            if let csp, let value = csp.fixedValue {
                headers.append((csp.headerName, value))
                perRequestCSP = nil
            } else {
                perRequestCSP = csp
            }
            if let policy = options.crossOriginEmbedderPolicy { headers.append(("cross-origin-embedder-policy", policy.rawValue)) }
            if let policy = options.crossOriginOpenerPolicy { headers.append(("cross-origin-opener-policy", policy.rawValue)) }
            if let policy = options.crossOriginResourcePolicy { headers.append(("cross-origin-resource-policy", policy.rawValue)) }
            if options.originAgentCluster { headers.append(("origin-agent-cluster", "?1")) }
            if let policy = options.referrerPolicy { headers.append(("referrer-policy", policy.headerValue)) }
            if let hsts = options.strictTransportSecurity { headers.append(("strict-transport-security", hsts.headerValue)) }
            if options.xContentTypeOptions { headers.append(("x-content-type-options", "nosniff")) }
            if let control = options.xDNSPrefetchControl { headers.append(("x-dns-prefetch-control", control.rawValue)) }
            if options.xDownloadOptions { headers.append(("x-download-options", "noopen")) }
            if let frame = options.xFrameOptions { headers.append(("x-frame-options", frame.rawValue)) }
            if let policies = options.xPermittedCrossDomainPolicies { headers.append(("x-permitted-cross-domain-policies", policies.rawValue)) }
            if options.xXSSProtection { headers.append(("x-xss-protection", "0")) }
            precondition(headers.allSatisfy { SecurityHeadersPolicy.ownedHeaderNames.contains($0.0) }, "a security header outside the owned set")
            fixedHeaders = headers
            fixedBlock = try? HTTPHeaderBlock(headers)
            fixedCSP = perRequestCSP == nil ? csp.flatMap { csp in csp.fixedValue.map { (csp.headerName, $0) } } : nil
            blockAfterCSP = fixedCSP == nil ? nil : try? HTTPHeaderBlock(Array(headers.dropFirst()))
            removesXPoweredBy = options.removesXPoweredBy
        }
    }
}
