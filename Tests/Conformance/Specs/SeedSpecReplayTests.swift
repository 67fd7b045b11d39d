import Kernel
@testable import Server
import Testing

/// The seed's spec files replayed against the reference backend: (a) in-process and (b) over a socket.
@Suite("Seed specs against the reference backend", .serialized)
struct SeedSpecReplayTests {
    static let files = ["seed-cors.md"]

    /// The reference app as `swift run server` builds it (seed token, seed origin), on a temporary database.
    private func withReferenceApp(
        configure: (inout AppConfiguration) -> Void = { _ in },
        _ body: (Application) async throws -> Void
    ) async throws {
        let file = TemporaryDatabase("seed-specs")
        let store = try await Store.open(path: file.path)
        var configuration = AppConfiguration()
        configure(&configuration)
        let services = ReferenceServices(store: store, logger: .discarding, sleep: ExecutionEngine.realSleep)
        let app = try ReferenceApp.make(configuration, services: services, logger: .discarding)
        do { try await body(app) } catch {
            try? await app.close(); await services.engine.shutdown(); await store.close(); file.remove()
            throw error
        }
        try? await app.close()
        await services.engine.shutdown()
        await store.close()
        file.remove()
    }

    @Test("(a) seed-cors.md passes in-process through inject")
    func inProcess() async throws {
        let cases = try Self.files.flatMap { try SpecLoader.load($0) }
        try await withReferenceApp { app in
            let report = await SpecReplayer(http: try await InjectTarget(app)).run(cases)
            #expect(report.failedIDs == [], "\n\(report)")
            #expect(report.lines.last == "\(cases.count) passed, 0 failed")
        }
    }

    @Test("(b) seed-cors.md passes over a real socket against the reference server on an ephemeral port")
    func overSocket() async throws {
        let cases = try Self.files.flatMap { try SpecLoader.load($0) }
        try await withReferenceApp { app in
            let port = try await app.listen(ServerConfiguration(host: "127.0.0.1", port: 0))
            let report = await SpecReplayer(http: SocketTarget(host: "127.0.0.1", port: port)).run(cases)
            #expect(report.failedIDs == [], "\n\(report)")
            #expect(report.lines.last == "\(cases.count) passed, 0 failed")
        }
    }

    @Test("the seed specs can fail: with no CORS origin configured, exactly the Allow-Origin cases fail")
    func canFail() async throws {
        let cases = try Self.files.flatMap { try SpecLoader.load($0) }
        try await withReferenceApp(configure: { $0.corsOrigins = [] }) { app in
            let report = await SpecReplayer(http: try await InjectTarget(app)).run(cases)
            #expect(report.failedIDs == ["SEED-CORS-001", "SEED-CORS-002", "SEED-CORS-003", "SEED-CORS-004", "SEED-CORS-005"], "\n\(report)")
        }
    }
}
