import Glibc
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

    @Test("writeLine writes the line and its newline whole, a line longer than the pipe's buffer included")
    func writeLineThroughAPipe() async throws {
        for length in [0, 150, 300_000] {
            var ends: [Int32] = [0, 0]
            #expect(pipe(&ends) == 0)
            let line = String(repeating: "x", count: length)
            let readEnd = ends[0], writeEnd = ends[1]
            // Read on another thread while writing: a 300 KB line fills the pipe and is finished by the short-write path.
            let reader = Task.detached { () -> [UInt8] in
                var received: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                    if count <= 0 { return received }
                    received += chunk[..<count]
                }
            }
            StandardStream.writeLine(line, to: writeEnd)
            close(writeEnd)
            let received = await reader.value
            close(readEnd)
            #expect(received.count == length + 1 && received.last == UInt8(ascii: "\n") && received.dropLast().allSatisfy { $0 == UInt8(ascii: "x") })
        }
    }
}
