import Kernel
import Synchronization

/// `OPTIONS` with `Origin` and `Access-Control-Request-Method`, as the §A.7 table's "pre".
func preflight(
    _ url: String = "/", origin: String? = "example.com", method: String? = "GET", requestHeaders: String? = nil
) -> InjectRequest {
    var headers = HTTPHeaders()
    if let origin { headers["origin"] = origin }
    if let method { headers["access-control-request-method"] = method }
    if let requestHeaders { headers["access-control-request-headers"] = requestHeaders }
    return .options(url, headers: headers)
}

/// A GET with an `Origin` header.
func get(_ url: String = "/", origin: String?) -> InjectRequest {
    var headers = HTTPHeaders()
    if let origin { headers["origin"] = origin }
    return .get(url, headers: headers)
}

/// A thread-safe counter for closures the tests pass to plugins.
final class Counter: Sendable {
    private let value = Lock(0)
    /// Adds one and returns the new value.
    @discardableResult func increment() -> Int { value.withLock { $0 += 1; return $0 } }
    /// The current value.
    var count: Int { value.withLock { $0 } }
}

/// A thread-safe box the tests write a value into from a closure.
final class Recorded<Value: Sendable>: Sendable {
    private let storage: Lock<Value>
    init(_ value: Value) { storage = Lock(value) }
    var value: Value {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}

extension InjectResponse {
    /// The `Access-Control-*` fields and `Vary`, for comparing responses.
    var corsFields: [String: String] {
        var result: [String: String] = [:]
        for field in headers where field.name.hasPrefix("access-control-") || field.name == "vary" {
            result[field.name] = result[field.name].map { $0 + "|" + field.value } ?? field.value
        }
        return result
    }
}
