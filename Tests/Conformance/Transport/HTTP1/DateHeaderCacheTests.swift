import Testing

@testable import Kernel

@Suite("DateHeaderCache")
struct DateHeaderCacheTests {
    @Test("DATE-001 IMF-fixdate formatting", arguments: [
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_735_689_599, "Tue, 31 Dec 2024 23:59:59 GMT"),
    ])
    func formatting(second: Int, expected: String) {
        #expect(DateHeaderCache.imfFixdate(epochSecond: second) == bytes(expected))
    }

    @Test("DATE-002 the value is formatted at most once per second")
    func oncePerSecond() {
        var cache = DateHeaderCache()
        let first = cache.value(atEpochSecond: 784_111_777)
        #expect(cache.value(atEpochSecond: 784_111_777) == first)
        #expect(cache.formatCount == 1)
        #expect(cache.value(atEpochSecond: 784_111_778) == bytes("Sun, 06 Nov 1994 08:49:38 GMT"))
        #expect(cache.formatCount == 2)
        #expect(cache.currentValue().count == 29)
    }
}
