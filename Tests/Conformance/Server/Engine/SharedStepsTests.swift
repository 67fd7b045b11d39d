import Kernel
import Testing
@testable import Server

@Suite("Shared steps of active runs")
struct SharedStepsTests {
    private func steps(_ value: String) -> [WorkflowStep] {
        [WorkflowStep(name: "s", kind: .set, config: ["key": "k", "value": .string(value)])]
    }

    private func text(_ value: String) -> [UInt8] { Array(#"[{"name":"s","kind":"set","config":{"key":"k","value":"\#(value)"}}]"#.utf8) }

    private func address(_ steps: [WorkflowStep]) -> UInt {
        steps.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    }

    @Test("runs of one workflow parsed from the same text get the first run's copy, not their own parse")
    func sameTextIsShared() {
        var shared = SharedSteps()
        let first = shared.adopt(steps("x"), parsedFrom: text("x"), of: "w")
        let second = shared.adopt(steps("x"), parsedFrom: text("x"), of: "w")
        #expect(address(second) == address(first))
        #expect(shared.current(of: "w")?.text == text("x") && shared.current(of: "w")?.steps == steps("x"))
        let other = shared.adopt(steps("x"), parsedFrom: text("x"), of: "other")
        #expect(address(other) != address(first), "another workflow's steps are its own")
        #expect(shared.workflowCount == 2 && shared.current(of: "none") == nil)
    }

    @Test("changed text starts a new shared copy; older runs keep what they adopted")
    func changedTextReplacesTheCopy() {
        var shared = SharedSteps()
        let old = shared.adopt(steps("x"), parsedFrom: text("x"), of: "w")
        let new = shared.adopt(steps("y"), parsedFrom: text("y"), of: "w")
        #expect(new == steps("y") && old == steps("x"))
        #expect(shared.current(of: "w")?.text == text("y"))
        let third = shared.adopt(steps("y"), parsedFrom: text("y"), of: "w")
        #expect(address(third) == address(new))
    }

    @Test("the entry lives until the workflow's last run releases it")
    func releaseDropsTheLastEntry() {
        var shared = SharedSteps()
        _ = shared.adopt(steps("x"), parsedFrom: text("x"), of: "w")
        _ = shared.adopt(steps("x"), parsedFrom: text("x"), of: "w")
        shared.release("w")
        #expect(shared.workflowCount == 1)
        shared.release("w")
        #expect(shared.workflowCount == 0 && shared.current(of: "w") == nil)
        shared.release("w")
        #expect(shared.workflowCount == 0, "an unknown release is ignored")
    }
}
