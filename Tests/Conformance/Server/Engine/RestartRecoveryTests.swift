import Kernel
import Testing
@testable import Server

@Suite("Restart recovery")
struct RestartRecoveryTests {
    @Test("a running and a pending execution left by a dead process are failed/interrupted after reopening; finished ones stay")
    func recover() async throws {
        let file = TemporaryDatabase("restart")
        defer { file.remove() }
        let first = try await Store.open(path: file.path)
        let project = try await first.createProject(name: "P")
        let workflow = try await first.createWorkflow(projectId: project.id, name: "W", steps: sampleSteps())
        let running = try await first.insertExecution(Execution(
            workflowId: workflow.id, status: .running, progress: 33, currentStep: "wait", stepsExecuted: 1, totalSteps: 3,
            startedAt: .now()))
        let pending = try await first.insertExecution(Execution(workflowId: workflow.id, totalSteps: 3))
        let finished = try await first.insertExecution(Execution(
            workflowId: workflow.id, status: .completed, progress: 100, stepsExecuted: 3, totalSteps: 3, result: [:]))
        await first.close()

        let reopened = try await Store.open(path: file.path)
        #expect(try await reopened.recoverInterruptedExecutions() == 2)
        let recovered = try #require(try await reopened.execution(id: running.id))
        #expect(recovered.status == .failed && recovered.error == "interrupted" && recovered.finishedAt != nil)
        #expect(recovered.progress == 33 && recovered.currentStep == "wait", "the progress made is kept")
        #expect(try await reopened.execution(id: pending.id)?.status == .failed)
        #expect(try await reopened.execution(id: finished.id) == finished)

        // The API then reports it like any failed execution, and cancel leaves it alone.
        let app = try ReferenceApp.make(AppConfiguration(), store: reopened)
        let response = try await app.inject(.get("/api/v1/executions/\(running.id)", headers: ["authorization": "Bearer justin-access-token"]))
        #expect(response.statusCode == 200)
        #expect(try response.json()["error"] == "interrupted")
        let cancel = try await app.inject(InjectRequest(method: .post, url: "/api/v1/executions/\(running.id)/cancel",
                                                        headers: ["authorization": "Bearer justin-access-token"]))
        #expect(try cancel.json()["status"] == "failed")
        try await app.close()
        await reopened.close()
    }
}
