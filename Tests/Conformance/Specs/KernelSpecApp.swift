import Kernel

/// The application `Specs/kernel-lifecycle.md` and `Specs/errors-cases.md` are written against.
///
/// Any server can implement it (the spec files describe it in prose); this is the Swift one.
/// A ``Breakage`` removes one piece so the "can fail" test can check exactly which cases notice.
enum KernelSpecApp {
    /// A deliberate defect.
    enum Breakage: String, CaseIterable, Sendable, CustomStringConvertible {
        /// The root `onSend` hook that sets `x-on-send: 1` is not registered.
        case withoutOnSendHook
        /// The `/api/v1` scope's bearer-token `onRequest` hook is not registered.
        case withoutAuthHook
        /// `/echo` has the default 1 MiB body limit instead of 64 bytes.
        case withoutBodyLimit
        /// The case name.
        var description: String { rawValue }
    }

    /// The token the `/api/v1` scope accepts (the seed's).
    static let token = "justin-access-token"

    /// A fresh application, optionally broken.
    static func make(breaking breakage: Breakage? = nil) throws -> Application {
        let app = Application()
        for hook in [Hook.onRequest, .preParsing, .preValidation, .preHandler] {
            try app.addHook(hook) { request, _ in
                let trace = request.headers["x-trace"].map { $0 + "," } ?? ""
                request.headers["x-trace"] = trace + hook.description
            }
        }
        if breakage != .withoutOnSendHook {
            try app.addHook(.onSend) { _, reply in reply.headers["x-on-send"] = "1" }
        }
        try app.get("/hooks") { request, reply in
            reply.send(json: JSONValue.object(JSONObject([("trace", .string(request.headers["x-trace"] ?? ""))])))
        }
        try app.get("/public") { _, reply in reply.send("hello") }
        try app.all("/inspect") { request, reply in
            var object = JSONObject()
            object["method"] = .string(request.method.rawValue)
            object["url"] = .string(request.url)
            object["host"] = .string(request.host)
            for name in ["authorization", "accept", "user-agent", "content-type"] {
                object[name] = request.headers[name].map(JSONValue.string) ?? .null
            }
            object["body"] = request.rawBody.map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null
            reply.send(json: JSONValue.object(object))
        }
        try app.post("/echo", bodyLimit: breakage == .withoutBodyLimit ? nil : 64) { request, reply in
            reply.send(json: request.body?.json ?? .null)
        }
        try app.get("/boom") { _, _ in throw SpecKaboom() }
        try app.get("/teapot") { _, _ in throw SpecTeapot() }
        try app.get("/gone", hooks: [.onRequest: [{ _, reply in reply.callNotFound() }]]) { _, reply in reply.send("here") }
        try app.head("/file") { _, reply in reply.header("content-length", "1234"); reply.send() }
        try app.register(prefix: "/api/v1") { api in
            if breakage != .withoutAuthHook {
                try api.addHook(.onRequest) { request, reply in
                    guard request.headers["authorization"] != "Bearer \(token)" else { return }
                    reply.status = .unauthorized
                    reply.send(json: JSONValue.object(JSONObject([("statusCode", .number(401)), ("error", .string("Unauthorized")), ("message", .string("Missing or invalid bearer token"))])))
                }
            }
            try api.addHook(.onSend) { _, reply in reply.headers["x-scope"] = "api" }
            try api.get("/projects") { _, reply in
                reply.send(json: JSONValue.array([.object(JSONObject([("id", .string("p1")), ("name", .string("Demo"))])), .object(JSONObject([("id", .string("p2")), ("name", .string("Docs"))]))]))
            }
        }
        return app
    }
}

/// A plain error with no HTTP meaning: answered 500 with its description as the message.
struct SpecKaboom: Error, CustomStringConvertible {
    var description: String { "kaboom" }
}

/// An error that carries status 418 and a header.
struct SpecTeapot: HTTPResponseError {
    var status: HTTPStatus { 418 }
    var message: String { "short and stout" }
    var headers: HTTPHeaders { ["x-teapot": "yes"] }
}

extension JSONObject {
    /// An object from ordered pairs (test-side convenience).
    init(_ pairs: [(String, JSONValue)]) {
        self.init()
        for (key, value) in pairs { self[key] = value }
    }
}
