import Kernel

/// One value of a Content-Security-Policy directive, typed so keywords are always quoted.
///
/// ```swift
/// let sources: [CSPSource] = [.selfOrigin, .nonce, "https://cdn.example.com", "data:"]
/// let literal: CSPSource = "'unsafe-inline'"   // parsed to .unsafeInline
/// ```
public enum CSPSource: Sendable, ExpressibleByStringLiteral {
    /// `'self'`.
    case selfOrigin
    /// `'none'`.
    case none
    /// `'unsafe-inline'`.
    case unsafeInline
    /// `'unsafe-eval'`.
    case unsafeEval
    /// `'strict-dynamic'`.
    case strictDynamic
    /// `'report-sample'`.
    case reportSample
    /// `'unsafe-hashes'`.
    case unsafeHashes
    /// `'wasm-unsafe-eval'`.
    case wasmUnsafeEval
    /// `'inline-speculation-rules'`.
    case inlineSpeculationRules
    /// `'nonce-<value>'` with this request's nonce (the script nonce, or the style nonce in `style-src*`).
    case nonce
    /// `'sha256-<base64>'` and friends.
    case hash(HashAlgorithm, String)
    /// A host, scheme or other source expression, written as is (`https:`, `data:`, `*.example.com`).
    case source(String)
    /// A value computed per request (Helmet's function values); checked on every request.
    case dynamic(@Sendable (Request) -> String)

    /// A hash algorithm of a hash source.
    public enum HashAlgorithm: String, Sendable {
        /// `sha256`.
        case sha256
        /// `sha384`.
        case sha384
        /// `sha512`.
        case sha512
    }

    /// Parses quoted keywords (`'self'`, `'none'`, …); anything else is a ``source(_:)``.
    public init(stringLiteral value: String) {
        if let keyword = Self.keywords.first(where: { $0.text == value }) {
            self = keyword.source
        } else {
            self = .source(value)
        }
    }

    private static let keywords: [(text: String, source: CSPSource)] = [
        ("'self'", .selfOrigin), ("'none'", .none), ("'unsafe-inline'", .unsafeInline), ("'unsafe-eval'", .unsafeEval),
        ("'strict-dynamic'", .strictDynamic), ("'report-sample'", .reportSample), ("'unsafe-hashes'", .unsafeHashes),
        ("'wasm-unsafe-eval'", .wasmUnsafeEval), ("'inline-speculation-rules'", .inlineSpeculationRules),
    ]

    /// Keyword names that must be quoted (Helmet 8 throws on the bare form).
    static let bareKeywords: Set<String> = [
        "self", "none", "unsafe-inline", "unsafe-eval", "strict-dynamic", "report-sample", "unsafe-hashes",
        "wasm-unsafe-eval", "inline-speculation-rules",
    ]

    /// The text of a value that does not depend on the request; `nil` for ``nonce`` and ``dynamic(_:)``.
    var staticText: String? {
        switch self {
        case .selfOrigin: "'self'"
        case .none: "'none'"
        case .unsafeInline: "'unsafe-inline'"
        case .unsafeEval: "'unsafe-eval'"
        case .strictDynamic: "'strict-dynamic'"
        case .reportSample: "'report-sample'"
        case .unsafeHashes: "'unsafe-hashes'"
        case .wasmUnsafeEval: "'wasm-unsafe-eval'"
        case .inlineSpeculationRules: "'inline-speculation-rules'"
        case .hash(let algorithm, let digest): "'\(algorithm.rawValue)-\(digest)'"
        case .source(let text): text
        case .nonce, .dynamic: nil
        }
    }

    /// Whether the value is a nonce placeholder.
    var isNonce: Bool { if case .nonce = self { true } else { false } }

    /// Checks a written value: no `;` or `,`, no bare keyword, nonce or hash.
    static func validate(_ text: String, directive: String) throws(SecurityHeadersError) {
        if text.contains(";") || text.contains(",") || text.contains(where: \.isNewline) {
            throw SecurityHeadersError(.invalidDirectiveValue(directive))
        }
        let lower = text.lowercased()
        if bareKeywords.contains(lower) || lower.hasPrefix("nonce-") || lower.hasPrefix("sha256-")
            || lower.hasPrefix("sha384-") || lower.hasPrefix("sha512-") {
            throw SecurityHeadersError(.unquotedKeyword(directive: directive, value: text))
        }
    }
}
