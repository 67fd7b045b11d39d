import Testing

@testable import Kernel

/// Each `HTTPHeaderBlock` has a serial no other block gets; `sharesFields(of:)` asks the parts' serials first,
/// then compares bytes. The answers must be those of the byte comparison alone.
@Suite("HTTPHeaderBlock serials")
struct HTTPHeaderBlockSerialTests {
    @Test("sharesFields through joins of joins answers as the byte comparison of 0ff3034 does")
    func nestedJoins() throws {
        func oldIncludes(_ mine: HTTPHeaderBlock, _ other: HTTPHeaderBlock) -> Bool {
            if mine === other { return true }
            let count = other.wireLines.count
            guard count > 0 else { return true }
            return mine.partRanges.contains { $0.count == count && Array(mine.wireLines[$0]) == other.wireLines }
        }
        let a = try HTTPHeaderBlock([("x-a", "1")]), b = try HTTPHeaderBlock([("x-b", "22")])
        let c = try HTTPHeaderBlock([("x-c", "1"), ("x-d", "1")]), twin = try HTTPHeaderBlock([("x-a", "1")])
        var headers = HTTPHeaders()
        headers.set(a)
        headers.set(b)
        headers.set(c)
        let joined = try #require(a.followed(by: b))
        let all = try #require(headers.sharedBlock?.block)
        for candidate in [a, b, c, twin, joined, all] {
            #expect(all.includesFields(of: candidate) == oldIncludes(all, candidate))
            #expect(joined.includesFields(of: candidate) == oldIncludes(joined, candidate))
            #expect(headers.sharesFields(of: candidate) == oldIncludes(all, candidate))
        }
    }

    @Test("blocks made and joined on many threads at once get distinct serials and stay shared")
    func concurrentSerials() async throws {
        let serials = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for task in 0..<8 {
                group.addTask {
                    var made: [UInt64] = []
                    for index in 0..<500 {
                        let first = try HTTPHeaderBlock([("x-\(task)", "\(index)")])
                        let second = try HTTPHeaderBlock([("y-\(task)", "\(index)")])
                        var headers = HTTPHeaders()
                        headers.set(first)
                        headers.set(second)
                        guard headers.sharesFields(of: first), headers.sharesFields(of: second) else { return [] }
                        made += [first.serial, second.serial, headers.sharedBlock!.block.serial]
                    }
                    return made
                }
            }
            return try await group.reduce(into: [UInt64]()) { $0 += $1 }
        }
        #expect(serials.count == 8 * 500 * 3)
        #expect(Set(serials).count == serials.count)
    }
}
