/// A security-header setting Helmet would refuse, thrown when the setting is built or the plugin registers.
///
/// ```swift
/// #expect(throws: SecurityHeadersError.self) { try StrictTransportSecurity(maxAge: -1) }
/// ```
public struct SecurityHeadersError: Error, Equatable, CustomStringConvertible {
    /// What was wrong.
    enum Reason: Equatable {
        case invalidMaxAge(String)
        case invalidFrameAction(String)
        case emptyReferrerPolicy
        case duplicateReferrerToken(String)
        case invalidDirectiveName(String)
        case duplicateDirective(String)
        case missingDefaultSrc
        case noDirectives
        case invalidDirectiveValue(String)
        case unquotedKeyword(directive: String, value: String)
        case unknownRouteProfile(String)
        case reservedProfileName(String)
    }

    let reason: Reason

    init(_ reason: Reason) { self.reason = reason }

    /// The message, phrased like Helmet's where it has one.
    public var description: String {
        switch reason {
        case .invalidMaxAge(let value): "Strict-Transport-Security: \(value) is not a valid value for maxAge. Please choose a positive integer."
        case .invalidFrameAction(let value): "X-Frame-Options received an invalid action \(value.debugDescription)"
        case .emptyReferrerPolicy: "Referrer-Policy received no policy tokens"
        case .duplicateReferrerToken(let token): "Referrer-Policy received a duplicate policy \(token.debugDescription)"
        case .invalidDirectiveName(let name): "Content-Security-Policy received an invalid directive name \(name.debugDescription)"
        case .duplicateDirective(let name): "Content-Security-Policy received a duplicate directive \(name.debugDescription)"
        case .missingDefaultSrc:
            "Content-Security-Policy needs a default-src but none was provided. If you really want to disable it, set it to `ContentSecurityPolicy.dangerouslyDisableDefaultSrc`."
        case .noDirectives: "Content-Security-Policy has no directives. Either set some or disable the header"
        case .invalidDirectiveValue(let name): "Content-Security-Policy received an invalid directive value for \(name.debugDescription)"
        case .unquotedKeyword(let directive, let value):
            "Content-Security-Policy received an invalid directive value for \(directive.debugDescription): \(value.debugDescription) must be quoted"
        case .unknownRouteProfile(let name): "Unknown value for route securityHeaders configuration: \(name.debugDescription)"
        case .reservedProfileName(let name): "\(name.debugDescription) is reserved for disabling security headers on a route"
        }
    }
}
