/// A CORS setting the plugin refuses, thrown by `register` (or, for a delegator's or route's settings, turned into a 500).
///
/// ```swift
/// #expect(throws: CORSConfigurationError.self) {
///     try app.register(CORS(CORSOptions(origin: .any, credentials: true)))
/// }
/// ```
public struct CORSConfigurationError: Error, Equatable, CustomStringConvertible {
    /// What was wrong.
    enum Reason: Equatable {
        case wildcardWithCredentials
        case emptyOrigin
        case invalidListEntry
        case invalidHook(String)
        case invalidSuccessStatus(Int)
        case negativeMaxAge(Int)
        case invalidHeaderValue(String)
        case unknownRouteProfile(String)
        case reservedProfileName(String)
    }

    let reason: Reason

    init(_ reason: Reason) { self.reason = reason }

    /// The message, phrased like `@fastify/cors`'s where it has one.
    public var description: String {
        switch reason {
        case .wildcardWithCredentials:
            "@fastify/cors: origin '*' cannot be combined with credentials; list the allowed origins instead."
        case .emptyOrigin: "Invalid CORS origin option"
        case .invalidListEntry: "@fastify/cors: an origin list may only hold exact origins, patterns or '*'."
        case .invalidHook: "@fastify/cors: Invalid hook option provided."
        case .invalidSuccessStatus(let code): "@fastify/cors: optionsSuccessStatus must be 2xx, got \(code)."
        case .negativeMaxAge(let value): "@fastify/cors: maxAge must not be negative, got \(value)."
        case .invalidHeaderValue(let value): "@fastify/cors: invalid header value \(value.debugDescription)."
        case .unknownRouteProfile(let name): "Unknown value for route cors configuration: \(name.debugDescription)"
        case .reservedProfileName(let name): "@fastify/cors: \(name.debugDescription) is reserved for disabling CORS on a route."
        }
    }

    /// Whether this is the `'*'` with credentials refusal.
    public var isWildcardWithCredentials: Bool { reason == .wildcardWithCredentials }
}
