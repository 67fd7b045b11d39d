import Kernel
import Testing

@testable import Server

@Suite("LogLine: the same text as Logger.log for the same fields")
struct LogLineTests {
    @Test("level, time, fields in order and message match the JSONObject path, escapes and numbers included")
    func sameText() {
        let written = Log<String>()
        let logger = Logger(level: .debug) { written.append($0) }
        let time = Timestamp(millisecondsSinceEpoch: 1_764_843_072_345)
        for (url, status, duration) in [("/health", 200.0, 0.123), ("/a?b=\"c\"\\\n", 404, 12.5), ("/é", 500, 1)] {
            var line = LogLine(.info, time: time)
            line.append("reqId", "req-1")
            line.append("url", url)
            line.append("status", number: status)
            line.append("durationMs", number: duration)
            #expect(line.text(message: "request completed") == expectedLine(time, url, status, duration))
            logger.write(line, message: "request completed")
        }
        #expect(written.all.count == 3)
        let quiet = Logger(level: .warn) { written.append($0) }
        quiet.write(LogLine(.info), message: "dropped")
        #expect(written.all.count == 3, "a line below the logger's level is not written")
    }

    /// What `Logger.log` writes for the same fields, built the slow way: a `JSONObject`, then encoded.
    private func expectedLine(_ time: Timestamp, _ url: String, _ status: Double, _ duration: Double) -> String {
        var object = JSONObject()
        object["level"] = .string("info")
        object["time"] = .string(time.iso8601)
        object["reqId"] = .string("req-1")
        object["url"] = .string(url)
        object["status"] = .number(status)
        object["durationMs"] = .number(duration)
        object["msg"] = .string("request completed")
        return JSONValue.object(object).jsonText
    }
}
