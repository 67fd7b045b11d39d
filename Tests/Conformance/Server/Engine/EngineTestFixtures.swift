import Kernel
import Testing
@testable import Server

/// Set-up shared by the engine suites, which store workflows and hold runs without going through HTTP.
protocol EngineTestFixtures {}

extension EngineTestFixtures {
    /// A workflow stored directly, for engine tests that need no HTTP.
    func workflow(_ steps: [WorkflowStep], in store: Store) async throws -> Workflow {
        let project = try await store.createProject(name: "P")
        return try await store.createWorkflow(projectId: project.id, name: "W", steps: steps)
    }

    /// A one-`delay` workflow started and held inside its delay by `gate`: the workflow, the execution, and a
    /// subscription to its updates taken before the delay began.
    func startHeldDelay(
        _ server: ReferenceTestServer, _ gate: GatedSleep
    ) async throws -> (Workflow, Execution, AsyncStream<EncodedExecutionUpdate>) {
        let flow = try await workflow([WorkflowStep(name: "d", kind: .delay, config: ["ms": 1])], in: server.store)
        let started = try #require(try await server.engine.start(workflowId: flow.id))
        let stream = server.events.subscribe(executionId: started.id)
        _ = await gate.nextEntry()
        return (flow, started, stream)
    }
}
