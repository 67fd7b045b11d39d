/// A body parser for one media type, registered per scope with ``Scope/addContentTypeParser(_:parser:)``.
///
/// ```swift
/// try app.addContentTypeParser("application/x-www-form-urlencoded") { request, bytes in
///     .custom(QueryParameters(parsing: Substring(decoding: bytes, as: UTF8.self)))
/// }
/// ```
public typealias ContentTypeParser = nonisolated(nonsending) @Sendable (_ request: Request, _ body: [UInt8]) async throws -> RequestBody

/// The parsers one scope sees, frozen at `ready()`; lookup is exact media type, then the `*` catch-all.
public struct ContentTypeParsers: Sendable {
    var byMediaType: [String: ContentTypeParser]
    var catchAll: ContentTypeParser?

    /// The built-in set: `application/json` and `text/plain`.
    static let defaults = ContentTypeParsers(
        byMediaType: ["application/json": JSONCoding.parseBody, "text/plain": { _, bytes in .text(String(decoding: bytes, as: UTF8.self)) }],
        catchAll: nil
    )

    /// The parser for a content-type header value, if any.
    func parser(for contentType: ContentType) -> ContentTypeParser? {
        if contentType.isValid, let parser = byMediaType[contentType.mediaType] { return parser }
        return catchAll
    }
}
