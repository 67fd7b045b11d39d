/// An HTTP version as sent on the wire (`HTTP/1.1`).
public struct HTTP1Version: Hashable, Sendable, CustomStringConvertible {
    /// The major version digit.
    public var major: Int
    /// The minor version digit.
    public var minor: Int

    /// Creates a version.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// `HTTP/1.0`.
    public static let http1_0 = HTTP1Version(major: 1, minor: 0)
    /// `HTTP/1.1`.
    public static let http1_1 = HTTP1Version(major: 1, minor: 1)

    /// `"HTTP/1.1"`.
    public var description: String { "HTTP/\(major).\(minor)" }
}

/// One field line of a response head: a name as given and a value.
public struct HTTP1HeaderField: Hashable, Sendable {
    /// The field name, case as given.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// How the request's message body is delimited (RFC 9112 §6.3).
public enum HTTP1BodyFraming: Hashable, Sendable {
    /// No body (neither Content-Length nor Transfer-Encoding).
    case none
    /// Exactly this many bytes follow.
    case contentLength(Int)
    /// A chunked body follows.
    case chunked
}

/// A parsed, validated request head.
///
/// ```swift
/// if case .head(let head) = event {
///     print(head.method, head.target, head.host ?? "-", head.keepAlive)
///     let type = head.firstValue(for: "content-type")
/// }
/// ```
public struct HTTP1RequestHead: Hashable, Sendable {
    // The public initializer is in an extension, so the compiler's memberwise one, `init(version:method:…)`, stays
    // available to the parser: for a struct of five or more stored properties, the optimizer (Swift 6.3) leaves a
    // copy of `self` in an explicit initializer, retaining and releasing every string and list in it once more.
    // `version` comes first so that the memberwise initializer's labels differ from the public one's.

    /// The request's HTTP version (1.0 or 1.1).
    public var version: HTTP1Version
    /// The method token, case-sensitive (`GET`).
    public var method: String
    /// The request-target exactly as sent (origin, absolute, authority or asterisk form).
    public var target: String
    /// Field lines in order, duplicates kept. Names are lowercased as they are parsed (field names are
    /// case-insensitive), so the kernel's ``Request/headers`` takes this list as it is. Values lose
    /// their leading and trailing SP/HTAB. A value that is not valid UTF-8 (obs-text) is read as Latin-1, as
    /// Node reads every value, so each byte stays one character of the same code.
    public var headers: HTTPHeaders
    /// Whether the connection may serve another request after this one.
    public var keepAlive: Bool
    /// How the body is delimited.
    public var framing: HTTP1BodyFraming
    /// `Expect: 100-continue` on an HTTP/1.1 request (HTTP/1.0 expectations are ignored, RFC 9110 §10.1.1).
    public var expectsContinue: Bool
    /// An HTTP/1.1 request with an `Upgrade` field and `upgrade` in `Connection`.
    public var isUpgrade: Bool
    /// The target host: the absolute-form or CONNECT authority when present, else the Host value.
    public var host: String?

    /// Whether the method is `CONNECT`; the length is compared first, so other methods cost no string comparison.
    var isConnect: Bool { method.utf8.count == 7 && method == "CONNECT" }

    /// The target as a path and query: the target itself in origin form; in absolute form
    /// (`http://host/a?b`) the part after the authority, `/` when that is empty (RFC 9112 §3.2.2).
    public var originFormTarget: String {
        guard let first = target.utf8.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "*"), method != "CONNECT",
            let colon = target.firstIndex(of: ":"), target[colon...].hasPrefix("://")
        else { return target }
        let rest = target[target.index(colon, offsetBy: 3)...]
        guard let pathStart = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let tail = rest[pathStart...]
        return tail.first == "/" ? String(tail) : "/" + tail
    }

    /// All values of the fields named `name`, compared ASCII case-insensitively.
    public func values(for name: String) -> [String] { headers.values(for: name) }

    /// The first value of the field named `name` (ASCII case-insensitive), or nil.
    public func firstValue(for name: String) -> String? { headers[name] }

    /// ASCII case-insensitive comparison without allocating lowercase copies.
    static func namesMatch(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        if lhs == rhs { return true }
        var lhs = lhs, rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                for index in 0..<left.count where HTTP1ByteClass.lowercased(left[index]) != HTTP1ByteClass.lowercased(right[index]) {
                    return false
                }
                return true
            }
        }
    }
}

extension HTTP1RequestHead {
    /// Creates a head (mainly for tests and inject).
    public init(
        method: String, target: String, version: HTTP1Version = .http1_1,
        headers: HTTPHeaders = [:], keepAlive: Bool = true, framing: HTTP1BodyFraming = .none,
        expectsContinue: Bool = false, isUpgrade: Bool = false, host: String? = nil
    ) {
        self.init(
            version: version, method: method, target: target, headers: headers, keepAlive: keepAlive, framing: framing,
            expectsContinue: expectsContinue, isUpgrade: isUpgrade, host: host)
    }
}
