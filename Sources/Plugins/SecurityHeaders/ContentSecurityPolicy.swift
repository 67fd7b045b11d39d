/// A typed Content-Security-Policy, starting from Helmet 8's default policy.
///
/// Directives keep their order: defaults first (Helmet 8.3 order), a replaced directive stays in
/// place, new ones are appended. A directive set to `[]` is sent bare (`upgrade-insecure-requests`);
/// setting it to `nil` removes it.
///
/// ```swift
/// var csp = ContentSecurityPolicy()                    // Helmet's default policy
/// csp[.scriptSrc] = [.selfOrigin, .nonce]              // per-request nonce
/// csp[.connectSrc] = [.selfOrigin, "https://api.example.com"]
/// csp[.upgradeInsecureRequests] = nil
/// let strict = try ContentSecurityPolicy(useDefaults: false, directives: [.defaultSrc: [.selfOrigin]])
/// ```
public struct ContentSecurityPolicy: Sendable {
    /// A directive name, kebab-case on the wire; camelCase names are converted (`scriptSrc` → `script-src`).
    public struct Directive: Hashable, Sendable, ExpressibleByStringLiteral {
        /// The name as sent.
        public let name: String

        /// A directive from its kebab-case or camelCase name.
        public init(_ name: String) { self.name = Self.dashify(name) }

        /// A directive from its name.
        public init(stringLiteral value: String) { self.init(value) }

        private static func dashify(_ name: String) -> String {
            var result = ""
            for character in name {
                if character.isUppercase, character.isASCII { result += "-" + character.lowercased() } else { result.append(character) }
            }
            return result
        }

        /// `default-src`.
        public static let defaultSrc = Directive("default-src")
        /// `base-uri`.
        public static let baseURI = Directive("base-uri")
        /// `font-src`.
        public static let fontSrc = Directive("font-src")
        /// `form-action`.
        public static let formAction = Directive("form-action")
        /// `frame-ancestors`.
        public static let frameAncestors = Directive("frame-ancestors")
        /// `img-src`.
        public static let imgSrc = Directive("img-src")
        /// `object-src`.
        public static let objectSrc = Directive("object-src")
        /// `script-src`.
        public static let scriptSrc = Directive("script-src")
        /// `script-src-attr`.
        public static let scriptSrcAttr = Directive("script-src-attr")
        /// `style-src`.
        public static let styleSrc = Directive("style-src")
        /// `upgrade-insecure-requests` (sent bare).
        public static let upgradeInsecureRequests = Directive("upgrade-insecure-requests")
        /// `connect-src`.
        public static let connectSrc = Directive("connect-src")
        /// `frame-src`.
        public static let frameSrc = Directive("frame-src")
        /// `media-src`.
        public static let mediaSrc = Directive("media-src")
        /// `worker-src`.
        public static let workerSrc = Directive("worker-src")
        /// `manifest-src`.
        public static let manifestSrc = Directive("manifest-src")
        /// `report-uri`.
        public static let reportURI = Directive("report-uri")
        /// `report-to`.
        public static let reportTo = Directive("report-to")
        /// `sandbox`.
        public static let sandbox = Directive("sandbox")
    }

    /// The directives in emission order.
    public private(set) var directives: [(directive: Directive, sources: [CSPSource])]
    /// Sends `Content-Security-Policy-Report-Only` instead.
    public var reportOnly: Bool
    /// Adds this request's nonces to `script-src` and `style-src`, creating them when absent
    /// (`@fastify/helmet`'s `enableCSPNonces`).
    public var nonces: Bool
    /// Allows a policy without `default-src` (Helmet's `dangerouslyDisableDefaultSrc`).
    public var dangerouslyDisableDefaultSrc = false

    /// Helmet 8.3's default directives, in order.
    public static let defaultDirectives: [(directive: Directive, sources: [CSPSource])] = [
        (.defaultSrc, [.selfOrigin]),
        (.baseURI, [.selfOrigin]),
        (.fontSrc, [.selfOrigin, "https:", "data:"]),
        (.formAction, [.selfOrigin]),
        (.frameAncestors, [.selfOrigin]),
        (.imgSrc, [.selfOrigin, "data:"]),
        (.objectSrc, [.none]),
        (.scriptSrc, [.selfOrigin]),
        (.scriptSrcAttr, [.none]),
        (.styleSrc, [.selfOrigin, "https:", .unsafeInline]),
        (.upgradeInsecureRequests, []),
    ]

    /// Helmet's default policy.
    public init() {
        directives = Self.defaultDirectives
        reportOnly = false
        nonces = false
    }

    /// A policy from `directives` over the defaults (or alone with `useDefaults: false`); a `nil` value
    /// removes a default. Throws for a directive given twice.
    public init(
        useDefaults: Bool = true, reportOnly: Bool = false, nonces: Bool = false,
        directives: KeyValuePairs<Directive, [CSPSource]?>
    ) throws(SecurityHeadersError) {
        self.directives = useDefaults ? Self.defaultDirectives : []
        self.reportOnly = reportOnly
        self.nonces = nonces
        var given: Set<Directive> = []
        for (directive, sources) in directives {
            guard given.insert(directive).inserted else { throw SecurityHeadersError(.duplicateDirective(directive.name)) }
            self[directive] = sources
        }
    }

    /// A directive's sources; setting replaces in place or appends, `nil` removes.
    public subscript(directive: Directive) -> [CSPSource]? {
        get { directives.first { $0.directive == directive }?.sources }
        set {
            let index = directives.firstIndex { $0.directive == directive }
            switch (index, newValue) {
            case (let index?, let sources?): directives[index].sources = sources
            case (let index?, nil): directives.remove(at: index)
            case (nil, let sources?): directives.append((directive, sources))
            case (nil, nil): break
            }
        }
    }

    /// The header name this policy is sent under.
    var headerName: String { reportOnly ? "content-security-policy-report-only" : "content-security-policy" }

    /// Checks names and values as Helmet 8.3 does: names `^[a-z][a-zA-Z0-9-]*` ending in a letter or digit,
    /// no `;`/`,` in values, keywords quoted, `default-src` present, at least one directive.
    public func validate() throws(SecurityHeadersError) {
        guard !directives.isEmpty else { throw SecurityHeadersError(.noDirectives) }
        for (directive, sources) in directives {
            guard Self.isValidName(directive.name) else { throw SecurityHeadersError(.invalidDirectiveName(directive.name)) }
            for source in sources {
                if case .source(let text) = source { try CSPSource.validate(text, directive: directive.name) }
                if case .hash(_, let digest) = source { try CSPSource.validate(digest, directive: directive.name) }
            }
        }
        if !dangerouslyDisableDefaultSrc, self[.defaultSrc] == nil { throw SecurityHeadersError(.missingDefaultSrc) }
    }

    private static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, let last = bytes.last, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        let isAlphanumeric: (UInt8) -> Bool = { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        return isAlphanumeric(last) && bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }
}
