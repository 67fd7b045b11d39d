import Dispatch
import Glibc
import Synchronization

/// Suspends until the process receives SIGINT or SIGTERM.
///
/// ```swift
/// try await app.listen(host: "127.0.0.1", port: 3001)
/// await waitForTermination()
/// try await app.close()     // graceful: preClose, drain, onClose
/// ```
public func waitForTermination(signals: [Int32] = [SIGINT, SIGTERM]) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let queue = DispatchQueue(label: "signals")
        let once = ResumeOnce(continuation)
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { once.resume() }
            source.resume()
            SignalSources.keep(source)
        }
    }
}

/// Resumes a continuation at most once; only touched on the serial `signals` queue.
// @unchecked Sendable: `resumed` is read and written only on the serial signal queue.
private final class ResumeOnce: @unchecked Sendable {
    private var continuation: CheckedContinuation<Void, Never>?
    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }
    func resume() {
        continuation?.resume()
        continuation = nil
    }
}

/// Keeps signal sources alive for the life of the process.
private enum SignalSources {
    // @unchecked Sendable box: the array is only touched inside the mutex.
    private final class Box: @unchecked Sendable { var sources: [any DispatchSourceSignal] = [] }
    private static let box = Mutex(Box())
    static func keep(_ source: any DispatchSourceSignal) { box.withLock { $0.sources.append(source) } }
}

/// The process environment, read without Foundation.
public struct ProcessInfoLite: Sendable {
    /// Reads the environment.
    public init() {}
    /// The value of an environment variable.
    public subscript(name: String) -> String? { getenv(name).map { String(cString: $0) } }
}
