import Foundation
import Kernel
@testable import Server
import Testing

/// The seed's spec files replayed against the reference backend: (a) in-process and (b) over a socket.
@Suite("Seed specs against the reference backend", .serialized)
struct SeedSpecReplayTests {
    static let files = ["seed-cors.md", "security-headers-cases.md"]

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
            #expect(report.failedIDs == ["SEED-CORS-001", "SEED-CORS-002", "SEED-CORS-003", "SEED-CORS-004", "SEED-CORS-005", "SEED-CORS-007", "SEC-002", "SEC-003", "SEC-004"], "\n\(report)")
        }
    }

    /// Creates what the seed's WebSocket cases name: an execution that completes in a few seconds
    /// (`EXECUTION_ID`) and a workflow with a long-running execution (`WORKFLOW_ID`); returns the cases
    /// with those placeholders replaced by the real ids.
    static func seedWebSocketCases(_ target: some HTTPTarget, token: String = AppConfiguration.developmentToken) async throws -> [SpecCase] {
        func post(_ path: String, _ body: JSONValue? = nil) async throws -> String {
            var headers = [("Authorization", "Bearer \(token)")]
            if body != nil { headers.append(("Content-Type", "application/json")) }
            let response = try await target.send(method: "POST", url: try SpecURL(parsing: "http://localhost:3001" + path),
                                                 headers: headers, body: body.map { Array($0.jsonText.utf8) })
            guard let id = (try? JSONValue(parsing: response.body))?["id"]?.string else {
                throw ConnectError(description: "POST \(path) answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
            }
            return id
        }
        let project = try await post("/api/v1/projects", ["name": "seed"])
        let step = { (id: String, kind: String, config: JSONValue) -> JSONValue in ["id": .string(id), "name": .string(id), "kind": .string(kind), "config": config] }
        let quick = try await post("/api/v1/projects/\(project)/workflows", ["name": "quick", "steps": [
            step("step-1", "delay", ["ms": 1200]), step("step-2", "set", ["key": "ok", "value": true]), step("step-3", "delay", ["ms": 1200]),
        ]])
        let slow = try await post("/api/v1/projects/\(project)/workflows", ["name": "slow", "steps": [step("long", "delay", ["ms": 30_000])]])
        _ = try await post("/api/v1/workflows/\(slow)/executions")
        let execution = try await post("/api/v1/workflows/\(quick)/executions")
        let text = try String(contentsOfFile: SpecLoader.directory + "/seed-websocket.md", encoding: .utf8)
            .replacingOccurrences(of: "EXECUTION_ID", with: execution)
            .replacingOccurrences(of: "WORKFLOW_ID", with: slow)
        return try SpecParser.parse(text, file: "Specs/seed-websocket.md")
    }

    @Test("(a) seed-websocket.md: the three message formats, timings and close, in-process")
    func webSocketInProcess() async throws {
        try await withReferenceApp { app in
            let compiled = try await app.ready()
            let cases = try await Self.seedWebSocketCases(InjectTarget(compiled: compiled))
            let report = await SpecReplayer(http: InjectTarget(compiled: compiled), webSocket: InjectWebSocketTarget(application: compiled)).run(cases)
            #expect(report.failedIDs == [], "\n\(report)")
            #expect(report.lines.last == "3 passed, 0 failed")
        }
    }

    @Test("(b) seed-websocket.md over a real socket against the reference server")
    func webSocketOverSocket() async throws {
        try await withReferenceApp { app in
            let port = try await app.listen(ServerConfiguration(host: "127.0.0.1", port: 0))
            let cases = try await Self.seedWebSocketCases(SocketTarget(host: "127.0.0.1", port: port))
            let report = await SpecReplayer(http: SocketTarget(host: "127.0.0.1", port: port), webSocket: SocketWebSocketTarget(host: "127.0.0.1", port: port)).run(cases)
            #expect(report.failedIDs == [], "\n\(report)")
            #expect(report.lines.last == "3 passed, 0 failed")
        }
    }
}
