/// A value a handler can return instead of calling `reply.send`.
///
/// ```swift
/// struct Project: ResponseEncodable { let id: String; let name: String }
/// try app.get("/projects/:id") { request in Project(id: request.params["id"]!, name: "demo") }
/// ```
public protocol ReplyConvertible: Sendable {
    /// Sends this value on `reply`.
    func write(to reply: inout Reply)
}

/// An `Encodable` value that handlers can return; it is sent as JSON.
public protocol ResponseEncodable: Encodable, ReplyConvertible {}

extension ResponseEncodable {
    /// Sends the value as JSON.
    public func write(to reply: inout Reply) { reply.send(json: self) }
}

extension String: ReplyConvertible {
    /// Sends the text.
    public func write(to reply: inout Reply) { reply.send(self) }
}

extension Array: ReplyConvertible where Element == UInt8 {
    /// Sends the bytes.
    public func write(to reply: inout Reply) { reply.send(self) }
}

extension JSONValue: ReplyConvertible {
    /// Sends the document as JSON.
    public func write(to reply: inout Reply) { reply.send(json: self) }
}

extension HTTPStatus: ReplyConvertible {
    /// Sends an empty body with this status.
    public func write(to reply: inout Reply) {
        reply.status = self
        reply.send()
    }
}
