import FoundationEssentials
import Testing
import Kernel
@testable import Server

/// Checks the JSON wire shape produced through `Codable` (keys, null handling, timestamps).
@Suite("Codable wire format")
struct CodableTests {
    private func encode(_ value: some Encodable) throws -> JSONValue {
        let data = try JSONEncoder().encode(value)
        return try JSONValue(parsing: Array(data))
    }

    private func keys(_ value: JSONValue) -> Set<String> {
        guard case .object(let members) = value else { return [] }
        return Set(members.keys)
    }

    @Test("execution encodes every listed key, nulls included, with ISO timestamps")
    func executionKeys() throws {
        let execution = Execution(
            id: "e1", workflowId: "w1", totalSteps: 2, createdAt: Timestamp(millisecondsSinceEpoch: 1_764_843_072_345))
        let json = try encode(execution)
        #expect(keys(json) == [
            "id", "workflowId", "status", "progress", "currentStep", "stepsExecuted", "totalSteps",
            "result", "error", "input", "createdAt", "startedAt", "finishedAt",
        ])
        #expect(json["status"] == "pending")
        #expect(json["result"] == .null && json["error"] == .null && json["currentStep"] == .null)
        #expect(json["createdAt"] == "2025-12-04T10:11:12.345Z")
        let decoded = try JSONDecoder().decode(Execution.self, from: try JSONEncoder().encode(execution))
        #expect(decoded == execution)
    }

    @Test("project and workflow keys; steps round-trip with JSON configs")
    func projectAndWorkflow() throws {
        let project = Project(id: "p1", name: "P", createdAt: Timestamp(millisecondsSinceEpoch: 0))
        let projectJSON = try encode(project)
        #expect(keys(projectJSON) == ["id", "name", "description", "createdAt", "updatedAt"])
        #expect(projectJSON["description"] == .null)
        #expect(projectJSON["updatedAt"] == "1970-01-01T00:00:00.000Z")

        let workflow = Workflow(id: "w1", projectId: "p1", name: "W", steps: sampleSteps())
        let workflowJSON = try encode(workflow)
        #expect(keys(workflowJSON) == ["id", "projectId", "name", "steps", "createdAt", "updatedAt"])
        guard case .array(let steps) = workflowJSON["steps"] else { Issue.record("steps not an array"); return }
        #expect(keys(steps[0]) == ["id", "name", "kind", "config"])
        #expect(keys(steps[1]) == ["name", "kind", "config"])
        #expect(steps[0]["config"]?["ms"] == 5)
        let decoded = try JSONDecoder().decode(Workflow.self, from: try JSONEncoder().encode(workflow))
        #expect(decoded.steps.map(\.kind) == [.delay, .set, .fail])
        #expect(decoded.steps[1].config["value"]?["a"] == [true, .null])
    }

    @Test("bad timestamps are rejected when decoding")
    func badTimestamp() {
        let text = #"{"id":"p","name":"n","description":null,"createdAt":"yesterday","updatedAt":"2025-12-04T10:11:12.345Z"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Project.self, from: Data(text.utf8)) }
    }
}
