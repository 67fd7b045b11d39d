import Synchronization

/// The application frozen at `ready()`: routes, hook chains and handlers, all immutable and Sendable.
///
/// The transport and ``Application/inject(_:)`` both call ``handle(_:)``; nothing on that path takes a lock.
public final class CompiledApplication: Sendable {
    let options: ApplicationOptions
    /// One route table per method, scanned in order: a handful of short method names compare faster than they hash.
    let tables: [MethodRoutes]
    let routes: [CompiledRoute]
    /// Not-found contexts, longest prefix first; the last one is the root's.
    let notFoundLevels: [(prefix: String, route: CompiledRoute)]
    let requestIDs = RequestIDGenerator()
    let lifecycle: [(hook: ApplicationHook, sequence: Int, depth: Int, body: LifecycleHook)]
    let closing = Atomic<Bool>(false)
    /// The largest body any route accepts; the transport refuses larger bodies before reading them.
    public let maximumBodyLimit: Int
    /// The smallest body limit of any route or not-found level: a declared body no longer than this fits
    /// wherever the request goes, so the transport need not find its route before reading it.
    public let minimumBodyLimit: Int

    init(
        options: ApplicationOptions, tables: [HTTPMethod: RouteTable<Int>], routes: [CompiledRoute],
        notFoundLevels: [(prefix: String, route: CompiledRoute)],
        lifecycle: [(hook: ApplicationHook, sequence: Int, depth: Int, body: LifecycleHook)]
    ) {
        self.options = options
        // The usual methods first, so GET is found at once.
        self.tables = tables.sorted { Self.scanOrder($0.key) < Self.scanOrder($1.key) }.map { MethodRoutes(method: $0.key, table: $0.value) }
        self.routes = routes
        self.notFoundLevels = notFoundLevels
        self.lifecycle = lifecycle
        let limits = routes.map(\.bodyLimit) + notFoundLevels.map(\.route.bodyLimit)
        maximumBodyLimit = limits.max() ?? options.bodyLimit
        minimumBodyLimit = min(limits.min() ?? options.bodyLimit, options.bodyLimit)
    }

    private static func scanOrder(_ method: HTTPMethod) -> Int {
        HTTPMethod.supported.firstIndex(of: method) ?? HTTPMethod.supported.count
    }

    /// The application's options.
    public var settings: ApplicationOptions { options }

    /// Whether `close()` has begun.
    public var isClosing: Bool { closing.load(ordering: .relaxed) }

    /// A new request id.
    public func nextRequestID(headers: HTTPHeaders) -> String { nextRequestIdentity(headers: headers).id }

    /// A new request id, left as a number until read.
    func nextRequestIdentity(headers: HTTPHeaders) -> RequestIdentity {
        if let name = options.requestIDHeader, let value = headers[name], !value.isEmpty { return .text(value) }
        return .number(requestIDs.nextNumber())
    }

    /// The not-found context for `path`: the one with the longest prefix that contains it.
    func notFoundRoute(for path: Substring) -> CompiledRoute {
        for level in notFoundLevels where level.prefix.isEmpty || path.hasPrefix(level.prefix) {
            let rest = path.dropFirst(level.prefix.count)
            if level.prefix.isEmpty || rest.isEmpty || rest.hasPrefix("/") || level.prefix.hasSuffix("/") { return level.route }
        }
        return notFoundLevels[notFoundLevels.count - 1].route
    }

    /// Runs the application hooks of one kind in Fastify's order (`onClose` in reverse), with `late` ones (added
    /// after `ready()`) in their place by registration order.
    func runLifecycle(
        _ hook: ApplicationHook, adding late: [(hook: ApplicationHook, sequence: Int, depth: Int, body: LifecycleHook)] = []
    ) async throws {
        var hooks = (lifecycle + late).filter { $0.hook == hook }
        if hook == .onClose { hooks.sort { $0.sequence > $1.sequence } }
        var firstError: (any Error)?
        for entry in hooks {
            do { try await entry.body() } catch {
                if hook == .onReady { throw KernelError(.hookFailed, "onReady", String(describing: error), underlying: error) }
                if firstError == nil { firstError = error }
            }
        }
        if let firstError, hook == .onClose { throw firstError }
    }
}

/// One method's route table. A reference: finding the table for a request copies nothing (a tuple of a
/// method and a generic table was copied through the runtime's value witnesses on every lookup).
final class MethodRoutes: Sendable {
    let method: HTTPMethod
    let table: RouteTable<Int>

    init(method: HTTPMethod, table: RouteTable<Int>) {
        self.method = method
        self.table = table
    }
}
