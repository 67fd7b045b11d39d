import Kernel
import Testing
@testable import Server

@Suite("Execution state machine")
struct ExecutionStateMachineTests {
    private let t0 = Timestamp(millisecondsSinceEpoch: 1_000)
    private let t1 = Timestamp(millisecondsSinceEpoch: 2_000)

    private func machine(_ steps: [WorkflowStep]) -> ExecutionStateMachine {
        ExecutionStateMachine(execution: Execution(workflowId: "w", totalSteps: steps.count), steps: steps)
    }

    private func steps(_ count: Int) -> [WorkflowStep] {
        (0..<count).map { index in
            let config: JSONValue = ["key": .string("k\(index)"), "value": .number(Double(index))]
            return WorkflowStep(id: "s\(index)", name: "step \(index)", kind: .set, config: config)
        }
    }

    @Test("progress runs 0, 33, 66, 100 over three steps, currentStep follows, result appears on completion")
    func threeSteps() throws {
        var m = machine(steps(3))
        try m.start(at: t0)
        #expect(m.execution.status == .running && m.execution.startedAt == t0 && m.execution.currentStep == "s0")
        var seen: [(Int, String?)] = [(m.execution.progress, m.execution.currentStep)]
        for index in 0..<3 {
            m.set("k\(index)", .number(Double(index)))
            try m.finishStep(at: t1)
            seen.append((m.execution.progress, m.execution.currentStep))
        }
        #expect(seen.map(\.0) == [0, 33, 66, 100])
        #expect(seen.map(\.1) == ["s0", "s1", "s2", nil])
        #expect(m.execution.status == .completed && m.execution.stepsExecuted == 3 && m.execution.finishedAt == t1)
        #expect(m.execution.result == ["k0": 0, "k1": 1, "k2": 2])
    }

    @Test("a step without id is labelled by its name")
    func label() throws {
        var m = machine([WorkflowStep(name: "Named", kind: .delay, config: ["ms": 1])])
        try m.start(at: t0)
        #expect(m.execution.currentStep == "Named")
    }

    @Test("an empty workflow completes with progress 100")
    func empty() throws {
        var m = machine([])
        try m.start(at: t0)
        #expect(m.execution.currentStep == nil)
        try m.complete(at: t1)
        #expect(m.execution.status == .completed && m.execution.progress == 100 && m.execution.result == [:])
    }

    @Test("fail keeps the failing step and the progress so far; no result")
    func fail() throws {
        var m = machine(steps(4))
        try m.start(at: t0)
        try m.finishStep(at: t0)
        try m.fail("boom", at: t1)
        #expect(m.execution.status == .failed && m.execution.error == "boom" && m.execution.currentStep == "s1")
        #expect(m.execution.progress == 25 && m.execution.stepsExecuted == 1 && m.execution.result == nil && m.execution.finishedAt == t1)
    }

    @Test("cancel and interrupt work from pending and running")
    func stopMoves() throws {
        var pending = machine(steps(2))
        try pending.cancel(at: t1)
        #expect(pending.execution.status == .cancelled && pending.execution.finishedAt == t1 && pending.execution.startedAt == nil)
        var running = machine(steps(2))
        try running.start(at: t0)
        try running.interrupt(at: t1)
        #expect(running.execution.status == .failed && running.execution.error == "interrupted")
    }

    @Test("illegal moves are refused and change nothing")
    func illegal() throws {
        var m = machine(steps(1))
        #expect(throws: ExecutionTransitionError(.illegal("finishStep", from: .pending))) { try m.finishStep(at: t0) }
        #expect(throws: ExecutionTransitionError(.illegal("fail", from: .pending))) { try m.fail("x", at: t0) }
        try m.start(at: t0)
        #expect(throws: ExecutionTransitionError(.illegal("start", from: .running))) { try m.start(at: t0) }
        #expect(throws: ExecutionTransitionError(.stepsLeft(1))) { try m.complete(at: t0) }
        try m.finishStep(at: t1)
        let done = m.execution
        for move: (inout ExecutionStateMachine) throws -> Void in [
            { try $0.cancel(at: self.t1) }, { try $0.interrupt(at: self.t1) }, { try $0.fail("x", at: self.t1) },
            { try $0.finishStep(at: self.t1) }, { try $0.start(at: self.t1) },
        ] {
            #expect(throws: ExecutionTransitionError.self) { try move(&m) }
        }
        #expect(m.execution == done)
        #expect(ExecutionTransitionError(.illegal("start", from: .completed)).description == "cannot start an execution that is completed")
    }

    @Test("percent rounds down and stays within 0...100")
    func percent() {
        #expect(ExecutionStateMachine.percent(1, of: 3) == 33)
        #expect(ExecutionStateMachine.percent(2, of: 3) == 66)
        #expect(ExecutionStateMachine.percent(7, of: 7) == 100)
        #expect(ExecutionStateMachine.percent(0, of: 0) == 100)
        #expect(ExecutionStateMachine.percent(9, of: 7) == 100)
    }
}
