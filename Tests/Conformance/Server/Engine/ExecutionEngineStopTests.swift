import Kernel
import Testing
@testable import Server

@Suite("Execution engine: cancel, shutdown and delete")
struct ExecutionEngineStopTests: EngineTestFixtures {
    @Test("cancel during a delay ends it at once and saves cancelled; the stream ends after it", .timeLimit(.minutes(1)))
    func cancelMidDelay() async throws {
        try await ReferenceTestServer.with { server async throws in
            let flow = try await workflow([WorkflowStep(id: "long", name: "long", kind: .delay, config: ["ms": 3_600_000])], in: server.store)
            let started = try #require(try await server.engine.start(workflowId: flow.id))
            let stream = server.events.subscribe(executionId: started.id)
            var running = false
            for _ in 0..<2_000 where !running {
                running = try await server.store.execution(id: started.id)?.status == .running
                if !running { try await Task.sleep(for: .milliseconds(1)) }
            }
            #expect(running)
            // The delay is an hour: a cancel that waited for it would hang until the time limit.
            let cancelled = try #require(try await server.engine.cancel(executionId: started.id))
            #expect(cancelled.status == .cancelled && cancelled.currentStep == "long" && cancelled.finishedAt != nil)
            var last: Execution?
            for await update in stream { last = update.execution }
            #expect(last?.status == .cancelled, "the stream delivered the final state and then ended")
            #expect(server.engine.activeCount == 0)
        }
    }

    @Test("cancel right after start, whatever step it reached, saves cancelled")
    func cancelPending() async throws {
        let gate = GatedSleep()
        try await ReferenceTestServer.with(sleep: gate.sleep) { server async throws in
            let flow = try await workflow([WorkflowStep(name: "d", kind: .delay, config: ["ms": 1])], in: server.store)
            let started = try #require(try await server.engine.start(workflowId: flow.id))
            let result = try #require(try await server.engine.cancel(executionId: started.id))
            #expect(result.status == .cancelled)
            gate.release()
        }
    }

    @Test("a finished execution is returned unchanged by cancel; unknown ids give nil")
    func cancelFinished() async throws {
        try await ReferenceTestServer.with { server async throws in
            let flow = try await workflow([WorkflowStep(name: "s", kind: .set, config: ["key": "k", "value": 1])], in: server.store)
            let started = try #require(try await server.engine.start(workflowId: flow.id))
            await server.engine.waitUntilFinished(executionId: started.id)
            let done = try #require(try await server.store.execution(id: started.id))
            #expect(done.status == .completed)
            #expect(try await server.engine.cancel(executionId: started.id) == done)
            #expect(try await server.engine.cancel(executionId: "nope") == nil)
            #expect(try await server.engine.start(workflowId: "nope") == nil)
        }
    }

    @Test("shutdown interrupts running executions (saved failed/interrupted) and refuses new ones")
    func shutdown() async throws {
        try await ReferenceTestServer.with { server async throws in
            let flow = try await workflow([WorkflowStep(name: "d", kind: .delay, config: ["ms": 30_000])], in: server.store)
            let started = try #require(try await server.engine.start(workflowId: flow.id))
            let watcher = server.events.subscribe(workflowId: flow.id)
            await server.engine.shutdown()
            let saved = try #require(try await server.store.execution(id: started.id))
            #expect(saved.status == .failed && saved.error == "interrupted")
            var statuses: [ExecutionStatus] = []
            for await update in watcher { statuses.append(update.status) }
            #expect(statuses.last == .failed, "the hub ended the workflow stream after the final state")
            await #expect(throws: EngineError.shutDown) { _ = try await server.engine.start(workflowId: flow.id) }
        }
    }

    @Test("deleting the workflow mid-run stops the run quietly")
    func deletedMidRun() async throws {
        let gate = GatedSleep()
        try await ReferenceTestServer.with(sleep: gate.sleep) { server async throws in
            let (flow, started, stream) = try await startHeldDelay(server, gate)
            #expect(try await server.store.deleteWorkflow(id: flow.id))
            gate.release()
            await server.engine.waitUntilFinished(executionId: started.id)
            for await _ in stream {}
            #expect(server.engine.activeCount == 0)
            #expect(try await server.store.execution(id: started.id) == nil)
        }
    }

    /// The gate is never released: without the delete stopping it, the run would wait in its delay for ever.
    @Test("deleting the workflow or its project over the API stops its runs at once, mid-delay",
          .timeLimit(.minutes(1)), arguments: [true, false])
    func deleteStopsRuns(deleteProject: Bool) async throws {
        let gate = GatedSleep()
        try await ReferenceTestServer.with(sleep: gate.sleep) { server async throws in
            let (_, bystander, _) = try await startHeldDelay(server, gate)
            let (flow, started, stream) = try await startHeldDelay(server, gate)
            let path = deleteProject ? "/api/v1/projects/\(flow.projectId)" : "/api/v1/workflows/\(flow.id)"
            #expect(await server.call(.delete, path).status == 204)
            await server.engine.waitUntilFinished(executionId: started.id)
            for await _ in stream {}
            #expect(server.engine.activeCount == 1, "the run of another project's workflow goes on")
            #expect(try await server.store.execution(id: bystander.id)?.status == .running)
            #expect(try await server.store.execution(id: started.id) == nil)
        }
    }
}
