extension Scope {
    /// Sets this scope's error handler; errors it throws (or sends) go to the parent scope's handler.
    ///
    /// A second call in the same scope throws `FST_ERR_ERROR_HANDLER_ALREADY_SET`.
    public func setErrorHandler(_ handler: @escaping ErrorHandler) throws {
        try ensureNotStarted("error handler")
        guard errorHandler == nil else { throw KernelError(.errorHandlerAlreadySet) }
        errorHandler = handler
    }

    /// Sets the handler for unmatched URLs under this scope's prefix, with optional
    /// `preValidation` / `preHandler` hooks of its own.
    ///
    /// There is one handler per prefix, as in Fastify: a second one for the same prefix (this scope, an
    /// unprefixed child of the scope that set it, or a sibling with the same prefix) throws
    /// `FST_ERR_NOT_FOUND_HANDLER_ALREADY_SET` instead of silently replacing the first.
    public func setNotFoundHandler(hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping Handler) throws {
        try ensureNotStarted("not found handler")
        guard notFound == nil, state.notFoundPrefixes.insert(prefix).inserted else {
            throw KernelError(.notFoundHandlerAlreadySet, prefix.isEmpty ? "/" : prefix)
        }
        notFound = (handler, hooks)
    }

    /// Adds a body parser for a media type (e.g. `application/x-www-form-urlencoded`), or `*` for any type
    /// without a parser. Parsers are inherited by child scopes created afterwards.
    public func addContentTypeParser(_ mediaType: String, parser: @escaping ContentTypeParser) throws {
        try ensureNotStarted("content type parser")
        if mediaType == "*" {
            parsers.catchAll = parser
            return
        }
        let key = ContentType(parsing: mediaType).mediaType
        guard !key.isEmpty else { throw KernelError(.invalidMediaType, message: "Invalid media type '\(mediaType)'") }
        guard !ownedParsers.contains(key) else { throw KernelError(.parserAlreadyPresent, key) }
        parsers.byMediaType[key] = parser
        ownedParsers.insert(key)
    }

    /// Removes the parser for a media type in this scope (built-ins included).
    public func removeContentTypeParser(_ mediaType: String) throws {
        try ensureNotStarted("content type parser")
        parsers.byMediaType[ContentType(parsing: mediaType).mediaType] = nil
    }

    /// Whether a parser for `mediaType` is registered in this scope.
    public func hasContentTypeParser(_ mediaType: String) -> Bool {
        parsers.byMediaType[ContentType(parsing: mediaType).mediaType] != nil
    }
}
