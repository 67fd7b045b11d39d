/// A request to run through ``Application/inject(_:)``: method, URL, headers and body.
///
/// ```swift
/// let response = try await app.inject(.post("/projects", json: ["name": "demo"]))
/// let response = try await app.inject(.get("/projects").header("authorization", "Bearer t"))
/// ```
public struct InjectRequest: Sendable {
    /// The method; GET by default.
    public var method: HTTPMethod
    /// The URL: path plus query string.
    public var url: String
    /// Headers; `host: localhost:80` and `user-agent: lightMyRequest` are added when missing.
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: [UInt8]?
    /// The simulated peer address.
    public var remoteAddress: String

    /// Creates a request.
    public init(method: HTTPMethod = .get, url: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil, remoteAddress: String = "127.0.0.1") {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// A GET request.
    public static func get(_ url: String, headers: HTTPHeaders = [:]) -> Self { .init(method: .get, url: url, headers: headers) }
    /// A HEAD request.
    public static func head(_ url: String, headers: HTTPHeaders = [:]) -> Self { .init(method: .head, url: url, headers: headers) }
    /// A DELETE request.
    public static func delete(_ url: String, headers: HTTPHeaders = [:]) -> Self { .init(method: .delete, url: url, headers: headers) }
    /// An OPTIONS request.
    public static func options(_ url: String, headers: HTTPHeaders = [:]) -> Self { .init(method: .options, url: url, headers: headers) }
    /// A POST request with a text body (no content type unless given).
    public static func post(_ url: String, body: String? = nil, headers: HTTPHeaders = [:]) -> Self {
        .init(method: .post, url: url, headers: headers, body: body.map { Array($0.utf8) })
    }
    /// A request whose body is `value` as JSON, with `content-type: application/json`.
    public static func json(_ method: HTTPMethod, _ url: String, _ value: some Encodable, headers: HTTPHeaders = [:]) -> Self {
        var request = Self(method: method, url: url, headers: headers, body: (try? JSONCoding.encode(value)) ?? [])
        if request.headers["content-type"] == nil { request.headers["content-type"] = "application/json" }
        return request
    }
    /// A POST whose body is `value` as JSON.
    public static func post(_ url: String, json value: some Encodable, headers: HTTPHeaders = [:]) -> Self { .json(.post, url, value, headers: headers) }

    /// The request with one more header.
    public func header(_ name: String, _ value: String) -> Self {
        var copy = self
        copy.headers.add(name, value)
        return copy
    }
}
