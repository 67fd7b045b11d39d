import Kernel
import Synchronization
import Testing
@testable import Server

@Suite("Execution engine")
struct ExecutionEngineTests {
    /// A workflow stored directly, for engine tests that need no HTTP.
    private func workflow(_ steps: [WorkflowStep], in store: Store) async throws -> Workflow {
        let project = try await store.createProject(name: "P")
        return try await store.createWorkflow(projectId: project.id, name: "W", steps: steps)
    }

    /// A one-`delay` workflow started and held inside its delay by `gate`: the workflow, the execution, and a
    /// subscription to its updates taken before the delay began.
    private func startHeldDelay(
        _ server: ReferenceTestServer, _ gate: GatedSleep
    ) async throws -> (Workflow, Execution, AsyncStream<EncodedExecutionUpdate>) {
        let flow = try await workflow([WorkflowStep(name: "d", kind: .delay, config: ["ms": 1])], in: server.store)
        let started = try #require(try await server.engine.start(workflowId: flow.id))
        let stream = server.events.subscribe(executionId: started.id)
        _ = await gate.nextEntry()
        return (flow, started, stream)
    }

    @Test("delay, set, set: every published state in order, progress 0→33→66→100, result collected")
    func publishedSequence() async throws {
        try await ReferenceTestServer.with { server async throws in
            let flow = try await workflow([
                WorkflowStep(id: "d", name: "Delay", kind: .delay, config: ["ms": 2]),
                WorkflowStep(name: "Set A", kind: .set, config: ["key": "a", "value": "x"]),
                WorkflowStep(name: "Set B", kind: .set, config: ["key": "b", "value": ["n": .null]]),
            ], in: server.store)
            let updates = server.events.subscribe(workflowId: flow.id)
            let started = try #require(try await server.engine.start(workflowId: flow.id))
            var seen: [Execution] = []
            for await update in updates {
                seen.append(update)
                if update.status.isTerminal { break }
            }
            #expect(seen.map(\.status) == [.pending, .running, .running, .running, .completed])
            #expect(seen.map(\.progress) == [0, 0, 33, 66, 100])
            #expect(seen.map(\.stepsExecuted) == [0, 0, 1, 2, 3])
            #expect(seen.map(\.currentStep) == [nil, "d", "Set A", "Set B", nil])
            #expect(seen.allSatisfy { $0.id == started.id && $0.totalSteps == 3 })
            #expect(seen.last?.result == ["a": "x", "b": ["n": .null]])
            #expect(try await server.store.execution(id: started.id) == seen.last)
        }
    }

    @Test("the run does not hold the input: the 202's execution and the store keep it, published states do not")
    func inputStaysInTheStore() async throws {
        try await ReferenceTestServer.with { server async throws in
            let flow = try await workflow([WorkflowStep(name: "Set", kind: .set, config: ["key": "k", "value": 1])], in: server.store)
            let updates = server.events.subscribe(workflowId: flow.id)
            let input: JSONValue = ["big": ["document", 1, true]]
            let started = try #require(try await server.engine.start(workflowId: flow.id, input: input))
            #expect(started.input == input)
            var seen: [Execution] = []
            for await update in updates {
                seen.append(update)
                if update.status.isTerminal { break }
            }
            #expect(seen.last?.status == .completed && seen.allSatisfy { $0.input == nil })
            let stored = try #require(try await server.store.execution(id: started.id))
            #expect(stored.input == input && stored.result == ["k": 1] && stored.status == .completed)
        }
    }

    @Test("persisted before published: each update a subscriber gets is already in the store")
    func persistedBeforePublished() async throws {
        let gate = GatedSleep()
        try await ReferenceTestServer.with(sleep: gate.sleep) { server async throws in
            let flow = try await workflow([
                WorkflowStep(name: "a", kind: .set, config: ["key": "a", "value": 1]),
                WorkflowStep(id: "hold", name: "hold", kind: .delay, config: ["ms": 50]),
                WorkflowStep(name: "b", kind: .set, config: ["key": "b", "value": 2]),
            ], in: server.store)
            let updates = server.events.subscribe(workflowId: flow.id)
            let started = try #require(try await server.engine.start(workflowId: flow.id))
            var iterator = updates.makeAsyncIterator()
            var checked = 0
            while let update = await iterator.next() {
                let stored = try #require(try await server.store.execution(id: started.id))
                if update.currentStep == "hold" {
                    // The engine is parked inside the delay: the store must hold exactly what was published.
                    #expect(stored == update)
                    #expect(await gate.nextEntry() != nil)
                    gate.release()
                }
                #expect(stored.stepsExecuted >= update.stepsExecuted, "the store is never behind a published state")
                #expect(!(update.status.isTerminal && stored != update))
                checked += 1
                if update.status.isTerminal { break }
            }
            #expect(checked == 5)
        }
    }

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

    @Test("a final state the store cannot save is logged and still published, so the execution's stream ends with it",
          arguments: [ExecutionStatus.completed, .cancelled])
    func unsavedFinalState(final: ExecutionStatus) async throws {
        let gate = GatedSleep()
        try await ReferenceTestServer.with(sleep: gate.sleep) { server async throws in
            let (_, started, stream) = try await startHeldDelay(server, gate)
            await server.store.close()
            if final == .cancelled {
                _ = try? await server.engine.cancel(executionId: started.id)
            } else {
                gate.release()
            }
            await server.engine.waitUntilFinished(executionId: started.id)
            // Ends the stream if the engine left it open, so a missing final state fails instead of hanging.
            server.events.finish(executionId: started.id)
            var last: Execution?
            for await update in stream { last = update.execution }
            #expect(last?.status == final)
            #expect(server.logLines.all.contains { $0.contains("could not save the final state") })
            gate.release()
        }
    }

    @Test("past the run limit a start is refused before anything is saved; a freed slot takes the next one")
    func runLimit() async throws {
        let gate = GatedSleep()
        try await ReferenceTestServer.with(configure: { $0.maxRunningExecutions = 2 }, sleep: gate.sleep) { server async throws in
            let flow = try await workflow([WorkflowStep(name: "d", kind: .delay, config: ["ms": 60_000])], in: server.store)
            let first = try #require(try await server.engine.start(workflowId: flow.id))
            _ = try await server.engine.start(workflowId: flow.id)
            #expect(server.engine.activeCount == 2)
            #expect(server.engine.sharedWorkflowCount == 1, "two runs of one workflow share its steps")
            await #expect(throws: EngineError.atCapacity(2)) { try await server.engine.start(workflowId: flow.id) }
            #expect(try await server.engine.start(workflowId: "ghost") == nil, "a missing workflow is not found, full or not")
            #expect(try await server.store.listExecutions(workflowId: flow.id).count == 2)
            _ = try await server.engine.cancel(executionId: first.id)
            let third = try await server.engine.start(workflowId: flow.id)
            #expect(third != nil && server.engine.activeCount == 2)
            gate.release()
            for execution in try await server.store.listExecutions(workflowId: flow.id) {
                await server.engine.waitUntilFinished(executionId: execution.id)
            }
            #expect(server.engine.activeCount == 0 && server.engine.sharedWorkflowCount == 0)
        }
    }

    @Test("a start after the workflow changed runs the new steps; the runs already going keep theirs")
    func startAfterChangeRunsNewSteps() async throws {
        let gate = GatedSleep()
        try await ReferenceTestServer.with(sleep: gate.sleep) { server async throws in
            func steps(_ value: Int) -> [WorkflowStep] {
                [WorkflowStep(name: "d", kind: .delay, config: ["ms": 1]), WorkflowStep(name: "s", kind: .set, config: ["key": "v", "value": .number(Double(value))])]
            }
            var flow = try await workflow(steps(1), in: server.store)
            let first = try #require(try await server.engine.start(workflowId: flow.id))
            _ = await gate.nextEntry()
            let again = try #require(try await server.engine.start(workflowId: flow.id))
            _ = await gate.nextEntry()
            flow.steps = steps(2)
            _ = try await server.store.updateWorkflow(flow)
            let changed = try #require(try await server.engine.start(workflowId: flow.id))
            _ = await gate.nextEntry()
            gate.release()
            for id in [first.id, again.id, changed.id] { await server.engine.waitUntilFinished(executionId: id) }
            var results: [JSONValue?] = []
            for id in [first.id, again.id, changed.id] { results.append(try await server.store.execution(id: id)?.result) }
            #expect(results == [["v": 1], ["v": 1], ["v": 2]])
        }
    }
}
