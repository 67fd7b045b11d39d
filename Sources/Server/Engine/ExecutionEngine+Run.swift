import Kernel

extension ExecutionEngine {
    /// The body of one execution's task: publish the saved `pending` state, then start, run each
    /// step, and finish, saving before publishing at every change.
    ///
    /// Cancellation (from ``cancel(executionId:)`` or ``shutdown()``) is noticed between steps and
    /// inside `delay`; the execution then ends `cancelled`, or `failed`/`interrupted` on shutdown.
    ///
    /// Every way out ends the execution's event streams: with its final state (published even when the
    /// store cannot save it), or, once the execution is gone with its workflow, with no state at all.
    func run(_ start: ExecutionStateMachine) async {
        var machine = start
        let id = machine.execution.id
        events.publish(machine.execution)
        do {
            try Task.checkCancellation()
            try machine.start(at: .now())
            try await save(machine.execution)
            if machine.nextStep == nil {
                try machine.complete(at: .now())
                try await save(machine.execution)
            }
            while let step = machine.nextStep {
                try Task.checkCancellation()
                if try await perform(step, on: &machine) == .stop { break }
                try machine.finishStep(at: .now())
                try await save(machine.execution)
            }
        } catch is CancellationError {
            await stop(&machine)
        } catch let error as StoreError where error.isNotFound {
            // The workflow (and with it this execution) was deleted mid-run: nothing left to save.
            // Its streams end without a final state; the stream routes then report it missing.
            events.finish(executionId: id)
        } catch {
            await failAfterError(&machine, error)
        }
        _ = endRun(id)
    }

    /// What the run loop does after a step.
    enum StepOutcome { case next, stop }

    /// Runs one step's effect. A `fail` step fails the execution (saved) and stops the run.
    private func perform(_ step: WorkflowStep, on machine: inout ExecutionStateMachine) async throws -> StepOutcome {
        switch step.kind {
        case .delay:
            let milliseconds = step.config["ms"]?.integer ?? 0
            try await sleep(.milliseconds(milliseconds))
            try Task.checkCancellation()
        case .set:
            machine.set(step.config["key"]?.string ?? "", step.config["value"] ?? .null)
        case .fail:
            try machine.fail(step.config["message"]?.string ?? "step failed", at: .now())
            try await save(machine.execution)
            return .stop
        }
        return .next
    }

    /// Ends a stopped run as the stop reason says, unless it already reached a final status.
    private func stop(_ machine: inout ExecutionStateMachine) async {
        guard !machine.execution.status.isTerminal else { return }
        // Both moves are legal from any status that is not final.
        switch stopReason(machine.execution.id) ?? .cancelled {
        case .cancelled: try? machine.cancel(at: .now())
        case .shutdown: try? machine.interrupt(at: .now())
        }
        await saveFinal(machine.execution)
    }

    /// A store or transition failure mid-run: the execution fails with it, unless it already reached
    /// a final status (then the failure was saving that status, which is tried again).
    private func failAfterError(_ machine: inout ExecutionStateMachine, _ error: any Error) async {
        logger.error("execution run failed", ["executionId": .string(machine.execution.id), "error": .string("\(error)")])
        if machine.execution.status == .running { try? machine.fail("internal error: \(error)", at: .now()) }
        guard machine.execution.status.isTerminal else {
            // Not reachable (only a running machine fails mid-run), but no stream may wait for ever.
            events.finish(executionId: machine.execution.id)
            return
        }
        await saveFinal(machine.execution)
    }

    /// Saves and publishes `execution`'s final state. When the save fails, the error is logged and the
    /// state published anyway, so subscribers still get their last message and their streams end; when
    /// the execution no longer exists (deleted with its workflow), its streams are just ended.
    private func saveFinal(_ execution: Execution) async {
        do {
            try await save(execution)
        } catch let error as StoreError where error.isNotFound {
            logger.info("execution deleted before its final state was saved", ["executionId": .string(execution.id), "status": .string(execution.status.rawValue)])
            events.finish(executionId: execution.id)
        } catch {
            logger.error("could not save the final state of an execution", [
                "executionId": .string(execution.id), "status": .string(execution.status.rawValue), "error": .string("\(error)"),
            ])
            events.publish(execution)
        }
    }
}
