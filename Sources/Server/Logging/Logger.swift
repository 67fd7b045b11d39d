import Glibc
import Kernel

/// Writes one JSON object per line: `{"level","time",…fields,"msg"}`.
///
/// ```swift
/// let logger = Logger.standardOutput(level: .info)
/// logger.info("listening", ["url": "http://127.0.0.1:3001"])
/// // {"level":"info","time":"2025-12-04T10:11:12.345Z","url":"http://127.0.0.1:3001","msg":"listening"}
/// ```
/// Secrets are the caller's business: nothing here knows which fields hold tokens, so callers
/// never pass them (see ``RequestLogging/redact(_:)`` for URLs).
public struct Logger: Sendable {
    /// Receives each finished line, without its newline.
    public typealias Sink = @Sendable (String) -> Void

    /// The least severe level written.
    public let level: LogLevel
    let sink: Sink

    /// A logger writing lines at or above `level` to `sink`.
    public init(level: LogLevel, sink: @escaping Sink) {
        self.level = level
        self.sink = sink
    }

    /// Lines go to standard output, each with one `write(2)` (atomic on pipes for lines under `PIPE_BUF`).
    public static func standardOutput(level: LogLevel) -> Logger {
        Logger(level: level) { line in StandardStream.writeLine(line, to: STDOUT_FILENO) }
    }

    /// Writes nothing.
    public static let discarding = Logger(level: .error) { _ in }

    /// Writes `message` at `level` with extra `fields`, when the logger's level allows it.
    public func log(_ level: LogLevel, _ message: String, _ fields: JSONObject = [:]) {
        guard self.level.allows(level) else { return }
        var line = JSONObject()
        line["level"] = .string(level.description)
        line["time"] = .string(Timestamp.now().iso8601)
        for (key, value) in fields where key != "level" && key != "time" && key != "msg" { line[key] = value }
        line["msg"] = .string(message)
        sink(JSONValue.object(line).jsonText)
    }

    /// Logs at `debug`.
    public func debug(_ message: String, _ fields: JSONObject = [:]) { log(.debug, message, fields) }
    /// Logs at `info`.
    public func info(_ message: String, _ fields: JSONObject = [:]) { log(.info, message, fields) }
    /// Logs at `warn`.
    public func warn(_ message: String, _ fields: JSONObject = [:]) { log(.warn, message, fields) }
    /// Logs at `error`.
    public func error(_ message: String, _ fields: JSONObject = [:]) { log(.error, message, fields) }
}

/// Whole writes to a file descriptor, retried on `EINTR` and short writes.
enum StandardStream {
    /// Writes `line` and a newline to `descriptor` with one `writev(2)`, so neither is copied to join them;
    /// gives up silently if the stream is closed.
    static func writeLine(_ line: String, to descriptor: Int32) {
        var line = line
        line.withUTF8 { text in
            var newline = UInt8(ascii: "\n")
            let total = text.count + 1
            let written = withUnsafeMutablePointer(to: &newline) { newlinePointer -> Int in
                withUnsafeTemporaryAllocation(of: iovec.self, capacity: 2) { parts -> Int in
                    parts[0] = iovec(iov_base: UnsafeMutableRawPointer(mutating: text.baseAddress), iov_len: text.count)
                    parts[1] = iovec(iov_base: UnsafeMutableRawPointer(newlinePointer), iov_len: 1)
                    while true {
                        let result = writev(descriptor, parts.baseAddress, 2)
                        if result < 0, errno == EINTR { continue }
                        return result
                    }
                }
            }
            // A short write (a full pipe) sends the rest the plain way.
            if written >= 0, written < total { write(Array(text) + [UInt8(ascii: "\n")], from: written, to: descriptor) }
        }
    }

    /// Writes all of `text` to `descriptor`; gives up silently if the stream is closed.
    static func write(_ text: String, to descriptor: Int32) {
        write(Array(text.utf8), from: 0, to: descriptor)
    }

    /// Writes `bytes` from `offset` on to `descriptor`.
    private static func write(_ bytes: [UInt8], from offset: Int, to descriptor: Int32) {
        var offset = offset
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
