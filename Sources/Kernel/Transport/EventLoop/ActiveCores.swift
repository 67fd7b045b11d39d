import CSystem
import Glibc

/// How many cores this process may actually use: the online CPUs, narrowed by the process's CPU
/// affinity mask (`taskset`, `--cpuset-cpus`) and by a cgroup CPU quota (`docker --cpus`,
/// Kubernetes limits), rounded up. The default loop count of ``EventLoopGroup``.
enum ActiveCores {
    /// The number of cores to run loops on, at least 1.
    static var count: Int {
        var cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        if let affinity = affinityCount() { cores = min(cores, affinity) }
        if let quota = quotaCores() { cores = min(cores, quota) }
        return max(1, cores)
    }

    /// The CPUs in this process's affinity mask.
    static func affinityCount() -> Int? {
        guard let mask = affinityMask() else { return nil }
        let count = mask.lazy.filter { $0 }.count
        return count > 0 ? count : nil
    }

    /// This process's affinity mask, indexed by CPU number (room for 1024 CPUs, glibc's `cpu_set_t`).
    static func affinityMask() -> [Bool]? {
        var mask = [UInt8](repeating: 0, count: 128)
        let status = mask.withUnsafeMutableBytes { csystem_sched_getaffinity(0, $0.count, $0.baseAddress) }
        guard status == 0 else { return nil }
        return (0..<(mask.count * 8)).map { mask[$0 / 8] & (1 << ($0 % 8)) != 0 }
    }

    /// The cgroup CPU quota in whole cores (rounded up); `nil` when there is none.
    static func quotaCores() -> Int? {
        if let text = readSmallFile("/sys/fs/cgroup/cpu.max") { return cgroup2Quota(text) }
        if let quota = readSmallFile("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"),
            let period = readSmallFile("/sys/fs/cgroup/cpu/cpu.cfs_period_us")
        {
            return cgroup1Quota(quota: quota, period: period)
        }
        return nil
    }

    /// Parses cgroup v2 `cpu.max`: `"<quota> <period>"`, or `"max <period>"` for no limit.
    static func cgroup2Quota(_ text: String) -> Int? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard parts.count >= 2, let quota = Int(parts[0]), let period = Int(parts[1]) else { return nil }
        return cores(quota: quota, period: period)
    }

    /// Parses cgroup v1 `cpu.cfs_quota_us` (`-1` for no limit) and `cpu.cfs_period_us`.
    static func cgroup1Quota(quota: String, period: String) -> Int? {
        let trim: (String) -> Substring = { $0.split(whereSeparator: { $0 == "\n" || $0 == " " }).first ?? "" }
        guard let quota = Int(trim(quota)), let period = Int(trim(period)) else { return nil }
        return cores(quota: quota, period: period)
    }

    private static func cores(quota: Int, period: Int) -> Int? {
        guard quota > 0, period > 0 else { return nil }
        return max(1, (quota + period - 1) / period)
    }

    /// The first few hundred bytes of a file, or `nil` when it cannot be read.
    private static func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}
