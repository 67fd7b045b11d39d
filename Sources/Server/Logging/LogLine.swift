import Kernel

/// One log line written field by field into bytes: `{"level","time",…fields,"msg"}`, the same text
/// ``Logger/log(_:_:_:)`` writes for the same fields, without building a ``JSONObject`` and encoding it.
///
/// The request log writes one on every response, so it is made for that: keys are literals, values are escaped
/// as they are appended, and the line is turned into a string once.
///
/// ```swift
/// var line = LogLine(.info)
/// line.append("status", number: 200)
/// logger.write(line, message: "request completed")   // {"level":"info","time":"…","status":200,"msg":"request completed"}
/// ```
public struct LogLine: Sendable {
    /// The level the line is written at.
    public let level: LogLevel
    private var bytes: [UInt8]

    /// Starts a line at `level`, stamped `time`.
    public init(_ level: LogLevel, time: Timestamp = .now()) {
        self.level = level
        bytes = []
        bytes.reserveCapacity(192)
        bytes.append(contentsOf: #"{"level":"#.utf8)
        JSONText.appendString(level.description, to: &bytes)
        append("time", time.iso8601)
    }

    /// Appends `"key":"value"`.
    public mutating func append(_ key: StaticString, _ value: String) {
        appendKey(key)
        JSONText.appendString(value, to: &bytes)
    }

    /// Appends `"key":number`, written as the JSON encoder writes a number.
    public mutating func append(_ key: StaticString, number: Double) {
        appendKey(key)
        JSONText.appendNumber(number, to: &bytes)
    }

    private mutating func appendKey(_ key: StaticString) {
        bytes.append(UInt8(ascii: ","))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(contentsOf: #"":"#.utf8)
    }

    /// The finished line's text, ending with `"msg":message}`.
    func text(message: String) -> String {
        var line = self
        line.append("msg", message)
        line.bytes.append(UInt8(ascii: "}"))
        return String(decoding: line.bytes, as: UTF8.self)
    }
}

extension Logger {
    /// Writes `line` with `message`, when the logger's level allows the line's level.
    public func write(_ line: LogLine, message: String) {
        guard level.allows(line.level) else { return }
        sink(line.text(message: message))
    }
}
