/// Which security headers to send, with Helmet 8's defaults: 12 headers set (COEP off) and `X-Powered-By` removed.
///
/// Every header can be turned off: `nil` for headers with settings, `false` for the others.
///
/// ```swift
/// var options = SecurityHeadersOptions()                 // Helmet 8 defaults
/// options.xFrameOptions = .deny
/// options.strictTransportSecurity = try StrictTransportSecurity(maxAge: 63_072_000, preload: true)
/// options.contentSecurityPolicy?[.connectSrc] = [.selfOrigin, "https://api.example.com"]
/// try app.register(SecurityHeaders(.apiServer))          // the seed's JSON API configuration
/// ```
public struct SecurityHeadersOptions: Sendable {
    /// `Content-Security-Policy`; Helmet's default policy.
    public var contentSecurityPolicy: ContentSecurityPolicy? = ContentSecurityPolicy()
    /// `Cross-Origin-Embedder-Policy`; off, as in Helmet ≥ 7.
    public var crossOriginEmbedderPolicy: CrossOriginEmbedderPolicy?
    /// `Cross-Origin-Opener-Policy: same-origin`.
    public var crossOriginOpenerPolicy: CrossOriginOpenerPolicy? = .sameOrigin
    /// `Cross-Origin-Resource-Policy: same-origin`.
    public var crossOriginResourcePolicy: CrossOriginResourcePolicy? = .sameOrigin
    /// `Origin-Agent-Cluster: ?1`.
    public var originAgentCluster = true
    /// `Referrer-Policy: no-referrer`.
    public var referrerPolicy: ReferrerPolicy? = .noReferrer
    /// `Strict-Transport-Security: max-age=31536000; includeSubDomains`.
    public var strictTransportSecurity: StrictTransportSecurity? = StrictTransportSecurity()
    /// `X-Content-Type-Options: nosniff`.
    public var xContentTypeOptions = true
    /// `X-DNS-Prefetch-Control: off`.
    public var xDNSPrefetchControl: DNSPrefetchControl? = .off
    /// `X-Download-Options: noopen`.
    public var xDownloadOptions = true
    /// `X-Frame-Options: SAMEORIGIN`.
    public var xFrameOptions: FrameOptions? = .sameOrigin
    /// `X-Permitted-Cross-Domain-Policies: none`.
    public var xPermittedCrossDomainPolicies: PermittedCrossDomainPolicies? = .noneAllowed
    /// Removes `X-Powered-By` from every response.
    public var removesXPoweredBy = true
    /// `X-XSS-Protection: 0` (turns the legacy filter off).
    public var xXSSProtection = true

    /// Helmet 8's defaults.
    public init() {}

    /// Helmet 8's defaults.
    public static var helmet: SecurityHeadersOptions { SecurityHeadersOptions() }

    /// The seed's configuration for a JSON API: Helmet's defaults with CSP, COEP, COOP and CORP off.
    ///
    /// CSP does nothing for JSON read by `fetch()`, and CORP/COOP/COEP concern documents and
    /// no-cors embeds; turning them off keeps other sites' pages able to embed responses.
    public static var apiServer: SecurityHeadersOptions {
        var options = SecurityHeadersOptions()
        options.contentSecurityPolicy = nil
        options.crossOriginEmbedderPolicy = nil
        options.crossOriginOpenerPolicy = nil
        options.crossOriginResourcePolicy = nil
        return options
    }

    /// A copy changed by `change`, for route profiles derived from the global settings.
    public func with(_ change: (inout SecurityHeadersOptions) -> Void) -> SecurityHeadersOptions {
        var copy = self
        change(&copy)
        return copy
    }
}
