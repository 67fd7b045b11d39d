/// Matching options of the router, mirroring find-my-way's `routerOptions`.
///
/// ```swift
/// var options = RouterOptions()
/// options.ignoreTrailingSlash = true   // "/users/" is served by "/users"
/// options.maxParamLength = 64          // longer parameters answer 414
/// ```
public struct RouterOptions: Sendable, Equatable {
    /// When `false`, static path text matches ASCII case-insensitively; parameter values keep their case.
    public var caseSensitive = true
    /// When `true`, a path and the same path with one trailing slash reach the same route.
    public var ignoreTrailingSlash = false
    /// When `true`, runs of slashes collapse to one, both in patterns and in request paths.
    public var ignoreDuplicateSlashes = false
    /// Longest accepted parameter value, counted in UTF-16 code units after percent-decoding
    /// (find-my-way counts JavaScript string length). Longer values make lookup answer `paramTooLong`.
    public var maxParamLength = 100

    /// Creates the fastify defaults: case-sensitive, slashes significant, 100-unit parameters.
    public init() {}
}
