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

/// Idle time of the CPUs this process may run on, from the `cpuN` lines of `/proc/stat` (`idle` plus
/// `iowait`), in nanoseconds. CPUs outside the affinity mask (`taskset`, a container's cpuset) do not
/// count: their idle time is no room for a loop. A cgroup CPU quota is not taken into account.
final class MachineIdleClock {
    private let descriptor: Int32
    private let nanosecondsPerTick: UInt64
    private let allowedCPUs: [Bool]
    private let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64 * 1024)

    /// Opens `/proc/stat` for the CPUs in `allowedCPUs` (indexed by CPU number; empty for every CPU),
    /// or `nil` when it cannot be read.
    init?(allowedCPUs: [Bool] = ActiveCores.affinityMask() ?? []) {
        self.allowedCPUs = allowedCPUs
        nanosecondsPerTick = 1_000_000_000 / UInt64(max(1, sysconf(Int32(_SC_CLK_TCK))))
        descriptor = open("/proc/stat", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0, read() != nil else { return nil }  // deinit closes the descriptor
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
        buffer.deallocate()
    }

    /// Total idle time so far, or `nil` if the read failed.
    func read() -> UInt64? {
        var length = 0
        while length < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + length, buffer.count - length, off_t(length))
            guard count >= 0 else { return nil }
            if count == 0 { break }
            length += count
        }
        let text = UnsafeBufferPointer(rebasing: buffer[..<length])
        return Self.parseIdleTicks(text, allowedCPUs: allowedCPUs).map { $0 &* nanosecondsPerTick }
    }

    /// Sums `idle + iowait`, in clock ticks, over the `cpuN` lines whose `N` is allowed (every one when
    /// `allowedCPUs` is empty); `nil` when no such line parses.
    static func parseIdleTicks(_ text: UnsafeBufferPointer<UInt8>, allowedCPUs: [Bool]) -> UInt64? {
        var total: UInt64 = 0
        var counted = false
        var lineStart = 0
        while lineStart < text.count {
            var lineEnd = lineStart
            while lineEnd < text.count, text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let line = UnsafeBufferPointer(rebasing: text[lineStart..<lineEnd])
            lineStart = lineEnd + 1
            guard line.count > 3, line[0] == UInt8(ascii: "c"), line[1] == UInt8(ascii: "p"), line[2] == UInt8(ascii: "u"),
                line[3] != UInt8(ascii: " ")
            else { continue }
            var fields = DecimalFields(UnsafeBufferPointer(rebasing: line[3...]))
            guard let cpu = fields.next(), allowedCPUs.isEmpty || (cpu < allowedCPUs.count && allowedCPUs[Int(cpu)]),
                fields.next() != nil, fields.next() != nil, fields.next() != nil,
                let idle = fields.next(), let iowait = fields.next()
            else { continue }
            total &+= idle &+ iowait
            counted = true
        }
        return counted ? total : nil
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
