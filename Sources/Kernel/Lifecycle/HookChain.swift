/// A hook as registered: one that may suspend, or one that never does.
enum HookBody: Sendable {
    case suspending(RequestHook)
    case synchronous(SynchronousRequestHook)
}

/// One phase's hooks for one route, frozen at `ready()`; `nil` when the phase is empty, so it costs one branch.
///
/// A class, so a route hands its chain on as one reference: as a struct of arrays, each pass copied it and
/// retained every array.
final class HookChain: Sendable {
    let hooks: [HookBody]
    /// Every hook is synchronous: the chain can run without an async frame (see ``runAllNow(_:_:)``).
    let isSynchronous: Bool
    /// The synchronous hooks, boxed, when ``isSynchronous``. ``runNow(_:_:)`` calls them through `unretained`,
    /// which points at the same boxes: calling each from `hooks` copied its closure, one retain and release a hook.
    /// Safe because the chain owns the boxes here, never changes, and is alive while its own method runs.
    private let boxes: [SynchronousHookBox]
    private let unretained: [Unmanaged<SynchronousHookBox>]

    init(hooks: [HookBody]) {
        self.hooks = hooks
        isSynchronous = hooks.allSatisfy { if case .synchronous = $0 { true } else { false } }
        boxes = isSynchronous ? hooks.compactMap { if case .synchronous(let body) = $0 { SynchronousHookBox(body) } else { nil } } : []
        unretained = boxes.map { Unmanaged.passUnretained($0) }
    }

    /// Runs the hooks in order; stops after a hook sends (or hijacks). Throws the first hook error.
    @inline(__always)
    nonisolated(nonsending) func run(_ request: inout Request, _ reply: inout Reply) async throws {
        for hook in hooks {
            switch hook {
            case .synchronous(let body): try body(&request, &reply)
            case .suspending(let body): try await body(&request, &reply)
            }
            if reply.isSent { return }
        }
    }

    /// Runs every hook regardless of `isSent` (onSend, onResponse: they see the final reply).
    @inline(__always)
    nonisolated(nonsending) func runAll(_ request: inout Request, _ reply: inout Reply) async throws {
        if isSynchronous { return try runAllNow(&request, &reply) }
        for hook in hooks {
            switch hook {
            case .synchronous(let body): try body(&request, &reply)
            case .suspending(let body): try await body(&request, &reply)
            }
        }
    }

    /// ``run(_:_:)`` for a chain that ``isSynchronous``, from synchronous code.
    @inline(__always)
    func runNow(_ request: inout Request, _ reply: inout Reply) throws {
        assert(isSynchronous, "runNow on a chain with async hooks")
        for hook in unretained {
            try hook._withUnsafeGuaranteedRef { try $0.body(&request, &reply) }
            if reply.isSent { return }
        }
    }

    /// ``runAll(_:_:)`` for a chain that ``isSynchronous``, from synchronous code.
    @inline(__always)
    func runAllNow(_ request: inout Request, _ reply: inout Reply) throws {
        assert(isSynchronous, "runAllNow on a chain with async hooks")
        for hook in unretained { try hook._withUnsafeGuaranteedRef { try $0.body(&request, &reply) } }
    }
}

/// A registered hook with its registration sequence, which orders hooks from different scopes.
struct HookEntry {
    let sequence: Int
    let hook: HookBody
}

/// The hooks one scope registered itself, per phase.
struct HookStore {
    private(set) var entries: [Hook: [HookEntry]] = [:]

    mutating func add(_ phase: Hook, sequence: Int, _ hook: HookBody) {
        entries[phase, default: []].append(HookEntry(sequence: sequence, hook: hook))
    }

    func count(_ phase: Hook) -> Int { entries[phase]?.count ?? 0 }

    /// Every phase's hooks from `stores` (the scope chain, root first) merged by registration order, then `routeLevel`.
    static func freeze(_ stores: [HookStore], routeLevel: [Hook: [RequestHook]]) -> [Hook: HookChain] {
        var result: [Hook: HookChain] = [:]
        for phase in Hook.allCases {
            var merged = stores.flatMap { $0.entries[phase] ?? [] }
            merged.sort { $0.sequence < $1.sequence }
            let hooks = merged.map(\.hook) + (routeLevel[phase] ?? []).map(HookBody.suspending)
            if !hooks.isEmpty { result[phase] = HookChain(hooks: hooks) }
        }
        return result
    }
}

/// A synchronous hook in a class of its own, so a chain can call it through an unretained reference.
final class SynchronousHookBox: Sendable {
    let body: SynchronousRequestHook
    init(_ body: @escaping SynchronousRequestHook) { self.body = body }
}
