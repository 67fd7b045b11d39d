import Kernel
import Testing

@Suite("Bodies, content types and replies (fastify-core §1.2, §1.4, §9 bodies/replies)")
struct ContentTests {
    struct NewProject: Decodable, Sendable {
        let name: String
        let tags: [String]?
    }

    @Test("§9.74 bodyLimit 10 + a larger JSON body → 413; a content-length mismatch → 400")
    func bodyLimitAndLength() async throws {
        let app = Application()
        try app.post("/", bodyLimit: 10) { _, reply in reply.send() }
        try app.post("/default") { _, reply in reply.send() }
        let large = try await app.inject(.post("/", json: Greeting(hello: "a long enough value")))
        #expect(large.status == .payloadTooLarge)
        #expect(large[json: "code"]?.string == "FST_ERR_CTP_BODY_TOO_LARGE")
        #expect(large[json: "message"]?.string == "Request body is too large")
        let mismatch = try await app.inject(.post("/default", body: "{}", headers: ["content-type": "application/json", "content-length": "20"]))
        #expect(mismatch.status == .badRequest)
        #expect(mismatch[json: "code"]?.string == "FST_ERR_CTP_INVALID_CONTENT_LENGTH")
    }

    @Test("§9.75 text without a content type → 415; an invalid content type → 415")
    func unsupportedMediaType() async throws {
        let app = Application()
        try app.post("/") { _, reply in reply.send() }
        for headers: HTTPHeaders in [[:], ["content-type": "invalid-content-type"]] {
            let response = try await app.inject(.post("/", body: "some text", headers: headers))
            #expect(response.status == .unsupportedMediaType)
            #expect(response.text == #"{"statusCode":415,"code":"FST_ERR_CTP_INVALID_MEDIA_TYPE","error":"Unsupported Media Type","message":"Unsupported Media Type"}"#)
        }
    }

    @Test("§9.76 POST, PUT, PATCH and DELETE with application/json and no body → 400 FST_ERR_CTP_EMPTY_JSON_BODY",
          arguments: [HTTPMethod.post, .put, .patch, .delete])
    func emptyJSONBody(method: HTTPMethod) async throws {
        let app = Application()
        try app.route(method, "/") { _, reply in reply.send() }
        let response = try await app.inject(InjectRequest(method: method, url: "/", headers: ["content-type": "application/json"], body: []))
        #expect(response.status == .badRequest)
        #expect(response[json: "code"]?.string == "FST_ERR_CTP_EMPTY_JSON_BODY")
    }

    @Test("invalid JSON → 400 FST_ERR_CTP_INVALID_JSON_BODY: cut short, a trailing comma, a number too large for a Double",
          arguments: ["{\"a\":", "[1,]", "{\"a\":1e400}", "-1.5E+309"])
    func invalidJSON(body: String) async throws {
        let app = Application()
        try app.post("/") { _, reply in reply.send() }
        let response = try await app.inject(.post("/", body: body, headers: ["content-type": "application/json"]))
        #expect(response.status == .badRequest)
        #expect(response[json: "code"]?.string == "FST_ERR_CTP_INVALID_JSON_BODY")
        #expect(response.headers["connection"] == "close")
    }

    @Test("§9.77 OPTIONS with a urlencoded body → 415")
    func optionsUrlencoded() async throws {
        let app = Application()
        try app.options("/") { _, reply in reply.send() }
        let response = try await app.inject(InjectRequest(method: .options, url: "/", headers: ["content-type": "application/x-www-form-urlencoded"], body: Array("a=b".utf8)))
        #expect(response.status == .unsupportedMediaType)
    }

    @Test("§9.78 an object sent with content type text/html → 500 FST_ERR_REP_INVALID_PAYLOAD_TYPE")
    func invalidPayloadType() async throws {
        let app = Application()
        try app.get("/") { _, reply in reply.type("text/html"); reply.send(json: Greeting(hello: "x")) }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .internalServerError)
        #expect(response[json: "code"]?.string == "FST_ERR_REP_INVALID_PAYLOAD_TYPE")
        #expect(response[json: "message"]?.string == "Attempted to send payload of invalid type 'object'. Expected a string or Buffer.")
    }

    @Test("§9.79 204 → no content type, no content length, empty body")
    func noContent() async throws {
        let app = Application()
        try app.get("/") { _, reply in reply.status = .noContent; reply.send("ignored") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .noContent)
        #expect(response.headers["content-type"] == nil)
        #expect(response.headers["content-length"] == nil)
        #expect(response.body.isEmpty)
    }

    @Test("§9.80 a handler that sends nothing → 200 with an empty body")
    func emptyHandler() async throws {
        let app = Application()
        try app.get("/") { _, _ in }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .ok)
        #expect(response.body.isEmpty)
        #expect(response.headers["content-length"] == "0")
    }

    @Test("§9.81 decoding failures → 400 FST_ERR_VALIDATION naming the field")
    func validationMessages() async throws {
        let app = Application()
        try app.post("/") { request, reply in
            let project = try request.decode(NewProject.self)
            reply.send(project.name)
        }
        let missing = try await app.inject(.post("/", json: ["work": "x"]))
        #expect(missing.status == .badRequest)
        #expect(missing[json: "code"]?.string == "FST_ERR_VALIDATION")
        #expect(missing[json: "message"]?.string == "body must have required property 'name'")
        let wrongType = try await app.inject(.post("/", json: ["name": 42]))
        #expect(wrongType[json: "message"]?.string == "body/name must be string")
        let nested = try await app.inject(.post("/", body: #"{"name":"a","tags":["x",1]}"#, headers: ["content-type": "application/json"]))
        #expect(nested[json: "message"]?.string == "body/tags/1 must be string")
        #expect(try await app.inject(.post("/", json: ["name": "ok"])).text == "ok")
    }

    @Test("§9.82 requestIDHeader: the id comes from that header, whatever its case")
    func requestIDHeader() async throws {
        var options = ApplicationOptions()
        options.requestIDHeader = "my-custom-request-id"
        let app = Application(options: options)
        try app.get("/") { request, reply in reply.send(request.id) }
        #expect(try await app.inject(.get("/", headers: ["My-Custom-Request-ID": "abc"])).text == "abc")
        #expect(try await app.inject(.get("/")).text.hasPrefix("req-"))
    }

    @Test("§1.4 send chooses content types: text, bytes, JSON with charset appended")
    func sendContentTypes() async throws {
        let app = Application()
        try app.get("/text") { _, reply in reply.send("t") }
        try app.get("/bytes") { _, reply in reply.send([0xFF]) }
        try app.get("/vnd") { _, reply in reply.type("application/vnd.api+json"); reply.send(json: Greeting(hello: "v")) }
        try app.get("/returned") { _ in Greeting(hello: "returned") }
        #expect(try await app.inject(.get("/text")).headers["content-type"] == "text/plain; charset=utf-8")
        #expect(try await app.inject(.get("/bytes")).headers["content-type"] == "application/octet-stream")
        #expect(try await app.inject(.get("/vnd")).headers["content-type"] == "application/vnd.api+json; charset=utf-8")
        #expect(try await app.inject(.get("/returned")).text == #"{"hello":"returned"}"#)
    }

    @Test("a custom parser per scope, by media type; children inherit it, siblings do not")
    func customParser() async throws {
        let app = Application()
        try app.register { scope in
            try scope.addContentTypeParser("application/x-www-form-urlencoded") { _, bytes in
                .custom(QueryParameters(parsing: Substring(String(decoding: bytes, as: UTF8.self))))
            }
            try scope.post("/form") { request, reply in
                guard case .custom(let value) = request.body, let form = value as? QueryParameters else { return reply.send("none") }
                reply.send(form["name"] ?? "")
            }
        }
        try app.post("/other") { _, reply in reply.send() }
        let form = InjectRequest(method: .post, url: "/form", headers: ["content-type": "application/x-www-form-urlencoded"], body: Array("name=ada+l".utf8))
        #expect(try await app.inject(form).text == "ada l")
        var other = form
        other.url = "/other"
        #expect(try await app.inject(other).status == .unsupportedMediaType)
    }

    @Test("redirect sets Location and 302; hijack sends nothing")
    func redirectAndHijack() async throws {
        let app = Application()
        try app.get("/old") { _, reply in reply.redirect("/new") }
        try app.get("/moved") { _, reply in reply.redirect("/new", status: .movedPermanently) }
        let response = try await app.inject(.get("/old"))
        #expect(response.status == .found)
        #expect(response.headers["location"] == "/new")
        #expect(try await app.inject(.get("/moved")).status == .movedPermanently)
    }

    @Test("repeated headers: set-cookie accumulates, other names overwrite")
    func repeatedHeaders() async throws {
        let app = Application()
        try app.get("/") { _, reply in
            reply.header("Set-Cookie", "a=1")
            reply.header("set-cookie", "b=2")
            reply.header("X-One", "1")
            reply.header("x-one", "2")
            reply.send()
        }
        let response = try await app.inject(.get("/"))
        #expect(response.headers.values(for: "set-cookie") == ["a=1", "b=2"])
        #expect(response.headers.values(for: "x-one") == ["2"])
    }

    @Test("the streaming JSON writer escapes strings and nests containers like JSONSerialization")
    func jsonWriter() throws {
        struct Inner: Encodable { let list: [Int]; let flag: Bool; let maybe: String? }
        struct Outer: Encodable { let name: String; let inner: Inner; let values: [Inner]; let ratio: Double }
        let value = Outer(name: "a\"b\\c\n\u{1}", inner: Inner(list: [1, 2], flag: true, maybe: nil), values: [Inner(list: [], flag: false, maybe: "m")], ratio: 0.5)
        let text = String(decoding: try JSONCoding.encode(value), as: UTF8.self)
        #expect(text == #"{"name":"a\"b\\c\n\u0001","inner":{"list":[1,2],"flag":true},"values":[{"list":[],"flag":false,"maybe":"m"}],"ratio":0.5}"#)
        #expect(try JSONValue(parsing: Array(text.utf8))["inner"]?["list"]?.array?.count == 2)
    }

    @Test("the JSON writer nests past its 64 inline levels, and an array container counts its elements")
    func deepNestingAndCount() throws {
        indirect enum Nest: Encodable {
            case leaf
            case array(Nest)
            case object(Nest)
            func encode(to encoder: any Encoder) throws {
                enum Key: String, CodingKey { case a, b }
                switch self {
                case .leaf: var single = encoder.singleValueContainer(); try single.encode(1)
                case .array(let inner):
                    var list = encoder.unkeyedContainer()
                    try list.encode(inner)
                    try list.encode(list.count)
                case .object(let inner):
                    var members = encoder.container(keyedBy: Key.self)
                    try members.encode(inner, forKey: .a)
                    try members.encode(true, forKey: .b)
                }
            }
        }
        var value = Nest.leaf, expected = "1"
        for depth in 0..<150 {
            if depth.isMultiple(of: 2) {
                value = .array(value); expected = "[" + expected + ",1]"
            } else {
                value = .object(value); expected = #"{"a":"# + expected + #","b":true}"#
            }
        }
        #expect(String(decoding: try JSONCoding.encode(value), as: UTF8.self) == expected)
    }
}

@Suite("HTTPHeaders")
struct HTTPHeadersTests {
    @Test("set(_:) replaces fields of the given names, keeps the others, and appends in order")
    func bulkSet() {
        var headers: HTTPHeaders = ["Vary": "Origin", "X-Frame-Options": "DENY"]
        headers.set([(name: "X-Frame-Options", value: "SAMEORIGIN"), (name: "x-content-type-options", value: "nosniff")])
        #expect(headers.map(\.name) == ["vary", "x-frame-options", "x-content-type-options"])
        #expect(headers["x-frame-options"] == "SAMEORIGIN")
        #expect(headers["vary"] == "Origin")
    }
}
