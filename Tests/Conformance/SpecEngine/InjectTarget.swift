import Kernel

/// Replays requests in-process through ``Application/inject(_:)``: no socket, the full lifecycle.
///
/// The URL's path and query become the inject URL; the headers (including `Host` with the URL's
/// original `host:port`) are passed as they are. WebSocket cases are skipped by this target.
///
/// ```swift
/// let report = await SpecReplayer(http: try await InjectTarget(app)).run(cases)
/// ```
struct InjectTarget: HTTPTarget {
    /// The frozen application under test (``Application`` itself is not `Sendable`, its snapshot is).
    let application: CompiledApplication

    /// Runs `ready()` on `application` and targets the result.
    init(_ application: Application) async throws { self.application = try await application.ready() }

    /// Targets an application that is already ready.
    init(compiled application: CompiledApplication) { self.application = application }

    /// Runs the request through `inject`.
    func send(method: String, url: SpecURL, headers: [(String, String)], body: [UInt8]?) async throws
        -> (status: Int, headers: [(String, String)], body: [UInt8]) {
        let request = InjectRequest(method: HTTPMethod(method), url: url.target, headers: HTTPHeaders(headers), body: body)
        let response = await application.inject(request)
        return (response.statusCode, response.headers.map { ($0.name, $0.value) }, response.body)
    }
}
