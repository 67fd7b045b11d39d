import Kernel
import Testing

@Suite("Spec replays: Specs/*.md in-process through inject")
struct SpecReplayTests {
    /// The files replayed in-process against ``KernelSpecApp``.
    static let kernelFiles = ["kernel-lifecycle.md", "errors-cases.md"]

    private func kernelCases() throws -> [SpecCase] {
        try Self.kernelFiles.flatMap { try SpecLoader.load($0) }
    }

    @Test("every Specs/*.md file parses and IDs are unique across files; the seed files hold the expected cases")
    func allSpecFilesParse() throws {
        let all = try SpecLoader.loadAll()
        #expect(Set(all.map(\.id)).count == all.count)
        let cors = try SpecLoader.load("seed-cors.md")
        #expect(cors.map(\.id) == (1...7).map { "SEED-CORS-00\($0)" })
        guard case .http(let first) = cors[0] else { Issue.record("SEED-CORS-001 is not an HTTP case"); return }
        // The seed's command, byte for byte (§Next Steps 2).
        #expect(first.curl == """
            curl -v -H "Origin: http://localhost:3000" \\
                 -H "Authorization: Bearer justin-access-token" \\
                 http://localhost:3001/api/v1/projects 2>&1 | grep -i "access-control"
            """)
        #expect(first.request.header("host") == "localhost:3001")
        let ws = try SpecLoader.load("seed-websocket.md")
        #expect(ws.map(\.id) == ["SEED-WS-001", "SEED-WS-002", "SEED-WS-003"])
        #expect(ws.allSatisfy { if case .webSocket = $0 { true } else { false } })
        #expect(try kernelCases().count >= 18)
    }

    @Test("Specs/errors.md keeps its code table: no case blocks, every row still backticked")
    func errorsTableUntouched() throws {
        #expect(try SpecLoader.load("errors.md").isEmpty)
    }

    @Test("kernel-lifecycle.md and errors-cases.md: every case passes in-process")
    func inProcessReplay() async throws {
        let cases = try kernelCases()
        let report = await SpecReplayer(http: try await InjectTarget(try KernelSpecApp.make())).run(cases)
        #expect(report.failedIDs == [], "\n\(report)")
        #expect(report.lines.count == cases.count + 1)
        #expect(report.lines.last == "\(cases.count) passed, 0 failed")
        #expect(report.lines.dropLast().allSatisfy { $0.hasPrefix("PASS ") })
    }

    @Test("the seed's WebSocket cases are skipped in-process, with the reason on their line")
    func webSocketSkippedInProcess() async throws {
        let cases = try SpecLoader.load("seed-websocket.md")
        let report = await SpecReplayer(http: try await InjectTarget(try KernelSpecApp.make())).run(cases)
        #expect(report.lines == cases.map { "SKIP \($0.id): this replay has no WebSocket transport (in-process inject)" } + ["3 skipped", "0 passed, 0 failed"])
    }

    /// A deliberately broken app and exactly the cases that must notice.
    static let breakages: [(KernelSpecApp.Breakage, [String])] = [
        (.withoutOnSendHook, ["KERNEL-HOOK-001", "KERNEL-HOOK-002", "KERNEL-HOOK-003", "KERNEL-HOOK-006", "KERNEL-ENCAP-002", "ERR-413-001"]),
        (.withoutAuthHook, ["KERNEL-HOOK-004"]),
        (.withoutBodyLimit, ["ERR-413-001"]),
    ]

    @Test("the suite can fail: a broken app fails exactly the expected cases", arguments: breakages)
    func brokenApp(_ breakage: KernelSpecApp.Breakage, _ expected: [String]) async throws {
        let cases = try kernelCases()
        let report = await SpecReplayer(http: try await InjectTarget(try KernelSpecApp.make(breaking: breakage))).run(cases)
        #expect(report.failedIDs == expected, "\n\(report)")
        #expect(report.lines.last == "\(cases.count - expected.count) passed, \(expected.count) failed")
        for id in expected {
            #expect(report.lines.contains { $0.hasPrefix("FAIL \(id) (Specs/") }, "\(id) has a FAIL line with its location")
        }
    }

    @Test("a failure line says what differed")
    func failureLine() async throws {
        let cases = try SpecLoader.load("kernel-lifecycle.md").filter { $0.id == "KERNEL-HOOK-004" }
        let report = await SpecReplayer(http: try await InjectTarget(try KernelSpecApp.make(breaking: .withoutAuthHook))).run(cases)
        let line = try #require(report.lines.first)
        #expect(line.hasPrefix("FAIL KERNEL-HOOK-004 (Specs/kernel-lifecycle.md:"))
        #expect(line.contains("status: expected 401, got 200"))
        #expect(line.contains(#"json $: expected object {statusCode, error, message}, got [{"id":"p1""#))
        #expect(report.lines.last == "0 passed, 1 failed")
    }

    @Test("InjectTarget sends the URL's path and query and keeps its host:port in Host")
    func injectMapping() async throws {
        let spec = try SpecParser.parse("""
            ```case
            id: MAP-001
            source: test
            curl: curl -s 'http://api.example:3001/inspect?a=1#frag' -H 'X-Extra: 1'
            expect json url: "/inspect?a=1"
            expect json host: "api.example:3001"
            expect json user-agent: "\(CurlCommand.defaultUserAgent)"
            ```
            """, file: "map.md")
        let report = await SpecReplayer(http: try await InjectTarget(try KernelSpecApp.make())).run(spec)
        #expect(report.lines == ["PASS MAP-001", "1 passed, 0 failed"])
    }
}

@Suite("Spec replays over sockets and against a live server", .serialized)
struct SpecSocketReplayTests {
    @Test("kernel-lifecycle.md and errors-cases.md: every case passes over a real socket")
    func socketReplay() async throws {
        let cases = try SpecReplayTests.kernelFiles.flatMap { try SpecLoader.load($0) }
        let app = try KernelSpecApp.make()
        let port = try await app.listen(ServerConfiguration(host: "127.0.0.1", port: 0))
        let report = await SpecReplayer(http: SocketTarget(host: "127.0.0.1", port: port)).run(cases)
        try await app.close()
        #expect(report.failedIDs == [], "\n\(report)")
        #expect(report.lines.last == "\(cases.count) passed, 0 failed")
    }

    @Test("against a server with none of the routes, every case fails loudly and nothing crashes")
    func unrelatedServerFails() async throws {
        let cases = try SpecReplayTests.kernelFiles.flatMap { try SpecLoader.load($0) }
        let unrelated = Application()
        try unrelated.get("/") { _, reply in reply.send("an unrelated server") }
        let port = try await unrelated.listen(ServerConfiguration(host: "127.0.0.1", port: 0))
        let report = await SpecReplayer(http: SocketTarget(host: "127.0.0.1", port: port)).run(cases)
        try await unrelated.close()
        // A few cases (404 bodies) hold for any Fastify-like server; most must fail.
        #expect(report.failedIDs.count * 4 >= cases.count * 3, "\n\(report)")
        #expect(report.lines.last?.hasSuffix("failed") == true)
    }

    @Test("a closed port reports every case as failed with the connection error")
    func nothingListening() async throws {
        let cases = try SpecReplayTests.kernelFiles.flatMap { try SpecLoader.load($0) }.prefix(3)
        let report = await SpecReplayer(http: SocketTarget(host: "127.0.0.1", port: 1)).run(Array(cases))
        #expect(report.failedIDs.count == 3)
        #expect(report.lines.last == "0 passed, 3 failed")
    }
}

/// Replay (c): the reference-server spec files against any live server named by `CONFORMANCE_BASE_URL`,
/// e.g. `CONFORMANCE_BASE_URL=http://127.0.0.1:3001 swift test --filter LiveServer`. No Swift code of the
/// server is needed; without the variable the suite is skipped.
@Suite("Spec replay against a live server (CONFORMANCE_BASE_URL)",
       .enabled(if: ProcessInfoLite()["CONFORMANCE_BASE_URL"] != nil))
struct LiveServerSpecTests {
    /// The spec files that describe the reference backend.
    static let files = ["seed-cors.md", "security-headers-cases.md"]

    @Test("the reference-server spec files pass against CONFORMANCE_BASE_URL")
    func liveReplay() async throws {
        let base = try #require(ProcessInfoLite()["CONFORMANCE_BASE_URL"])
        let cases = try Self.files.flatMap { try SpecLoader.load($0) }
        let report = await SpecReplayer(http: try SocketTarget(baseURL: base)).run(cases)
        print(report.lines.joined(separator: "\n"))
        #expect(report.failedIDs == [], "\n\(report)")
    }

    @Test("the seed's WebSocket cases pass against CONFORMANCE_BASE_URL (fixtures made through its REST API)")
    func liveWebSocketReplay() async throws {
        let base = try #require(ProcessInfoLite()["CONFORMANCE_BASE_URL"])
        let http = try SocketTarget(baseURL: base)
        let token = ProcessInfoLite()["CONFORMANCE_TOKEN"] ?? "justin-access-token"
        let cases = try await SeedSpecReplayTests.seedWebSocketCases(http, token: token)
        let report = await SpecReplayer(http: http, webSocket: SocketWebSocketTarget(host: http.host, port: http.port)).run(cases)
        print(report.lines.joined(separator: "\n"))
        #expect(report.failedIDs == [], "\n\(report)")
    }
}
