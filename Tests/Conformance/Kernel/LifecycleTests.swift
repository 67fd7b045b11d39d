import Kernel
import Testing

@Suite("Application lifecycle and inject (fastify-core §2, §8, §9 lifecycle)")
struct LifecycleTests {
    @Test("§9.84 inject waits for ready(); {\"hello\":\"world\"} has content-length 17; a failing onReady fails inject")
    func injectWaitsForReady() async throws {
        let trace = Trace()
        let app = Application()
        try app.addHook(.onReady) { trace.add("ready") }
        try app.get("/") { _, reply in reply.send(json: Greeting(hello: "world")) }
        let response = try await app.inject(.get("/"))
        #expect(trace.all == ["ready"])
        #expect(response.headers["content-length"] == "17")
        let failing = Application()
        try failing.addHook(.onReady) { throw Kaboom() }
        await #expect(throws: KernelError.self) { try await failing.inject(.get("/")) }
    }

    @Test("a failed onReady fails every later ready(), inject() and listen(), as Fastify's cached ready promise does")
    func failedReadyStaysFailed() async throws {
        let app = Application()
        try app.addHook(.onReady) { throw Kaboom() }
        try app.get("/") { _, reply in reply.send("up") }
        await #expect(throws: KernelError.self) { try await app.ready() }
        await #expect(throws: KernelError.self) { try await app.ready() }
        await #expect(throws: KernelError.self) { try await app.inject(.get("/")) }
        await #expect(throws: KernelError.self) { _ = try await app.listen(ServerConfiguration(host: "127.0.0.1", port: 0)) }
        try await app.close()
    }

    @Test("preClose and onClose hooks added after ready() run at close(), in their place by registration order")
    func closeHooksAddedAfterReady() async throws {
        let trace = Trace()
        let app = Application()
        try app.addHook(.onClose) { trace.add("frozen onClose") }
        try await app.ready()
        try app.addHook(.preClose) { trace.add("late preClose") }
        try app.addHook(.onClose) { trace.add("late onClose") }
        try await app.close()
        #expect(trace.all == ["late preClose", "late onClose", "frozen onClose"])
    }

    @Test("§9.85 onClose runs in reverse registration order: child before root")
    func onCloseOrder() async throws {
        let trace = Trace()
        let app = Application()
        try app.addHook(.onClose) { trace.add("root-1") }
        try app.register { child in try child.addHook(.onClose) { trace.add("child") } }
        try app.addHook(.onClose) { trace.add("root-2") }
        try await app.ready()
        try await app.close()
        #expect(trace.all == ["root-2", "child", "root-1"])
    }

    @Test("§9.86 preClose runs before onClose, in registration order, exactly once")
    func preCloseOrder() async throws {
        let trace = Trace()
        let app = Application()
        try app.addHook(.onClose) { trace.add("onClose") }
        try app.addHook(.preClose) { trace.add("pre-root") }
        try app.register { child in
            try child.addHook(.preClose) { trace.add("pre-child") }
            try child.register { try $0.addHook(.preClose) { trace.add("pre-grandchild") } }
        }
        try await app.ready()
        try await app.close()
        try await app.close()
        #expect(trace.all == ["pre-root", "pre-child", "pre-grandchild", "onClose"])
    }

    @Test("§9.87 inject after close() → FST_ERR_REOPENED_CLOSE_SERVER")
    func injectAfterClose() async throws {
        let app = Application()
        try app.get("/") { _, reply in reply.send() }
        try await app.ready()
        try await app.close()
        do {
            _ = try await app.inject(.get("/"))
            Issue.record("expected an error")
        } catch let error as KernelError {
            #expect(error.code == .reopenedClosedServer)
        }
    }

    @Test("§9.88 onReady runs root → child → grandchild, once for many ready() calls")
    func onReadyOrder() async throws {
        let trace = Trace()
        let app = Application()
        try app.register { child in
            try child.addHook(.onReady) { trace.add("child") }
            try child.register { try $0.addHook(.onReady) { trace.add("grandchild") } }
        }
        try app.addHook(.onReady) { trace.add("root") }
        try await app.ready()
        try await app.ready()
        _ = try await app.inject(.get("/"))
        #expect(trace.all == ["root", "child", "grandchild"])
    }

    @Test("§9.90 onListen is not run by ready() or inject()")
    func onListenNotRunByReady() async throws {
        let trace = Trace()
        let app = Application()
        try app.addHook(.onListen) { trace.add("listen") }
        try await app.ready()
        _ = try await app.inject(.get("/"))
        #expect(trace.all.isEmpty)
        await app.didListen()
        #expect(trace.all == ["listen"])
    }

    @Test("while closing, requests get 503 with Connection: close")
    func closingReturns503() async throws {
        let app = Application()
        try app.get("/") { _, reply in reply.send() }
        let compiled = try await app.ready()
        try await app.close()
        let response = await compiled.inject(.get("/"))
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers["connection"] == "close")
    }

    @Test("onResponse sees the final reply and elapsed time")
    func onResponseElapsed() async throws {
        let trace = Trace()
        let app = Application()
        try app.onResponse { _, reply in trace.add("\(reply.status.code):\(reply.elapsed >= .zero)") }
        try app.get("/") { _, reply in reply.status = .created; reply.send() }
        _ = try await app.inject(.get("/"))
        #expect(trace.all == ["201:true"])
    }

    @Test("handlerTimeout → 503 FST_ERR_HANDLER_TIMEOUT")
    func handlerTimeout() async throws {
        var options = ApplicationOptions()
        options.handlerTimeout = .milliseconds(20)
        let app = Application(options: options)
        try app.get("/slow") { _, reply in try await Task.sleep(for: .seconds(5)); reply.send() }
        let response = try await app.inject(.get("/slow"))
        #expect(response.status == .serviceUnavailable)
        #expect(response[json: "code"]?.string == "FST_ERR_HANDLER_TIMEOUT")
    }
}
