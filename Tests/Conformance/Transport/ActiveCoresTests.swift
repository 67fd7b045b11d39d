import Glibc
import Testing
@testable import Kernel

@Suite("Default loop count: the cores this process may use")
struct ActiveCoresTests {
    @Test("cgroup v2 cpu.max: a quota rounds up to whole cores; `max` means no limit")
    func cgroup2() {
        #expect(ActiveCores.cgroup2Quota("max 100000\n") == nil)
        #expect(ActiveCores.cgroup2Quota("200000 100000\n") == 2)
        #expect(ActiveCores.cgroup2Quota("150000 100000") == 2)
        #expect(ActiveCores.cgroup2Quota("50000 100000") == 1)
        #expect(ActiveCores.cgroup2Quota("garbage") == nil)
    }

    @Test("cgroup v1 cfs quota and period; -1 means no limit")
    func cgroup1() {
        #expect(ActiveCores.cgroup1Quota(quota: "-1\n", period: "100000\n") == nil)
        #expect(ActiveCores.cgroup1Quota(quota: "300000\n", period: "100000\n") == 3)
        #expect(ActiveCores.cgroup1Quota(quota: "1\n", period: "0\n") == nil)
    }

    @Test("the count lies between 1 and the online CPUs, and within the affinity mask")
    func bounds() throws {
        let online = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let affinity = try #require(ActiveCores.affinityCount())
        #expect(affinity >= 1 && affinity <= online)
        #expect(EventLoopGroup.activeCoreCount >= 1)
        #expect(EventLoopGroup.activeCoreCount <= affinity)
    }
}
