extension CompiledApplication {
    /// The reply path: error handling, content type, `preSerialization`, serialization, `onSend`, then framing.
    @inline(never)
    nonisolated(nonsending) func finish(_ route: CompiledRoute, _ request: inout Request, _ reply: inout Reply) async {
        if reply.isHijacked { return }
        if case .error(let error) = reply.payload { await handleError(error, route, &request, &reply) }
        if !reply.status.isValid {
            let code = reply.status.code
            reply.status = .ok
            reply.statusWasSet = false
            await handleError(KernelError(.badStatusCode, String(code)), route, &request, &reply)
        }
        await serialize(route, &request, &reply)
        // A `101` hands the socket over: `onSend` hooks (which shape a body) do not run, as in @fastify/websocket.
        if reply.upgradeHandler == nil, let hooks = route.onSend {
            do { try await hooks.runAll(&request, &reply) } catch {
                return await finishAfterOnSendError(error, route, &request, &reply)
            }
        }
        frame(route, request, &reply)
    }

    /// An `onSend` hook threw: the error path answers, `onSend` runs once more on that answer, then framing.
    @inline(never)
    nonisolated(nonsending) func finishAfterOnSendError(
        _ error: any Error, _ route: CompiledRoute, _ request: inout Request, _ reply: inout Reply
    ) async {
        await handleError(error, route, &request, &reply)
        await serialize(route, &request, &reply)
        if let hooks = route.onSend {
            do { try await hooks.runAll(&request, &reply) } catch {
                reply = DefaultHandlers.errorReply(for: error, reply: reply)
                if case .text(let text) = reply.payload { reply.body = .bytes(Array(text.utf8)) }
            }
        }
        frame(route, request, &reply)
    }

    /// How far ``finishWithoutSuspending(_:_:_:)`` got.
    enum QuickFinish {
        /// The reply is final.
        case finished
        /// Nothing was done: run ``finish(_:_:_:)``.
        case needsAsync
        /// Serialized, but a synchronous `onSend` hook threw: run ``finishAfterOnSendError(_:_:_:_:)``.
        case onSendFailed(any Error)
    }

    /// ``finish(_:_:_:)`` for the common reply, when nothing in it can suspend: no error to handle, no
    /// `preSerialization` hooks, and `onSend` hooks that are all synchronous. With `.needsAsync` the reply is untouched.
    @inline(__always)
    func finishWithoutSuspending(_ route: CompiledRoute, _ request: inout Request, _ reply: inout Reply) -> QuickFinish {
        guard !reply.isHijacked, reply.status.isValid else { return .needsAsync }
        // The route's chain is read in place, not bound to a name: a copy would retain its arrays.
        let runsOnSend = reply.upgradeHandler == nil
        if runsOnSend, route.onSend?.isSynchronous == false { return .needsAsync }
        guard serializeWithoutHooks(route, &reply) else { return .needsAsync }
        if runsOnSend {
            do { try route.onSend?.runAllNow(&request, &reply) } catch { return .onSendFailed(error) }
        }
        frame(route, request, &reply)
        return .finished
    }

    /// Turns a payload that needs no hook into ``Reply/body``, choosing the content type as Fastify does.
    /// Returns `false`, with the reply untouched, for an error payload, JSON with `preSerialization`
    /// hooks, JSON under a non-JSON content type, or JSON that fails to encode.
    private func serializeWithoutHooks(_ route: CompiledRoute, _ reply: inout Reply) -> Bool {
        switch reply.payload {
        case .empty:
            reply.body = .empty
        // Where the lookup found no content type, the default is appended with no second search for the name.
        case .text(let text):
            if !reply.headers.contains("content-type") { reply.headers.addLowercased("content-type", "text/plain; charset=utf-8") }
            reply.body = .bytes(Array(text.utf8))
        case .bytes(let bytes):
            if !reply.headers.contains("content-type") { reply.headers.addLowercased("content-type", "application/octet-stream") }
            reply.body = .bytes(bytes)
        case .stream(let stream):
            reply.body = .stream(stream)
        case .json(let value):
            guard route.preSerialization == nil else { return false }
            let type = reply.headers["content-type"]
            if let type, !type.contains("json") { return false }
            guard let bytes = try? JSONWriter.encode(value) else { return false }
            if let type {
                if !type.contains("charset") { reply.headers["content-type"] = type + "; charset=utf-8" }
            } else {
                reply.headers.addLowercased("content-type", "application/json; charset=utf-8")
            }
            reply.body = .bytes(bytes)
            reply.payload = .bytes(bytes)
        case .error:
            return false
        }
        return true
    }

    /// Turns ``Reply/payload`` into ``Reply/body``, running `preSerialization` hooks and the error path.
    private nonisolated(nonsending) func serialize(_ route: CompiledRoute, _ request: inout Request, _ reply: inout Reply) async {
        if serializeWithoutHooks(route, &reply) { return }
        switch reply.payload {
        case .empty, .text, .bytes, .stream:
            return
        case .json:
            if let type = reply.headers["content-type"], !type.contains("json") {
                await failSerialization(KernelError(.invalidPayloadType, "object"), route, &request, &reply)
                return
            }
            if let hooks = route.preSerialization {
                do { try await hooks.runAll(&request, &reply) } catch {
                    await failSerialization(error, route, &request, &reply)
                    return
                }
            }
            guard case .json(let value) = reply.payload else { return await serialize(route, &request, &reply) }
            do { try Self.writeJSON(value, into: &reply) } catch {
                await failSerialization(KernelError(.serialization, underlying: error), route, &request, &reply)
            }
        case .error(let error):
            reply = DefaultHandlers.errorReply(for: error, reply: reply)
            await serialize(route, &request, &reply)
        }
    }

    /// `preSerialization` or serialization failed: the error handler answers. An object it sends is serialized
    /// as JSON (`preSerialization` does not run again, as in Fastify); only when that fails too, the default error body.
    private nonisolated(nonsending) func failSerialization(_ error: any Error, _ route: CompiledRoute, _ request: inout Request, _ reply: inout Reply) async {
        await handleError(error, route, &request, &reply)
        if case .json(let value) = reply.payload {
            if let type = reply.headers["content-type"], !type.contains("json") {
                reply = DefaultHandlers.errorReply(for: KernelError(.invalidPayloadType, "object"), reply: reply)
            } else {
                do { return try Self.writeJSON(value, into: &reply) } catch {
                    reply = DefaultHandlers.errorReply(for: KernelError(.serialization, underlying: error), reply: reply)
                }
            }
        }
        await serialize(route, &request, &reply)
    }

    /// Encodes `value` into ``Reply/body``; the content type gets `; charset=utf-8`, or is JSON when none is set.
    private static func writeJSON(_ value: any Encodable & Sendable, into reply: inout Reply) throws {
        let bytes = try JSONWriter.encode(value)
        if let type = reply.headers["content-type"] {
            if !type.contains("charset") { reply.headers["content-type"] = type + "; charset=utf-8" }
        } else {
            reply.headers["content-type"] = "application/json; charset=utf-8"
        }
        reply.body = .bytes(bytes)
        reply.payload = .bytes(bytes)
    }

    /// Final framing: `content-length`, no body for 1xx/204/304, HEAD keeps the GET body's length.
    /// A HEAD reply keeps a `content-length` its handler or hooks set, as Fastify does (a HEAD route
    /// announces the size of what a GET would send).
    private func frame(_ route: CompiledRoute, _ request: Request, _ reply: inout Reply) {
        if reply.status.code < 200 || reply.status == .noContent {
            if reply.status != .switchingProtocols {
                reply.headers["content-type"] = nil
                reply.headers["content-length"] = nil
            }
            reply.body = .empty
            return
        }
        let keepsLength = request.method == .head && reply.headers.contains("content-length")
        switch reply.body {
        case .bytes(let bytes):
            if reply.status == .notModified && bytes.isEmpty { reply.headers["content-length"] = nil; return }
            if !keepsLength { reply.headers.setContentLength(bytes.count) }
        case .empty:
            if reply.status != .notModified, !keepsLength { reply.headers["content-length"] = "0" }
        case .stream:
            reply.headers["content-length"] = nil
            if request.method == .head { reply.headers["content-type"] = nil }
        }
        if request.method == .head || route.dropsBody { reply.body = .empty }
    }
}
