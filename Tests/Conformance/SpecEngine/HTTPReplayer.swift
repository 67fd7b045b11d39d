import Kernel

/// Anything that can answer an HTTP request: the kernel in-process, a socket client, a live server.
///
/// ```swift
/// struct Recorder: HTTPTarget {
///     func send(method: String, url: SpecURL, headers: [(String, String)], body: [UInt8]?) async throws
///         -> (status: Int, headers: [(String, String)], body: [UInt8]) { (200, [], []) }
/// }
/// ```
protocol HTTPTarget: Sendable {
    /// Sends one request and returns the complete response. `url` is the spec's URL (the target may
    /// connect elsewhere, but should send `url.target` and the given `Host` header unchanged).
    func send(method: String, url: SpecURL, headers: [(String, String)], body: [UInt8]?) async throws
        -> (status: Int, headers: [(String, String)], body: [UInt8])
}

/// Replays HTTP cases against a target and checks the responses.
enum HTTPReplayer {
    /// Sends the case's request to `target` and returns what differed (empty when the case passes).
    static func replay(_ spec: HTTPCase, against target: some HTTPTarget) async -> [String] {
        let request = spec.request
        do {
            let response = try await target.send(method: request.method, url: request.url, headers: request.headers, body: request.body)
            return check(spec, status: response.status, headers: response.headers, body: response.body)
        } catch {
            return ["request failed: \(error)"]
        }
    }

    /// Checks every expectation of `spec` against a response; one string per failed expectation.
    static func check(_ spec: HTTPCase, status: Int, headers: [(String, String)], body: [UInt8]) -> [String] {
        var problems: [String] = []
        var document: Result<JSONValue, JSONParseError>?
        for expectation in spec.expectations {
            let prefix = "line \(expectation.location.line): "
            switch expectation.value {
            case .json(let path, let rule):
                if document == nil { document = Result { () throws(JSONParseError) in try JSONValue(parsing: body) } }
                switch document! {
                case .success(let value):
                    problems += JSONShape.check(JSONPathRule(path: path, rule: rule), in: value).map { prefix + "json " + $0 }
                case .failure:
                    problems.append(prefix + "json \(path): body is not JSON: \(quoted(body))")
                }
            default:
                if let problem = mismatch(expectation.value, status: status, headers: headers, body: body) {
                    problems.append(prefix + problem)
                }
            }
        }
        return problems
    }

    /// Why a non-JSON expectation fails, or nil.
    private static func mismatch(_ expectation: HTTPExpectation, status: Int, headers: [(String, String)], body: [UInt8]) -> String? {
        switch expectation {
        case .status(let expected):
            return status == expected ? nil : "status: expected \(expected), got \(status)"
        case .header(let name, let expected):
            guard let actual = joinedHeader(name, in: headers) else { return "header \(name): expected \"\(expected)\", absent" }
            return actual == expected ? nil : "header \(name): expected \"\(expected)\", got \"\(actual)\""
        case .headerContains(let name, let text):
            guard let actual = joinedHeader(name, in: headers) else { return "header \(name): expected to contain \"\(text)\", absent" }
            return actual.lowercased().contains(text.lowercased()) ? nil : "header \(name): expected to contain \"\(text)\", got \"\(actual)\""
        case .headerAbsent(let name):
            return joinedHeader(name, in: headers).map { "header \(name): expected absent, got \"\($0)\"" }
        case .headerPresent(let name):
            return joinedHeader(name, in: headers) == nil ? "header \(name): expected present, absent" : nil
        case .body(let expected):
            let actual = String(decoding: body, as: UTF8.self)
            return actual == expected ? nil : "body: expected \(quoted(Array(expected.utf8))), got \(quoted(body))"
        case .bodyEmpty:
            return body.isEmpty ? nil : "body: expected empty, got \(body.count) bytes \(quoted(body))"
        case .json:
            return nil
        }
    }

    /// Every value of `name` (case-insensitive) joined by `, `, or nil when absent.
    static func joinedHeader(_ name: String, in headers: [(String, String)]) -> String? {
        let wanted = name.lowercased()
        let values = headers.filter { $0.0.lowercased() == wanted }.map(\.1)
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }

    /// The body as a short quoted string for messages.
    static func quoted(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(80), as: UTF8.self)
        return "\"\(text)\(bytes.count > 80 ? "..." : "")\""
    }
}
