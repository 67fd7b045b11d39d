import Testing
import Kernel
@testable import Server

@Suite("Store CRUD")
struct StoreCRUDTests {
    @Test("projects: create, get, list, update, delete")
    func projects() async throws {
        let file = TemporaryDatabase("projects")
        defer { file.remove() }
        let store = try await Store.open(path: file.path)
        let first = try await store.createProject(name: "One", description: "first")
        let second = try await store.createProject(Project(name: "Two", createdAt: Timestamp(millisecondsSinceEpoch: first.createdAt.millisecondsSinceEpoch + 10)))
        #expect(try await store.project(id: first.id) == first)
        #expect(try await store.project(id: "missing") == nil)
        #expect(try await store.listProjects().map(\.id) == [second.id, first.id])

        var changed = first
        changed.name = "Uno"
        changed.description = nil
        let updated = try #require(try await store.updateProject(changed))
        #expect(updated.name == "Uno" && updated.description == nil)
        #expect(updated.createdAt == first.createdAt)
        #expect(updated.updatedAt >= first.updatedAt)
        #expect(try await store.updateProject(Project(id: "missing", name: "x")) == nil)
        await #expect(throws: ValidationError.self) { try await store.createProject(name: "") }

        #expect(try await store.deleteProject(id: first.id))
        #expect(try await store.deleteProject(id: first.id) == false)
        #expect(try await store.listProjects().map(\.id) == [second.id])
        let flows = [try await store.createWorkflow(projectId: second.id, name: "A", steps: []),
                     try await store.createWorkflow(projectId: second.id, name: "B", steps: [])]
        let deleted = try #require(try await store.deleteProjectListingWorkflows(id: second.id))
        #expect(Set(deleted) == Set(flows.map(\.id)), "the workflows deleted with the project")
        #expect(try await store.deleteProjectListingWorkflows(id: second.id) == nil)
        #expect(try await store.workflow(id: flows[0].id) == nil)
        await store.close()
        await #expect(throws: StoreError.closed) { try await store.listProjects() }
    }

    @Test("workflows: steps survive storage with kinds, ids and config key order")
    func workflows() async throws {
        let file = TemporaryDatabase("workflows")
        defer { file.remove() }
        let store = try await Store.open(path: file.path)
        let project = try await store.createProject(name: "P")
        let workflow = try await store.createWorkflow(projectId: project.id, name: "W", steps: sampleSteps())
        let loaded = try #require(try await store.workflow(id: workflow.id))
        #expect(loaded == workflow)
        guard case .object(let members) = loaded.steps[1].config["value"] else {
            Issue.record("value lost its object shape"); return
        }
        #expect(members.keys == ["z", "a"])
        #expect(try await store.listWorkflows(projectId: project.id).map(\.id) == [workflow.id])
        // Replies: the same JSON as the parsed workflow, byte for byte, with the steps copied as stored.
        let reply = try #require(try await store.workflowReply(id: workflow.id))
        #expect(try JSONCoding.encode(reply) == JSONCoding.encode(loaded))
        #expect(try reply.steps.parsed() == .array(loaded.steps.map(\.jsonValue)) && reply.workflow.steps.isEmpty)
        #expect(try JSONCoding.encode(try await store.listWorkflowReplies(projectId: project.id)) == JSONCoding.encode([loaded]))
        #expect(try await store.workflowReply(id: "ghost") == nil)

        var renamed = loaded
        renamed.name = "W2"
        renamed.steps.removeLast()
        let updated = try #require(try await store.updateWorkflow(renamed))
        #expect(updated.name == "W2" && updated.steps.count == 2)

        await #expect(throws: StoreError.notFound("project", id: "nope")) {
            try await store.createWorkflow(projectId: "nope", name: "W", steps: [])
        }
        #expect(try await store.workflowExists(id: workflow.id))
        #expect(try await store.deleteWorkflow(id: workflow.id))
        #expect(try await store.workflow(id: workflow.id) == nil)
        #expect(try await !store.workflowExists(id: workflow.id))
        await store.close()
    }

    @Test("invalid step configs are rejected by the store with the field named")
    func invalidSteps() async throws {
        let file = TemporaryDatabase("invalid-steps")
        defer { file.remove() }
        let store = try await Store.open(path: file.path)
        let project = try await store.createProject(name: "P")
        var steps = sampleSteps()
        steps[1].config = ["key": "k"]
        do {
            _ = try await store.createWorkflow(projectId: project.id, name: "W", steps: steps)
            Issue.record("expected a validation error")
        } catch let error as ValidationError {
            #expect(error.message == "steps[1].config.value is required")
        }
        steps = sampleSteps()
        steps[0].config = ["ms": "10"]
        await #expect(throws: ValidationError(field: "steps[0].config.ms", problem: "must be an integer")) {
            try await store.createWorkflow(projectId: project.id, name: "W", steps: steps)
        }
        #expect(try await store.listWorkflows(projectId: project.id).isEmpty)
        await store.close()
    }

    @Test("executions: create pending, update progress, list newest first with limit")
    func executions() async throws {
        let file = TemporaryDatabase("executions")
        defer { file.remove() }
        let store = try await Store.open(path: file.path)
        let project = try await store.createProject(name: "P")
        let workflow = try await store.createWorkflow(projectId: project.id, name: "W", steps: sampleSteps())
        var execution = try await store.createExecution(workflowId: workflow.id, input: ["user": 7])
        #expect(execution.status == .pending && execution.totalSteps == 3 && execution.progress == 0)
        #expect(try await store.execution(id: execution.id) == execution)

        execution.status = .running
        execution.startedAt = .now()
        execution.progress = 33
        execution.currentStep = "wait"
        execution.stepsExecuted = 1
        try await store.updateExecution(execution)
        #expect(try await store.execution(id: execution.id) == execution)

        execution.status = .completed
        execution.progress = 100
        execution.result = ["answer": 42]
        execution.finishedAt = .now()
        try await store.updateExecution(execution)
        let done = try #require(try await store.execution(id: execution.id))
        #expect(done.result == ["answer": 42] && done.input == ["user": 7] && done.status == .completed)

        execution.progress = 101
        await #expect(throws: ValidationError.self) { try await store.updateExecution(execution) }
        execution.progress = 100
        execution.result = [1, 2]
        await #expect(throws: ValidationError(field: "result", problem: "must be an object or null")) {
            try await store.updateExecution(execution)
        }
        await #expect(throws: StoreError.notFound("execution", id: "ghost")) {
            try await store.updateExecution(Execution(id: "ghost", workflowId: workflow.id, totalSteps: 0))
        }
        await #expect(throws: StoreError.notFound("workflow", id: "ghost")) {
            try await store.createExecution(workflowId: "ghost")
        }

        var ids = [execution.id]
        for offset in 1...4 {
            let later = Execution(
                workflowId: workflow.id, totalSteps: 3,
                createdAt: Timestamp(millisecondsSinceEpoch: execution.createdAt.millisecondsSinceEpoch + Int64(offset)))
            ids.append(try await store.insertExecution(later).id)
        }
        #expect(try await store.listExecutions(workflowId: workflow.id, limit: 3).map(\.id) == Array(ids.reversed().prefix(3)))
        #expect(try await store.listExecutions(workflowId: workflow.id, limit: 100).count == 5)

        // Summaries: the same executions in the same order, with progress but no documents.
        var documented = try #require(try await store.execution(id: ids[1]))
        documented.status = .failed
        documented.progress = 40
        documented.currentStep = "Store"
        documented.result = ["big": "document"]
        documented.error = "boom"
        try await store.updateExecution(documented)
        let full = try await store.listExecutions(workflowId: workflow.id, limit: 100)
        let summaries = try await store.listExecutionSummaries(workflowId: workflow.id, limit: 100)
        #expect(summaries.map(\.id) == full.map(\.id))
        #expect(try await store.listExecutionSummaries(workflowId: workflow.id, limit: 2).map(\.id) == Array(ids.reversed().prefix(2)))
        let summary = try #require(summaries.first { $0.id == ids[1] })
        #expect(summary.status == .failed && summary.progress == 40 && summary.currentStep == "Store" && summary.totalSteps == 3)
        #expect(summary.createdAt == documented.createdAt)
        #expect(summary.result == nil && summary.error == nil && summary.input == nil)
        #expect(full.first { $0.id == ids[1] }?.result == ["big": "document"])

        // Replies: the same JSON as the parsed executions, byte for byte, with the documents copied as stored.
        let replies = try await store.listExecutionReplies(workflowId: workflow.id, limit: 100)
        #expect(try JSONCoding.encode(replies) == JSONCoding.encode(full))
        let reply = try #require(try await store.executionReply(id: ids[1]))
        #expect(reply.result == JSONFragment(trusted: Array(#"{"big":"document"}"#.utf8)) && reply.input == nil)
        #expect(reply.execution.result == nil && reply.execution.error == "boom")
        #expect(try await store.executionReply(id: "ghost") == nil)
        await store.close()
    }

    @Test("an execution reply writes the stored documents as the parsed execution would, unicode and nesting included")
    func executionReplyMatchesExecution() async throws {
        try await withTemporaryStore { store in
            let project = try await store.createProject(name: "P")
            let workflow = try await store.createWorkflow(projectId: project.id, name: "W", steps: [])
            var execution = try await store.createExecution(
                workflowId: workflow.id, input: ["text": "é \"q\" \u{1}", "list": [1.5, -0.0, 1e21, true, .null, ["k": []]]])
            execution.result = ["z": 1, "a": ["deep": [[["x"]]]]]
            execution.status = .completed
            try await store.updateExecution(execution)
            let parsed = try #require(try await store.execution(id: execution.id))
            let reply = try #require(try await store.executionReply(id: execution.id))
            #expect(try JSONCoding.encode(reply) == JSONCoding.encode(parsed))
            #expect(try reply.input?.parsed() == parsed.input && reply.result?.parsed() == parsed.result)
        }
    }
}
