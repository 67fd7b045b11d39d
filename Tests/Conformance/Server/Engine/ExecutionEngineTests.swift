import Kernel
import Synchronization
import Testing
@testable import Server

@Suite("Execution engine")
struct ExecutionEngineTests: EngineTestFixtures {
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
