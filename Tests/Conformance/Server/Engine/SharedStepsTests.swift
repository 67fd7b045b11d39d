import Kernel
import Testing
@testable import Server

@Suite("Shared steps of active runs")
struct SharedStepsTests {
    private func steps(_ value: String) -> [WorkflowStep] {
        [WorkflowStep(name: "s", kind: .set, config: ["key": "k", "value": .string(value)])]
    }

    private func address(_ steps: [WorkflowStep]) -> UInt {
        steps.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    }

    @Test("runs of one workflow with equal steps get the first run's copy, not their own parse")
    func equalStepsAreShared() {
        var shared = SharedSteps()
        let first = shared.adopt(steps("x"), of: "w")
        let second = shared.adopt(steps("x"), of: "w")
        #expect(address(second) == address(first))
        let other = shared.adopt(steps("x"), of: "other")
        #expect(address(other) != address(first), "another workflow's steps are its own")
        #expect(shared.workflowCount == 2)
    }

    @Test("changed steps start a new shared copy; older runs keep what they adopted")
    func changedStepsReplaceTheCopy() {
        var shared = SharedSteps()
        let old = shared.adopt(steps("x"), of: "w")
        let new = shared.adopt(steps("y"), of: "w")
        #expect(new == steps("y") && old == steps("x"))
        let third = shared.adopt(steps("y"), of: "w")
        #expect(address(third) == address(new))
    }

    @Test("the entry lives until the workflow's last run releases it")
    func releaseDropsTheLastEntry() {
        var shared = SharedSteps()
        _ = shared.adopt(steps("x"), of: "w")
        _ = shared.adopt(steps("x"), of: "w")
        shared.release("w")
        #expect(shared.workflowCount == 1)
        shared.release("w")
        #expect(shared.workflowCount == 0)
        shared.release("w")
        #expect(shared.workflowCount == 0, "an unknown release is ignored")
    }
}
