/// How much the server logs: each level includes the ones above it in severity.
///
/// ```swift
/// LogLevel(parsing: "WARN")   // .warn
/// LogLevel.info.allows(.debug) // false
/// ```
public enum LogLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// Everything, including per-step engine detail.
    case debug
    /// One line per request, startup and shutdown. The default.
    case info
    /// Only problems and the development-token warning.
    case warn
    /// Only failures.
    case error

    /// Reads `debug`, `info`, `warn` or `error` (any case); `nil` otherwise.
    public init?(parsing text: String) {
        guard let level = Self.allCases.first(where: { $0.description == text.lowercased() }) else { return nil }
        self = level
    }

    /// Whether a logger at this level writes a line of `level`.
    public func allows(_ level: LogLevel) -> Bool { level >= self }

    /// Orders by severity.
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The lowercase name, as written in `LOG_LEVEL` and in log lines.
    public var description: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warn: "warn"
        case .error: "error"
        }
    }
}
