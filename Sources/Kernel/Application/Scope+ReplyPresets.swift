/// What a reply preset sees of a route when the application freezes it at `ready()`.
public struct RouteSummary: Sendable {
    /// The route's method; `GET` for a not-found context, which answers every method.
    public let method: HTTPMethod
    /// The full pattern, prefix included, e.g. `/api/v1/projects/:id`; `nil` for a not-found context.
    public let pattern: String?
    /// The route's `config`; empty for a not-found context.
    public let config: [String: String]

    /// Whether this is a not-found context, which answers requests of any method.
    public var isNotFound: Bool { pattern == nil }
}

/// A plugin's choice of header fields for every reply of one route: asked once per route at `ready()`.
public typealias ReplyPreset = @Sendable (RouteSummary) -> HTTPHeaderBlock?

extension Scope {
    /// Header fields that every reply of this scope's routes (and its descendants', and its not-found context's)
    /// starts with, chosen once per route when the application becomes ready.
    ///
    /// This is the cheap form of an `onRequest` hook that sets the same fields on every request: the reply
    /// starts out sharing the block, so a request pays for one reference instead of a hook call and a lookup
    /// per field. The fields then behave as if a first `onRequest` hook had set them: hooks and the handler
    /// read, replace and remove them like any other, and the error handler keeps them, as it keeps every field
    /// set before the error. Replies the framework makes before routing (a bad URL, `return503OnClosing`) and
    /// the transport's own errors carry none, as no hook runs for them either.
    ///
    /// Presets are applied in registration order, with hooks' encapsulation: a preset registered in a child
    /// scope reaches only that scope's routes. A later preset's field replaces an earlier one's of the same name.
    ///
    /// ```swift
    /// let security = try HTTPHeaderBlock([("x-content-type-options", "nosniff")])
    /// try scope.presetReplyHeaders { route in route.config["raw"] == "true" ? nil : security }
    /// ```
    public func presetReplyHeaders(_ preset: @escaping ReplyPreset) throws {
        try ensureNotStarted("reply preset")
        replyPresets.append((state.nextSequence(), preset))
    }

    /// The headers a reply of `route` starts with, from every preset of this scope's chain; `nil` when there are none.
    func presetHeaders(for route: RouteSummary) -> HTTPHeaders? {
        var presets = chain.flatMap(\.replyPresets)
        guard !presets.isEmpty else { return nil }
        presets.sort { $0.sequence < $1.sequence }
        var headers = HTTPHeaders()
        for (_, preset) in presets {
            if let block = preset(route) { headers.set(block) }
        }
        return headers.isEmpty ? nil : headers
    }
}
