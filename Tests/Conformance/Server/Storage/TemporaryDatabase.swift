import Glibc
import Kernel
@testable import Server

/// A unique database path under /tmp, removed (with its -wal/-shm files) by `remove()`.
struct TemporaryDatabase {
    let path: String

    init(_ label: String = "store") {
        path = "/tmp/conformance-\(label)-\(Identifier.make()).sqlite"
    }

    func remove() {
        for suffix in ["", "-wal", "-shm", "-journal", ".lock"] {
            unlink(path + suffix)
        }
    }

    /// Size of the write-ahead log file in bytes (0 when missing).
    var walSize: Int {
        var info = stat()
        guard stat(path + "-wal", &info) == 0 else { return 0 }
        return Int(info.st_size)
    }

    /// Counts rows with a fresh read-only connection (a second, independent reader).
    func count(_ table: String, where condition: String = "1") throws -> Int64 {
        let reader = try SQLiteConnection(path: path, mode: .readOnly)
        defer { reader.close() }
        return try reader.scalarInt64("SELECT count(*) FROM \(table) WHERE \(condition)") ?? -1
    }
}

/// A small workflow used by several tests.
func sampleSteps() -> [WorkflowStep] {
    [
        WorkflowStep(id: "wait", name: "Wait", kind: .delay, config: ["ms": 5]),
        WorkflowStep(name: "Store", kind: .set, config: ["key": "answer", "value": ["z": 1, "a": [true, .null]]]),
        WorkflowStep(name: "Explode", kind: .fail, config: ["message": "boom"]),
    ]
}
