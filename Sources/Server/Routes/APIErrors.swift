import Kernel

/// How the app turns domain errors into the kernel's error responses.
///
/// | thrown | response |
/// |---|---|
/// | ``ValidationError`` | 400 `FST_ERR_VALIDATION`, message `<field> <problem>` |
/// | ``StoreError`` not found, ``APIErrors/notFound(_:id:)`` | 404 `FST_ERR_NOT_FOUND`, message `Project 'id' not found` |
/// | ``EngineError/shutDown`` | 503 `FST_ERR_CLOSING` |
/// | ``EngineError/atCapacity(_:)`` | 503 `EXECUTIONS_AT_CAPACITY` |
/// | anything else | passed on to the default handler |
///
/// ```swift
/// try app.setErrorHandler(APIErrors.handler)
/// throw APIErrors.notFound("project", id: id)
/// ```
enum APIErrors {
    /// The root error handler: maps, then hands on to the parent (default) handler.
    static let handler: ErrorHandler = { error, _, _ in
        throw map(error)
    }

    /// The kernel error `error` stands for, or `error` itself.
    static func map(_ error: any Error) -> any Error {
        switch error {
        case let error as ValidationError:
            return KernelError(.validation, message: error.message)
        case let error as StoreError:
            guard case .notFound(let entity, let id) = error.kind else { return error }
            return notFound(entity, id: id)
        case let error as EngineError:
            switch error.kind {
            case .shutDown: return KernelError(.closing)
            case .atCapacity: return KernelError(executionsAtCapacity, message: error.description)
            }
        default:
            return error
        }
    }

    /// 503: the engine runs as many executions as it may; starting one more is refused, and nothing is saved.
    static let executionsAtCapacity = ErrorCode(
        "EXECUTIONS_AT_CAPACITY", status: .serviceUnavailable, message: "Too many executions are running; try again later")

    /// A 404 for an unknown `entity` id: `Project '…' not found`.
    static func notFound(_ entity: String, id: String) -> KernelError {
        KernelError(.notFound, message: "\(capitalized(entity)) '\(id)' not found")
    }

    private static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}
