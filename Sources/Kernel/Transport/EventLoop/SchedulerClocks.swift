import Glibc

/// A thread's scheduler clocks from `/proc/thread-self/schedstat`: time on a CPU and time spent
/// runnable but waiting for one, in nanoseconds.
///
/// Open it on the thread to measure: the descriptor stays bound to that thread, and each reading is
/// one `pread` (the kernel regenerates the text at offset 0). Where `/proc` is missing, `open`
/// returns `nil` and loop parking stays off.
final class ThreadSchedulerClock {
    private let descriptor: Int32

    /// Opens the calling thread's clocks, or `nil` when the kernel does not expose them.
    init?() {
        let descriptor = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        guard read() != nil else { return nil }  // deinit closes the descriptor
    }

    deinit { Glibc.close(descriptor) }

    /// The thread's total CPU time and total wait time, or `nil` if the read failed.
    func read() -> (running: UInt64, waiting: UInt64)? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 96) { buffer in
            let count = pread(descriptor, buffer.baseAddress, buffer.count, 0)
            guard count > 0 else { return nil }
            return Self.parse(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Parses `"<running ns> <waiting ns> <timeslices>\n"`.
    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> (running: UInt64, waiting: UInt64)? {
        var fields = DecimalFields(text)
        guard let running = fields.next(), let waiting = fields.next() else { return nil }
        return (running, waiting)
    }
}

/// The machine's idle time from the first line of `/proc/stat` (`idle` plus `iowait`, summed over
/// every CPU), in nanoseconds.
final class MachineIdleClock {
    private let descriptor: Int32
    private let nanosecondsPerTick: UInt64

    /// Opens `/proc/stat`, or `nil` when it cannot be read.
    init?() {
        let descriptor = open("/proc/stat", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        nanosecondsPerTick = 1_000_000_000 / UInt64(max(1, sysconf(Int32(_SC_CLK_TCK))))
        guard read() != nil else { return nil }  // deinit closes the descriptor
    }

    deinit { Glibc.close(descriptor) }

    /// Total idle time so far, or `nil` if the read failed.
    func read() -> UInt64? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer in
            let count = pread(descriptor, buffer.baseAddress, buffer.count, 0)
            guard count > 0, let ticks = Self.parseIdleTicks(UnsafeBufferPointer(rebasing: buffer[..<count])) else {
                return nil
            }
            return ticks &* nanosecondsPerTick
        }
    }

    /// Parses `"cpu  user nice system idle iowait ..."` into `idle + iowait`, in clock ticks.
    static func parseIdleTicks(_ text: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard text.count > 4, text[0] == UInt8(ascii: "c"), text[1] == UInt8(ascii: "p"),
            text[2] == UInt8(ascii: "u"), text[3] == UInt8(ascii: " ")
        else { return nil }
        var fields = DecimalFields(UnsafeBufferPointer(rebasing: text[4...]))
        guard fields.next() != nil, fields.next() != nil, fields.next() != nil,
            let idle = fields.next(), let iowait = fields.next()
        else { return nil }
        return idle &+ iowait
    }
}

/// Space-separated unsigned decimal fields on one line.
struct DecimalFields {
    private let text: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(_ text: UnsafeBufferPointer<UInt8>) { self.text = text }

    /// The next field, or `nil` at the end of the line or on a byte that is not a digit.
    mutating func next() -> UInt64? {
        while index < text.count, text[index] == UInt8(ascii: " ") { index += 1 }
        var value: UInt64 = 0
        var digits = 0
        while index < text.count, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = product &+ UInt64(text[index] &- UInt8(ascii: "0"))
            index += 1
            digits += 1
        }
        guard digits > 0 else { return nil }
        guard index == text.count || text[index] == UInt8(ascii: " ") || text[index] == UInt8(ascii: "\n") else {
            return nil
        }
        return value
    }
}
