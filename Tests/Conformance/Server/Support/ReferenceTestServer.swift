import Kernel
import Synchronization
@testable import Server

/// A reference app over a fresh temporary database, with helpers for authenticated JSON calls.
///
/// ```swift
/// try await ReferenceTestServer.with { server async throws in
///     let project = try await server.createProject("P")
/// }
/// ```
final class ReferenceTestServer: Sendable {
    static let token = "test-token"
    static let origin = "http://localhost:3000"

    let file: TemporaryDatabase
    let store: Store
    let services: ReferenceServices
    let app: CompiledApplication
    let logLines: LogCapture

    /// Opens the store and builds the app; `sleep` defaults to real sleeps (tests use ms delays).
    init(
        configure: (inout AppConfiguration) -> Void = { _ in },
        sleep: @escaping ExecutionEngine.Sleep = ExecutionEngine.realSleep,
        label: String = "api"
    ) async throws {
        file = TemporaryDatabase(label)
        store = try await Store.open(path: file.path)
        var configuration = AppConfiguration()
        configuration.apiTokens = [Self.token]
        configuration.usesDevelopmentToken = false
        configure(&configuration)
        let capture = LogCapture()
        logLines = capture
        let logger = Logger(level: .debug) { capture.append($0) }
        services = ReferenceServices(store: store, runLimit: configuration.maxRunningExecutions, logger: logger, sleep: sleep)
        let application = try ReferenceApp.make(configuration, services: services, logger: logger)
        app = try await application.ready()
    }

    /// Runs `body` against a fresh server, then shuts it down and deletes its files, even when `body` throws.
    static func with(
        configure: (inout AppConfiguration) -> Void = { _ in },
        sleep: @escaping ExecutionEngine.Sleep = ExecutionEngine.realSleep,
        _ body: (ReferenceTestServer) async throws -> Void
    ) async throws {
        let server = try await ReferenceTestServer(configure: configure, sleep: sleep)
        do {
            try await body(server)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    var engine: ExecutionEngine { services.engine }
    var events: ExecutionEvents { services.events }

    /// Stops the engine, closes the store and deletes the files.
    func shutdown() async {
        await services.engine.shutdown()
        await store.close()
        file.remove()
    }

    /// Sends `method path` with the bearer token, the origin, and `json` as the body when given.
    func call(_ method: HTTPMethod, _ path: String, json: JSONValue? = nil, token: String? = ReferenceTestServer.token,
              origin: String? = ReferenceTestServer.origin) async -> InjectResponse {
        var request = json.map { InjectRequest.json(method, path, $0) } ?? InjectRequest(method: method, url: path)
        if let token { request.headers["authorization"] = "Bearer \(token)" }
        if let origin { request.headers["origin"] = origin }
        return await app.inject(request)
    }

    /// Sends raw body text with a content type.
    func send(_ method: HTTPMethod, _ path: String, body: String, contentType: String = "application/json") async -> InjectResponse {
        await app.inject(InjectRequest(
            method: method, url: path,
            headers: ["authorization": "Bearer \(Self.token)", "origin": Self.origin, "content-type": contentType],
            body: Array(body.utf8)))
    }

    /// Creates a project through the API and returns its JSON.
    func createProject(_ name: String = "Project") async throws -> JSONValue {
        let response = await call(.post, "/api/v1/projects", json: ["name": .string(name)])
        guard response.statusCode == 201 else { throw Unexpected(response) }
        return try response.json()
    }

    /// Creates a workflow with `steps` in a new project and returns its JSON.
    func createWorkflow(_ steps: [JSONValue], name: String = "Flow") async throws -> JSONValue {
        let project = try await createProject()
        let response = await call(.post, "/api/v1/projects/\(project["id"]?.string ?? "")/workflows",
                                  json: ["name": .string(name), "steps": .array(steps)])
        guard response.statusCode == 201 else { throw Unexpected(response) }
        return try response.json()
    }

    /// Polls the store until the execution reaches a final status (at most `seconds`).
    func waitForFinal(_ id: String, seconds: Int = 10) async throws -> Execution {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let execution = try await store.execution(id: id), execution.status.isTerminal { return execution }
            try await Task.sleep(for: .milliseconds(2))
        }
        throw Unexpected(message: "execution \(id) did not finish within \(seconds) s")
    }

    /// A response the test did not expect, with its status and body.
    struct Unexpected: Error, CustomStringConvertible {
        let description: String
        init(_ response: InjectResponse) { description = "unexpected \(response.statusCode): \(response.text)" }
        init(message: String) { description = message }
    }
}

/// Log lines captured from a ``Logger`` sink.
final class LogCapture: Sendable {
    private let lines = Lock<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
    /// Every line parsed as JSON.
    var parsed: [JSONValue] { all.compactMap { try? JSONValue(parsing: Array($0.utf8)) } }
}

/// Step literals for tests.
enum Step {
    static func delay(_ ms: Int, id: String? = nil, name: String = "wait") -> JSONValue {
        with(id, ["name": .string(name), "kind": "delay", "config": ["ms": .number(Double(ms))]])
    }
    static func set(_ key: String, _ value: JSONValue, id: String? = nil, name: String = "store") -> JSONValue {
        with(id, ["name": .string(name), "kind": "set", "config": ["key": .string(key), "value": value]])
    }
    static func fail(_ message: String, id: String? = nil, name: String = "explode") -> JSONValue {
        with(id, ["name": .string(name), "kind": "fail", "config": ["message": .string(message)]])
    }
    /// The step with `"id"` as its first key when given.
    private static func with(_ id: String?, _ step: JSONValue) -> JSONValue {
        guard let id, case .object(let members) = step else { return step }
        var object: JSONObject = ["id": .string(id)]
        for (key, value) in members { object[key] = value }
        return .object(object)
    }
}

/// A `delay` that announces each start and then waits until cancelled or released,
/// so tests can act while an execution is inside a delay.
final class GatedSleep: Sendable {
    private let entered: AsyncStream<Duration>.Continuation
    let entries: AsyncStream<Duration>
    private let released = Lock(false)

    init() { (entries, entered) = AsyncStream.makeStream(of: Duration.self) }

    /// The engine's `sleep`.
    var sleep: ExecutionEngine.Sleep {
        { [self] duration in
            entered.yield(duration)
            while !released.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(1)) }
        }
    }

    /// Lets every current and later delay end.
    func release() { released.withLock { $0 = true } }

    /// Waits for the next delay to start.
    func nextEntry() async -> Duration? {
        var iterator = entries.makeAsyncIterator()
        return await iterator.next()
    }
}

/// Runs `body` with a store on a fresh temporary database, then closes and deletes it, even on throw.
func withTemporaryStore(_ label: String = "store", _ body: (Store) async throws -> Void) async throws {
    let file = TemporaryDatabase(label)
    let store = try await Store.open(path: file.path)
    do {
        try await body(store)
    } catch {
        await store.close()
        file.remove()
        throw error
    }
    await store.close()
    file.remove()
}
