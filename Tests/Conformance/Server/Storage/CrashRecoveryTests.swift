import Glibc
import Testing
import Kernel
@testable import Server

/// Spawns `/usr/bin/sqlite3 <path>` with a pipe on stdin; the pipe stays open so the
/// child keeps its connection (and its un-checkpointed WAL) until it is killed.
private struct SQLiteShellChild {
    let pid: pid_t
    let input: Int32

    static let executable = "/usr/bin/sqlite3"

    init(path: String) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SpawnError(code: errno) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("sqlite3"), strdup(path), nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let code = posix_spawn(&child, Self.executable, &actions, nil, argv, environ)
        close(fds[0])
        guard code == 0 else {
            close(fds[1])
            throw SpawnError(code: code)
        }
        pid = child
        input = fds[1]
    }

    func send(_ sql: String) {
        var bytes = Array(sql.utf8)
        bytes.append(0x0A)
        _ = bytes.withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
    }

    /// SIGKILL, as an OOM killer or `kill -9` would; no chance to checkpoint or close.
    func killHard() -> Int32 {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(input)
        return status & 0x7F  // terminating signal
    }

    struct SpawnError: Error { let code: Int32 }
}

@Suite("Crash recovery")
struct CrashRecoveryTests {
    @Test(
        "rows committed by a process killed with SIGKILL survive and the store reopens cleanly",
        .enabled(if: access("/usr/bin/sqlite3", X_OK) == 0, "needs the sqlite3 command-line shell"),
        .timeLimit(.minutes(1)))
    func killNineKeepsCommittedWrites() async throws {
        let file = TemporaryDatabase("kill9")
        defer { file.remove() }
        let store = try await Store.open(path: file.path)
        let project = try await store.createProject(name: "before crash")
        let workflow = try await store.createWorkflow(projectId: project.id, name: "W", steps: sampleSteps())
        var running = try await store.createExecution(workflowId: workflow.id)
        running.status = .running
        try await store.updateExecution(running)
        await store.close()

        let child = try SQLiteShellChild(path: file.path)
        child.send("PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;")
        child.send(
            "INSERT INTO projects (id, name, description, created_at, updated_at) VALUES ('crash-1', 'from child', NULL, 1, 1);")

        // Wait until an independent connection sees the commit, then kill the writer.
        var visible = false
        for _ in 0..<500 where !visible {
            visible = (try? file.count("projects", where: "id = 'crash-1'")) == 1
            if !visible { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(visible)
        #expect(file.walSize > 0)  // the row is only in the WAL, never checkpointed
        #expect(child.killHard() == SIGKILL)

        let reopened = try await Store.open(path: file.path)
        #expect(try await reopened.project(id: "crash-1")?.name == "from child")
        #expect(try await reopened.project(id: project.id) == project)
        #expect(try await reopened.recoverInterruptedExecutions() == 1)
        #expect(try await reopened.execution(id: running.id)?.error == "interrupted")
        await reopened.close()
    }
}
