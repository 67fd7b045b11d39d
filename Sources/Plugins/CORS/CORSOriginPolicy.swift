import Kernel

/// The CORS plugin's origin decision, published for other plugins as the scope decoration
/// ``key`` (`cors.originPolicy`), so a WebSocket upgrade can honour the same allow-list.
///
/// ```swift
/// if let policy = request.scope[CORSOriginPolicy.key] {
///     let allowed = await policy.allows(origin: "https://app.example", for: request)
/// }
/// ```
public struct CORSOriginPolicy: Sendable {
    /// The decoration name the CORS plugin publishes its policy under.
    public static let key = DecorationKey<CORSOriginPolicy>("cors.originPolicy")

    private let engine: CORSEngine

    init(engine: CORSEngine) { self.engine = engine }

    /// The `Access-Control-Allow-Origin` value CORS would answer `request` with, or `nil` when it would
    /// send none (origin refused, CORS off for the route, or the decision threw).
    public func allowedOrigin(for request: Request) async -> String? {
        var unused = HTTPHeaders()
        guard let decision = try? await engine.decide(request, answeringPreflight: false, headers: &unused).value,
              decision.isActive else { return nil }
        return decision.headers.first { $0.name == CORSHeader.allowOrigin }?.value
    }

    /// Whether CORS names `origin` itself as allowed for `request`.
    ///
    /// A wildcard answer (`*`) does not count: it never covers credentialed requests, and a WebSocket
    /// handshake carries the browser's cookies.
    public func allows(origin: String, for request: Request) async -> Bool {
        guard let allowed = await allowedOrigin(for: request) else { return false }
        return allowed == origin
    }
}
