import Testing
import Kernel
@testable import Server

@Suite("Store persistence")
struct StorePersistenceTests {
    @Test("reopening keeps projects, workflows and executions")
    func reopenKeepsData() async throws {
        let file = TemporaryDatabase("reopen")
        defer { file.remove() }
        let store = try await Store.open(path: file.path)
        let project = try await store.createProject(name: "P", description: "d")
        let workflow = try await store.createWorkflow(projectId: project.id, name: "W", steps: sampleSteps())
        let execution = try await store.createExecution(workflowId: workflow.id, input: nil)
        await store.close()

        let reopened = try await Store.open(path: file.path)
        #expect(try await reopened.project(id: project.id) == project)
        #expect(try await reopened.workflow(id: workflow.id) == workflow)
        #expect(try await reopened.execution(id: execution.id) == execution)
        await reopened.close()
    }

    @Test("deleting a project cascades to its workflows and their executions")
    func cascade() async throws {
        let file = TemporaryDatabase("cascade")
        defer { file.remove() }
        let store = try await Store.open(path: file.path)
        let doomed = try await store.createProject(name: "doomed")
        let kept = try await store.createProject(name: "kept")
        let doomedFlow = try await store.createWorkflow(projectId: doomed.id, name: "A", steps: sampleSteps())
        let keptFlow = try await store.createWorkflow(projectId: kept.id, name: "B", steps: sampleSteps())
        for _ in 0..<3 { _ = try await store.createExecution(workflowId: doomedFlow.id) }
        let survivor = try await store.createExecution(workflowId: keptFlow.id)

        #expect(try await store.deleteProject(id: doomed.id))
        #expect(try file.count("workflows") == 1)
        #expect(try file.count("executions") == 1)
        #expect(try await store.workflow(id: doomedFlow.id) == nil)
        #expect(try await store.listExecutions(workflowId: doomedFlow.id).isEmpty)
        #expect(try await store.execution(id: survivor.id) != nil)

        #expect(try await store.deleteWorkflow(id: keptFlow.id))
        #expect(try file.count("executions") == 0)
        await store.close()
    }

    @Test("recoverInterruptedExecutions marks pending and running as failed/interrupted")
    func recovery() async throws {
        let file = TemporaryDatabase("recover")
        defer { file.remove() }
        let store = try await Store.open(path: file.path)
        let project = try await store.createProject(name: "P")
        let workflow = try await store.createWorkflow(projectId: project.id, name: "W", steps: sampleSteps())
        let pending = try await store.createExecution(workflowId: workflow.id)
        var running = try await store.createExecution(workflowId: workflow.id)
        running.status = .running
        running.progress = 50
        running.startedAt = .now()
        try await store.updateExecution(running)
        var completed = try await store.createExecution(workflowId: workflow.id)
        completed.status = .completed
        completed.progress = 100
        completed.finishedAt = .now()
        try await store.updateExecution(completed)
        // Simulate the process dying: no status transitions, just drop the store.
        await store.close()

        let restarted = try await Store.open(path: file.path)
        #expect(try await restarted.recoverInterruptedExecutions() == 2)
        for id in [pending.id, running.id] {
            let recovered = try #require(try await restarted.execution(id: id))
            #expect(recovered.status == .failed)
            #expect(recovered.error == "interrupted")
            #expect(recovered.finishedAt != nil)
        }
        #expect(try await restarted.execution(id: running.id)?.progress == 50)
        #expect(try await restarted.execution(id: completed.id) == completed)
        #expect(try await restarted.recoverInterruptedExecutions() == 0)
        await restarted.close()
    }

    @Test("100 concurrent inserts from separate tasks are all persisted")
    func concurrentInserts() async throws {
        let file = TemporaryDatabase("concurrent")
        defer { file.remove() }
        let store = try await Store.open(path: file.path)
        let project = try await store.createProject(name: "P")
        let workflow = try await store.createWorkflow(projectId: project.id, name: "W", steps: sampleSteps())
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<100 {
                group.addTask { try await store.createExecution(workflowId: workflow.id, input: ["n": .number(Double(index))]).id }
            }
            var collected = Set<String>()
            for try await id in group { collected.insert(id) }
            return collected
        }
        #expect(ids.count == 100)
        #expect(try await store.listExecutions(workflowId: workflow.id, limit: 1_000).count == 100)
        await store.close()
        #expect(try file.count("executions") == 100)
        let inputs = try SQLiteConnection(path: file.path, mode: .readOnly).query(
            "SELECT input FROM executions") { row in row.string(at: 0) ?? "" }
        #expect(Set(inputs).count == 100)
    }

    @Test("a committed write is visible to an independent connection before the store closes")
    func committedVisibleToSecondConnection() async throws {
        let file = TemporaryDatabase("visible")
        defer { file.remove() }
        let store = try await Store.open(path: file.path)
        let project = try await store.createProject(name: "no close yet")
        // The store is still open: nothing was checkpointed, the row lives in the WAL.
        #expect(file.walSize > 0)
        #expect(try file.count("projects", where: "id = '\(project.id)'") == 1)
        await store.close()
    }
}
