import Kernel
import Synchronization

/// A thread-safe list that hooks append to, to check which ran and in what order.
final class Trace: Sendable {
    private let entries = Lock<[String]>([])
    func add(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
    func count(_ entry: String) -> Int { all.filter { $0 == entry }.count }
}

/// A struct sent as JSON in tests.
struct Greeting: ResponseEncodable, Equatable, Decodable {
    var hello: String
}

/// An error with a status, for the error-path tests.
struct TeapotError: HTTPResponseError {
    var status: HTTPStatus { 418 }
    var message: String { "short and stout" }
    var headers: HTTPHeaders { ["x-teapot": "yes"] }
}

/// A plain Swift error with no HTTP meaning.
struct Kaboom: Error, CustomStringConvertible {
    var description: String { "kaboom" }
}

extension InjectResponse {
    /// The JSON body's member, for short assertions.
    subscript(json key: String) -> JSONValue? { (try? json())?[key] }
}

/// A one-shot gate: `wait()` returns once `open()` was called (at once after that). Cancelling a waiting task
/// changes nothing, as with a blocking call.
final class Gate: Sendable {
    private let state = Lock<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Opens the gate for every waiter, now and later.
    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the gate is open.
    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }
}
