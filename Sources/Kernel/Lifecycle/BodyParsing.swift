extension CompiledApplication {
    /// The parse phase: body limit, content-length agreement, then the scope's parser for the media type.
    ///
    /// No content type and no body: nothing to parse. A body without a content type goes to the `*`
    /// parser or gets 415. Unknown types get 415, except on a 404, where parsing is skipped.
    nonisolated(nonsending) func parseBody(_ route: CompiledRoute, _ request: inout Request, _ reply: inout Reply) async throws {
        let bytes = request.rawBody ?? []
        let header = request.headers["content-type"]
        let declaredLength = request.headers["content-length"].flatMap { Int($0) }
        if header == nil, bytes.isEmpty, (declaredLength ?? 0) == 0, !request.bodyExceedsLimit { return }
        do {
            // The transport leaves a body over the route's limit unread, and says so (a chunked one has no length).
            if request.bodyExceedsLimit { throw KernelError(.bodyTooLarge) }
            if let declaredLength, declaredLength > route.bodyLimit { throw KernelError(.bodyTooLarge) }
            if bytes.count > route.bodyLimit { throw KernelError(.bodyTooLarge) }
            if let declaredLength, declaredLength != bytes.count { throw KernelError(.invalidContentLength) }
            let parser: ContentTypeParser
            if let header {
                let contentType = ContentType(parsing: header)
                guard let found = route.parsers.parser(for: contentType) else {
                    if route.isNotFound { return }
                    throw KernelError(.invalidMediaType)
                }
                parser = found
            } else {
                guard let catchAll = route.parsers.catchAll else {
                    if route.isNotFound { return }
                    throw KernelError(.invalidMediaType)
                }
                parser = catchAll
            }
            request.body = try await parser(request, bytes)
        } catch {
            reply.headers["connection"] = "close"
            throw error
        }
    }
}
