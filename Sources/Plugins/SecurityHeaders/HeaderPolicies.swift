/// `Cross-Origin-Embedder-Policy` values. Helmet 8 leaves this header off unless asked.
public enum CrossOriginEmbedderPolicy: String, Sendable, CaseIterable {
    /// `require-corp` (Helmet's value for `true`).
    case requireCorp = "require-corp"
    /// `credentialless`.
    case credentialless
    /// `unsafe-none`.
    case unsafeNone = "unsafe-none"
}

/// `Cross-Origin-Opener-Policy` values; `same-origin` by default.
public enum CrossOriginOpenerPolicy: String, Sendable, CaseIterable {
    /// `same-origin`.
    case sameOrigin = "same-origin"
    /// `same-origin-allow-popups`.
    case sameOriginAllowPopups = "same-origin-allow-popups"
    /// `noopener-allow-popups` (Helmet 8.2+).
    case noopenerAllowPopups = "noopener-allow-popups"
    /// `unsafe-none`.
    case unsafeNone = "unsafe-none"
}

/// `Cross-Origin-Resource-Policy` values; `same-origin` by default. Governs no-cors loads, not `fetch()`.
public enum CrossOriginResourcePolicy: String, Sendable, CaseIterable {
    /// `same-origin`.
    case sameOrigin = "same-origin"
    /// `same-site`.
    case sameSite = "same-site"
    /// `cross-origin`.
    case crossOrigin = "cross-origin"
}

/// `X-DNS-Prefetch-Control` values; `off` by default.
public enum DNSPrefetchControl: String, Sendable, CaseIterable {
    /// `off`.
    case off
    /// `on` (Helmet's `{allow: true}`).
    case on

    /// `on` when `allow`, else `off`.
    public init(allow: Bool) { self = allow ? .on : .off }
}

/// `X-Permitted-Cross-Domain-Policies` values; `none` by default.
public enum PermittedCrossDomainPolicies: String, Sendable, CaseIterable {
    /// `none` (named so it cannot be mistaken for `Optional.none`).
    case noneAllowed = "none"
    /// `master-only`.
    case masterOnly = "master-only"
    /// `by-content-type`.
    case byContentType = "by-content-type"
    /// `all`.
    case all
}

/// `X-Frame-Options` values; `SAMEORIGIN` by default.
public enum FrameOptions: String, Sendable, CaseIterable {
    /// `SAMEORIGIN`.
    case sameOrigin = "SAMEORIGIN"
    /// `DENY`.
    case deny = "DENY"

    /// Parses Helmet's `action`: `sameorigin`, `same-origin` or `deny`, any case. `ALLOW-FROM` and others throw.
    public init(action: String) throws(SecurityHeadersError) {
        switch action.lowercased() {
        case "sameorigin", "same-origin": self = .sameOrigin
        case "deny": self = .deny
        default: throw SecurityHeadersError(.invalidFrameAction(action))
        }
    }
}

/// `Referrer-Policy`: one or more tokens, joined with `,` (no space); `no-referrer` by default.
public struct ReferrerPolicy: Sendable, Equatable {
    /// A policy token.
    public enum Token: String, Sendable, CaseIterable {
        /// `no-referrer`.
        case noReferrer = "no-referrer"
        /// `no-referrer-when-downgrade`.
        case noReferrerWhenDowngrade = "no-referrer-when-downgrade"
        /// `same-origin`.
        case sameOrigin = "same-origin"
        /// `origin`.
        case origin
        /// `strict-origin`.
        case strictOrigin = "strict-origin"
        /// `origin-when-cross-origin`.
        case originWhenCrossOrigin = "origin-when-cross-origin"
        /// `strict-origin-when-cross-origin`.
        case strictOriginWhenCrossOrigin = "strict-origin-when-cross-origin"
        /// `unsafe-url`.
        case unsafeURL = "unsafe-url"
    }

    /// The tokens, in order (later ones are fallbacks for older browsers… or newer ones).
    public let tokens: [Token]

    /// Several tokens; an empty list or a repeated token throws, as in Helmet.
    public init(_ tokens: [Token]) throws(SecurityHeadersError) {
        guard !tokens.isEmpty else { throw SecurityHeadersError(.emptyReferrerPolicy) }
        var seen: Set<Token> = []
        for token in tokens where !seen.insert(token).inserted { throw SecurityHeadersError(.duplicateReferrerToken(token.rawValue)) }
        self.tokens = tokens
    }

    /// One token.
    public init(_ token: Token) { tokens = [token] }

    /// `no-referrer`, Helmet's default.
    public static let noReferrer = ReferrerPolicy(.noReferrer)

    /// The header value.
    public var headerValue: String { tokens.map(\.rawValue).joined(separator: ",") }
}

/// `Strict-Transport-Security`; `max-age=31536000; includeSubDomains` by default (365 days, Helmet 8).
public struct StrictTransportSecurity: Sendable, Equatable {
    /// Seconds, floored.
    public let maxAge: Int
    /// Adds `; includeSubDomains`.
    public let includeSubDomains: Bool
    /// Adds `; preload`.
    public let preload: Bool

    /// Helmet 8's defaults.
    public init() {
        maxAge = 31_536_000
        includeSubDomains = true
        preload = false
    }

    /// Custom settings; `maxAge` must be finite and not negative (fractions are floored), else it throws.
    public init(maxAge: Double, includeSubDomains: Bool = true, preload: Bool = false) throws(SecurityHeadersError) {
        guard maxAge.isFinite, maxAge >= 0, maxAge < Double(Int.max) else { throw SecurityHeadersError(.invalidMaxAge(String(maxAge))) }
        self.maxAge = Int(maxAge.rounded(.down))
        self.includeSubDomains = includeSubDomains
        self.preload = preload
    }

    /// The header value, parts joined with `"; "`.
    public var headerValue: String {
        var parts = ["max-age=\(maxAge)"]
        if includeSubDomains { parts.append("includeSubDomains") }
        if preload { parts.append("preload") }
        return parts.joined(separator: "; ")
    }
}
