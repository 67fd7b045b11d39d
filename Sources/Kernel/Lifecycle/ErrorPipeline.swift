extension CompiledApplication {
    /// The error path: `onError` hooks once, then the error handlers innermost first, then the default.
    ///
    /// A handler that throws, or sends an error, passes that error to the next (parent) handler.
    /// On return, ``Reply/payload`` is not an error.
    nonisolated(nonsending) func handleError(_ error: any Error, _ route: CompiledRoute, _ request: inout Request, _ reply: inout Reply) async {
        reply.reopenForError()
        reply.error = error
        if !reply.ranOnError, let hooks = route.onError {
            reply.ranOnError = true
            reply.inOnError = true
            try? await hooks.runAll(&request, &reply)
            reply.inOnError = false
            reply.isSent = false
        }
        var current = error
        for handler in route.errorHandlers {
            reply.isSent = false
            reply.payload = .empty
            do {
                try await handler(current, request, &reply)
                if case .error(let next) = reply.payload {
                    current = next
                    reply.headers["content-type"] = nil
                    continue
                }
                if !reply.isSent { reply.send() }
                reply.error = nil
                return
            } catch {
                current = error
                reply.headers["content-type"] = nil
            }
        }
        reply = DefaultHandlers.errorReply(for: current, reply: reply)
        reply.error = nil
    }
}
