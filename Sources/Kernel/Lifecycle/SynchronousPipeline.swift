extension CompiledApplication {
    /// How far ``handleWithoutSuspending(_:into:)`` got; anything but `.finished` goes on in ``resume(_:_:_:)``.
    enum Progress {
        /// The reply is final.
        case finished
        /// The route may suspend: run every request phase with `await`.
        case needsRequestPhases(CompiledRoute)
        /// A synchronous hook or handler called `callNotFound()`: the 404 level answers.
        case needsNotFound(CompiledRoute)
        /// Error handling, `preSerialization` or an async `onSend` hook is left.
        case needsFinish(CompiledRoute)
        /// A synchronous `onSend` hook threw.
        case onSendFailed(any Error, CompiledRoute)
    }

    /// Runs as much of the lifecycle as needs no `await`: routing always, and the whole request for a route that
    /// ``CompiledRoute/runsWithoutSuspending`` (no body to parse, synchronous hooks and handler, a plain reply).
    ///
    /// The transport calls this first, so a synchronous route costs no async frame and no executor hop.
    func handleWithoutSuspending(_ request: inout Request, into reply: inout Reply) -> Progress {
        guard let route = begin(&request, &reply) else { return .finished }
        guard route.runsWithoutSuspending, !request.method.carriesBody, let handler = route.synchronousHandler
        else { return .needsRequestPhases(route) }
        do {
            // Called through the route's chains in place: binding one to a name would copy it, and retain its array.
            try route.onRequest?.runNow(&request, &reply)
            if !reply.isSent { try route.preParsing?.runNow(&request, &reply) }
            if !reply.isSent { try route.preValidation?.runNow(&request, &reply) }
            if !reply.isSent { try route.preHandler?.runNow(&request, &reply) }
            if !reply.isSent {
                try handler(request, &reply)
                if !reply.isSent { reply.send() }
            }
            // A hook or the handler called `callNotFound()`: the 404 level answers.
            if reply.wantsNotFound { return .needsNotFound(route) }
        } catch {
            reply.payload = .error(error)
            reply.isSent = true
        }
        return finishProgress(route, &request, &reply)
    }

    /// Carries on from `progress` to the final reply, suspending where a hook, parser or handler does.
    ///
    /// The rare paths it awaits (the handler time limit, `callNotFound`, an asynchronous finish) are `@inline(never)`:
    /// inlined, their temporaries would grow this async frame.
    nonisolated(nonsending) func resume(_ progress: Progress, _ request: inout Request, _ reply: inout Reply) async {
        let route: CompiledRoute
        do {
            switch progress {
            case .finished:
                return
            case .needsFinish(let next):
                await finish(next, &request, &reply)
                return
            case .onSendFailed(let error, let next):
                await finishAfterOnSendError(error, next, &request, &reply)
                return
            case .needsRequestPhases(let next):
                route = next
                try await runRequestPhases(route, &request, &reply)
            case .needsNotFound(let next):
                route = next
                try await runNotFound(&request, &reply)
                if !reply.isSent { reply.send() }
            }
        } catch {
            reply.payload = .error(error)
            reply.isSent = true
        }
        switch finishProgress(route, &request, &reply) {
        case .needsFinish: await finish(route, &request, &reply)
        case .onSendFailed(let error, _): await finishAfterOnSendError(error, route, &request, &reply)
        default: break
        }
    }

    @inline(__always)
    private func finishProgress(_ route: CompiledRoute, _ request: inout Request, _ reply: inout Reply) -> Progress {
        switch finishWithoutSuspending(route, &request, &reply) {
        case .finished: .finished
        case .needsAsync: .needsFinish(route)
        case .onSendFailed(let error): .onSendFailed(error, route)
        }
    }
}
