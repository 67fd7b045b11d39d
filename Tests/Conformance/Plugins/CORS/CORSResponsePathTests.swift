import Kernel
import Plugins
import Testing

/// The response paths a CORS header must survive.
enum ResponsePath: String, CaseIterable, Sendable {
    case handler, thrownError, notFound, payloadTooLarge, unsupportedMediaType, unauthorized

    var request: InjectRequest {
        let origin = "http://localhost:3000"
        switch self {
        case .handler: return .get("/ok", headers: ["origin": origin])
        case .thrownError: return .get("/boom", headers: ["origin": origin])
        case .notFound: return .get("/missing", headers: ["origin": origin])
        case .payloadTooLarge: return .post("/upload", body: String(repeating: "x", count: 64), headers: ["origin": origin, "content-type": "text/plain"])
        case .unsupportedMediaType: return .post("/upload", body: "x", headers: ["origin": origin, "content-type": "application/x-unknown"])
        case .unauthorized: return .get("/private", headers: ["origin": origin])
        }
    }

    var status: Int {
        switch self {
        case .handler: 200
        case .thrownError: 500
        case .notFound: 404
        case .payloadTooLarge: 413
        case .unsupportedMediaType: 415
        case .unauthorized: 401
        }
    }

    /// The routes every path needs, plus an auth hook for `/private`.
    static func addRoutes(to app: Application) throws {
        try app.get("/ok") { _, reply in reply.send(json: ["ok": true]) }
        try app.get("/boom") { _, _ in throw HTTPError(.internalServerError, message: "boom") }
        try app.post("/upload", bodyLimit: 16) { _, reply in reply.send("stored") }
        try app.get("/private") { _, reply in reply.send("secret") }
    }

    /// An auth hook rejecting `/private`.
    static let auth: RequestHook = { request, _ in
        if request.url == "/private" { throw HTTPError(.unauthorized, headers: ["www-authenticate": "Bearer"]) }
    }
}

@Suite("CORS headers on every response path")
struct CORSResponsePathTests {
    @Test("every path carries ACAO, ACAC and Vary, whichever hook decides and wherever auth sits",
          arguments: [Hook.onRequest, .preHandler, .onSend], [true, false])
    func everyPath(hook: Hook, authFirst: Bool) async throws {
        let app = Application()
        if authFirst { try app.addHook(.onRequest, ResponsePath.auth) }
        try app.register(CORS(CORSOptions(origin: .list([.exact("http://localhost:3000")]), credentials: true), hook: hook))
        if !authFirst { try app.addHook(.onRequest, ResponsePath.auth) }
        try ResponsePath.addRoutes(to: app)
        for path in ResponsePath.allCases {
            let response = try await app.inject(path.request)
            #expect(response.statusCode == path.status, "\(path)")
            #expect(response.headers["access-control-allow-origin"] == "http://localhost:3000", "\(path)")
            #expect(response.headers["access-control-allow-credentials"] == "true", "\(path)")
            #expect(response.headers["vary"] == "Origin", "\(path)")
        }
    }

    @Test("an error handler that wipes the headers does not lose CORS: onSend puts them back")
    func errorHandlerWipesHeaders() async throws {
        let app = Application()
        try app.register(CORS(origin: .exact("http://localhost:3000"), credentials: true))
        try app.setErrorHandler { _, _, reply in
            reply.headers = HTTPHeaders()
            reply.status = 502
            reply.send("upstream failed")
        }
        try ResponsePath.addRoutes(to: app)
        let response = try await app.inject(ResponsePath.thrownError.request)
        #expect(response.status == 502)
        #expect(response.headers["access-control-allow-origin"] == "http://localhost:3000")
        #expect(response.headers["access-control-allow-credentials"] == "true")
    }
}
