import Kernel

/// `GET /health` → 200 `{"status":"ok"}`; open (no token), for load balancers and the seed's checks.
///
/// ```swift
/// try app.register(HealthRoutes())
/// ```
struct HealthRoutes: Plugin {
    /// `health-routes`.
    var name: String { "health-routes" }

    /// The body of a healthy answer.
    struct Status: ResponseEncodable, Equatable {
        /// Always `ok` while the process serves requests.
        var status = "ok"
    }

    /// Adds the route.
    func register(in scope: Scope) throws {
        try scope.get("/health") { _ in Status() }
    }
}
