import Testing
import Kernel
@testable import Server

@Suite("Step validation")
struct StepValidationTests {
    private func message(_ json: JSONValue) -> String? {
        do {
            _ = try WorkflowStep.list(fromJSON: json)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("valid steps of every kind are accepted")
    func validSteps() throws {
        let steps = try WorkflowStep.list(fromJSON: [
            ["id": "s1", "name": "wait", "kind": "delay", "config": ["ms": 10]],
            ["name": "store", "kind": "set", "config": ["key": "k", "value": ["nested": [1, .null]]]],
            ["name": "null value", "kind": "set", "config": ["key": "k", "value": .null]],
            ["name": "boom", "kind": "fail", "config": ["message": "nope"]],
            ["id": .string(String(repeating: "é", count: 256)), "name": .string(String(repeating: "n", count: 256)),
             "kind": "fail", "config": ["message": "longest labels"]],
        ])
        #expect(steps.map(\.kind) == [.delay, .set, .set, .fail, .fail])
        #expect(steps[0].label == "s1")
        #expect(steps[1].label == "store")
    }

    @Test("invalid configs are rejected with the offending field named", arguments: [
        (JSONValue.array([["name": "a", "kind": "delay", "config": ["ms": 1]], ["name": "b", "kind": "delay", "config": ["ms": "10"]]]),
         "steps[1].config.ms must be an integer"),
        ([["name": "a", "kind": "delay", "config": ["ms": 1.5]]], "steps[0].config.ms must be an integer"),
        ([["name": "a", "kind": "delay", "config": [:]]], "steps[0].config.ms is required"),
        ([["name": "a", "kind": "delay", "config": ["ms": -1]]], "steps[0].config.ms must not be negative"),
        ([["name": "a", "kind": "set", "config": ["key": 3, "value": 1]]], "steps[0].config.key must be a string"),
        ([["name": "a", "kind": "set", "config": ["key": "k"]]], "steps[0].config.value is required"),
        ([["name": "a", "kind": "fail", "config": ["message": false]]], "steps[0].config.message must be a string"),
        ([["name": "a", "kind": "fail", "config": "oops"]], "steps[0].config must be an object"),
        ([["name": "a", "kind": "sleep", "config": [:]]], "steps[0].kind must be one of: delay, set, fail"),
        ([["kind": "fail", "config": ["message": "m"]]], "steps[0].name must be a string"),
        ([["name": "a", "kind": "fail"]], "steps[0].config is required"),
        ([["name": "", "kind": "fail", "config": ["message": "m"]]], "steps[0].name must not be empty"),
        ([["name": .string(String(repeating: "n", count: 257)), "kind": "fail", "config": ["message": "m"]]],
         "steps[0].name must be at most 256 characters"),
        ([["id": .string(String(repeating: "é", count: 257)), "name": "a", "kind": "fail", "config": ["message": "m"]]],
         "steps[0].id must be at most 256 characters"),
        ([1], "steps[0] must be an object"),
        (["not": "array"], "steps must be an array"),
    ] as [(JSONValue, String)])
    func invalid(json: JSONValue, expected: String) {
        #expect(message(json) == expected)
    }

    @Test("typed steps are validated too (Workflow.validate)")
    func typedValidation() {
        let workflow = Workflow(projectId: "p", name: "w", steps: [
            WorkflowStep(name: "ok", kind: .fail, config: ["message": "m"]),
            WorkflowStep(name: "bad", kind: .delay, config: ["ms": "soon"]),
        ])
        #expect(throws: ValidationError(field: "steps[1].config.ms", problem: "must be an integer")) {
            try workflow.validate()
        }
    }

    @Test("execution numeric invariants")
    func executionInvariants() {
        #expect(throws: ValidationError.self) { try Execution(workflowId: "w", progress: 101, totalSteps: 1).validate() }
        #expect(throws: ValidationError.self) { try Execution(workflowId: "w", progress: -1, totalSteps: 1).validate() }
        #expect(throws: Never.self) { try Execution(workflowId: "w", progress: 100, totalSteps: 1).validate() }
    }
}
