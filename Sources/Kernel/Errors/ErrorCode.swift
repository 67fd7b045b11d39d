/// A stable, documented error code with the HTTP status it maps to.
///
/// Codes reuse Fastify's names, so clients and dashboards written for Fastify keep working.
/// Every code is listed in `Specs/errors.md`; a conformance test keeps the two in step.
///
/// ```swift
/// throw KernelError(.bodyTooLarge)
/// ErrorCode.bodyTooLarge.rawValue   // "FST_ERR_CTP_BODY_TOO_LARGE"
/// ```
public struct ErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The stable string, e.g. `FST_ERR_CTP_BODY_TOO_LARGE`.
    public let rawValue: String
    /// The status a response carries for this error.
    public let status: HTTPStatus
    /// The default message.
    public let message: String

    /// Declares a code. Plugins declare their own in their own area.
    public init(_ rawValue: String, status: HTTPStatus, message: String) {
        self.rawValue = rawValue
        self.status = status
        self.message = message
    }

    /// The raw value.
    public var description: String { rawValue }

    /// Codes compare by their string alone.
    public static func == (lhs: ErrorCode, rhs: ErrorCode) -> Bool { lhs.rawValue == rhs.rawValue }
    /// Hashes the string.
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}

extension ErrorCode {
    // MARK: Request handling
    /// The router found no route.
    public static let notFound = ErrorCode("FST_ERR_NOT_FOUND", status: .notFound, message: "Not Found")
    /// A path component is not valid percent-encoding.
    public static let badURL = ErrorCode("FST_ERR_BAD_URL", status: .badRequest, message: "'%@' is not a valid url component")
    /// A path parameter is longer than `maxParamLength`.
    public static let maxParamLength = ErrorCode("FST_ERR_MAX_PARAM_LENGTH", status: .uriTooLong, message: "'%@' is exceeding the max param length")
    /// The request body is larger than the route's `bodyLimit`.
    public static let bodyTooLarge = ErrorCode("FST_ERR_CTP_BODY_TOO_LARGE", status: .payloadTooLarge, message: "Request body is too large")
    /// No parser accepts the request's content type.
    public static let invalidMediaType = ErrorCode("FST_ERR_CTP_INVALID_MEDIA_TYPE", status: .unsupportedMediaType, message: "Unsupported Media Type")
    /// The body length differs from its Content-Length.
    public static let invalidContentLength = ErrorCode("FST_ERR_CTP_INVALID_CONTENT_LENGTH", status: .badRequest, message: "Request body size did not match Content-Length")
    /// An empty body was sent as JSON.
    public static let emptyJSONBody = ErrorCode("FST_ERR_CTP_EMPTY_JSON_BODY", status: .badRequest, message: "Body cannot be empty when content-type is set to 'application/json'")
    /// The body is not valid JSON.
    public static let invalidJSONBody = ErrorCode("FST_ERR_CTP_INVALID_JSON_BODY", status: .badRequest, message: "Body is not valid JSON but content-type is set to 'application/json'")
    /// The body did not decode into the handler's type.
    public static let validation = ErrorCode("FST_ERR_VALIDATION", status: .badRequest, message: "Validation failed")
    /// A hook or handler threw something that carries no information.
    public static let undefinedError = ErrorCode("FST_ERR_SEND_UNDEFINED_ERR", status: .internalServerError, message: "Undefined error has occurred")
    /// `reply.send` was called inside an `onError` hook.
    public static let sendInsideOnError = ErrorCode("FST_ERR_SEND_INSIDE_ONERR", status: .internalServerError, message: "You cannot use `send` inside the `onError` hook")
    /// A reply was given a status outside 100...599.
    public static let badStatusCode = ErrorCode("FST_ERR_BAD_STATUS_CODE", status: .internalServerError, message: "Called reply with an invalid status code: %@")
    /// An object was sent with a content type that is not JSON.
    public static let invalidPayloadType = ErrorCode("FST_ERR_REP_INVALID_PAYLOAD_TYPE", status: .internalServerError, message: "Attempted to send payload of invalid type '%@'. Expected a string or Buffer.")
    /// The payload could not be serialized.
    public static let serialization = ErrorCode("FST_ERR_REP_SERIALIZATION", status: .internalServerError, message: "Failed to serialize the reply")
    /// The handler ran longer than `handlerTimeout`.
    public static let handlerTimeout = ErrorCode("FST_ERR_HANDLER_TIMEOUT", status: .serviceUnavailable, message: "Request timed out")
    /// The application is closing and refuses new requests.
    public static let closing = ErrorCode("FST_ERR_CLOSING", status: .serviceUnavailable, message: "Service Unavailable")

    // MARK: Setup
    /// A route, hook, decoration or handler was added after `ready()`.
    public static let alreadyStarted = ErrorCode("FST_ERR_INSTANCE_ALREADY_STARTED", status: .internalServerError, message: "Cannot add %@ after the application is ready!")
    /// The same method and path were registered twice.
    public static let duplicatedRoute = ErrorCode("FST_ERR_DUPLICATED_ROUTE", status: .internalServerError, message: "Method '%@' already declared for route '%@'")
    /// A route path is empty or malformed.
    public static let invalidRoute = ErrorCode("FST_ERR_INVALID_URL", status: .internalServerError, message: "%@")
    /// A decoration with this name already exists in this scope.
    public static let decoratorAlreadyPresent = ErrorCode("FST_ERR_DEC_ALREADY_PRESENT", status: .internalServerError, message: "The decorator '%@' has already been added!")
    /// A decoration names a dependency that was never declared.
    public static let decoratorMissingDependency = ErrorCode("FST_ERR_DEC_MISSING_DEPENDENCY", status: .internalServerError, message: "The decorator is missing dependency '%@'.")
    /// A decoration was read that no scope declared.
    public static let decoratorUndeclared = ErrorCode("FST_ERR_DEC_UNDECLARED", status: .internalServerError, message: "No decorator '%@' has been declared on %@.")
    /// A plugin requires a decoration that is not present.
    public static let pluginDecoratorMissing = ErrorCode("FST_ERR_PLUGIN_NOT_PRESENT_IN_INSTANCE", status: .internalServerError, message: "The decorator '%@' required by '%@' is not present in %@")
    /// A plugin depends on a plugin that was not registered before it.
    public static let pluginDependencyMissing = ErrorCode("FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED", status: .internalServerError, message: "The dependency '%@' of plugin '%@' is not registered")
    /// An error handler was set twice in one scope.
    public static let errorHandlerAlreadySet = ErrorCode("FST_ERR_ERROR_HANDLER_ALREADY_SET", status: .internalServerError, message: "Error Handler already set in this scope")
    /// A not-found handler was set twice for one prefix.
    public static let notFoundHandlerAlreadySet = ErrorCode("FST_ERR_NOT_FOUND_HANDLER_ALREADY_SET", status: .internalServerError, message: "Not found handler already set for Fastify instance with prefix: '%@'")
    /// A content-type parser for this type already exists in this scope.
    public static let parserAlreadyPresent = ErrorCode("FST_ERR_CTP_ALREADY_PRESENT", status: .internalServerError, message: "Content type parser '%@' already present.")
    /// An `onReady` or other application hook failed.
    public static let hookFailed = ErrorCode("FST_ERR_HOOK_FAILED", status: .internalServerError, message: "The '%@' hook failed: %@")
    /// `listen()` or `inject()` after `close()`.
    public static let reopenedClosedServer = ErrorCode("FST_ERR_REOPENED_CLOSE_SERVER", status: .internalServerError, message: "Fastify has already been closed and cannot be reopened")
    /// `listen()` called twice.
    public static let reopenedServer = ErrorCode("FST_ERR_REOPENED_SERVER", status: .internalServerError, message: "Fastify is already listening")

    /// Every code the kernel declares, for the docs table and its drift test.
    public static let kernelCodes: [ErrorCode] = [
        .notFound, .badURL, .maxParamLength, .bodyTooLarge, .invalidMediaType, .invalidContentLength,
        .emptyJSONBody, .invalidJSONBody, .validation, .undefinedError, .sendInsideOnError, .badStatusCode,
        .invalidPayloadType, .serialization, .handlerTimeout, .closing, .alreadyStarted, .duplicatedRoute,
        .invalidRoute, .decoratorAlreadyPresent, .decoratorMissingDependency, .decoratorUndeclared,
        .pluginDecoratorMissing, .pluginDependencyMissing, .errorHandlerAlreadySet, .notFoundHandlerAlreadySet,
        .parserAlreadyPresent, .hookFailed, .reopenedClosedServer, .reopenedServer,
    ]

    /// The message with each `%@` replaced by the next argument.
    public func format(_ arguments: String...) -> String { Self.fill(message, arguments) }

    /// Replaces each `%@` in `template` with the next argument.
    static func fill(_ template: String, _ arguments: [String]) -> String {
        let pieces = template.split(separator: "%@", omittingEmptySubsequences: false)
        var result = String(pieces[0])
        for (index, piece) in pieces.dropFirst().enumerated() {
            result += index < arguments.count ? arguments[index] : ""
            result += piece
        }
        return result
    }
}
