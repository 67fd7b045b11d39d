/// One phase's hooks for one route, frozen at `ready()`; `nil` when the phase is empty, so it costs one branch.
struct HookChain: Sendable {
    let hooks: [RequestHook]

    /// Runs the hooks in order; stops after a hook sends (or hijacks). Throws the first hook error.
    @inline(__always)
    func run(_ request: inout Request, _ reply: inout Reply) async throws {
        for hook in hooks {
            try await hook(&request, &reply)
            if reply.isSent { return }
        }
    }

    /// Runs every hook regardless of `isSent` (onSend, onResponse: they see the final reply).
    @inline(__always)
    func runAll(_ request: inout Request, _ reply: inout Reply) async throws {
        for hook in hooks { try await hook(&request, &reply) }
    }
}

/// A registered hook with its registration sequence, which orders hooks from different scopes.
struct HookEntry {
    let sequence: Int
    let hook: RequestHook
}

/// The hooks one scope registered itself, per phase.
struct HookStore {
    private(set) var entries: [Hook: [HookEntry]] = [:]

    mutating func add(_ phase: Hook, sequence: Int, _ hook: @escaping RequestHook) {
        entries[phase, default: []].append(HookEntry(sequence: sequence, hook: hook))
    }

    func count(_ phase: Hook) -> Int { entries[phase]?.count ?? 0 }

    /// Every phase's hooks from `stores` (the scope chain, root first) merged by registration order, then `routeLevel`.
    static func freeze(_ stores: [HookStore], routeLevel: [Hook: [RequestHook]]) -> [Hook: HookChain] {
        var result: [Hook: HookChain] = [:]
        for phase in Hook.allCases {
            var merged = stores.flatMap { $0.entries[phase] ?? [] }
            merged.sort { $0.sequence < $1.sequence }
            let hooks = merged.map(\.hook) + (routeLevel[phase] ?? [])
            if !hooks.isEmpty { result[phase] = HookChain(hooks: hooks) }
        }
        return result
    }
}
