import Kernel

/// Where something in a spec file is: the file name and a 1-based line number.
struct SpecLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file, as given to the parser (usually `Specs/area.md`).
    var file: String
    /// The 1-based line.
    var line: Int
    /// `file:line`.
    var description: String { "\(file):\(line)" }
}

/// What every case carries: its stable ID, where its expectation comes from, and where it is written.
struct CaseInfo: Sendable, Equatable {
    /// The stable ID, e.g. `SEED-CORS-001`: upper-case letters, digits and `-`, unique across all spec files.
    var id: String
    /// The authority for the expected behaviour: a seed section, a Fastify test file, or an RFC section.
    var source: String
    /// An optional one-line description.
    var title: String?
    /// What the server must have for the case to make sense (documentation only).
    var fixture: String?
    /// The line of the opening fence.
    var location: SpecLocation
}

/// One case from a spec file: an HTTP exchange or a WebSocket conversation.
///
/// ```swift
/// let cases = try SpecParser.parse(text, file: "Specs/seed-cors.md")
/// cases.first?.id   // "SEED-CORS-001"
/// ```
enum SpecCase: Sendable {
    /// A request written as a curl command line, with response expectations.
    case http(HTTPCase)
    /// A WebSocket URL with headers and the expected message sequence.
    case webSocket(WebSocketCase)

    /// The shared header fields.
    var info: CaseInfo {
        switch self {
        case .http(let value): value.info
        case .webSocket(let value): value.info
        }
    }
    /// The stable ID.
    var id: String { info.id }
}

/// A value paired with the spec line it came from, so failures can point at it.
struct Located<Value: Sendable>: Sendable {
    /// The value.
    var value: Value
    /// Its line.
    var location: SpecLocation
}

/// An HTTP case: the curl command (verbatim) and what the response must look like.
struct HTTPCase: Sendable {
    /// The header fields.
    var info: CaseInfo
    /// The command exactly as written in the spec, continuation lines included.
    var curl: String
    /// The request the command describes.
    var request: CurlCommand
    /// The expectations, in spec order.
    var expectations: [Located<HTTPExpectation>]
}

/// One check on an HTTP response. Header names compare case-insensitively.
enum HTTPExpectation: Sendable, Equatable {
    /// `expect status: 200`.
    case status(Int)
    /// `expect header Name: value`: the field is present and (all its values joined by `, `) equals `value`.
    case header(name: String, value: String)
    /// `expect header-contains Name: text`: the joined value contains `text`, ignoring ASCII case.
    case headerContains(name: String, text: String)
    /// `expect header-absent Name`.
    case headerAbsent(name: String)
    /// `expect header-present Name`.
    case headerPresent(name: String)
    /// `expect body: text`: the body is exactly this UTF-8 text.
    case body(String)
    /// `expect body-empty`.
    case bodyEmpty
    /// `expect json PATH: RULE`: the body is JSON and the value at `path` satisfies `rule`.
    case json(path: JSONPath, rule: JSONRule)
}

/// A WebSocket case: where to connect, and the conversation the server must produce.
struct WebSocketCase: Sendable {
    /// The header fields.
    var info: CaseInfo
    /// The `ws://` or `wss://` URL, verbatim.
    var url: SpecURL
    /// Extra handshake headers (`header: Name: value`), in order.
    var headers: [(String, String)]
    /// Rules on received messages, in spec order.
    var messages: [MessageExpectation]
    /// How the server must close the connection, if it must.
    var close: Located<CloseExpectation>?
    /// The spacing between consecutive messages, if constrained.
    var interval: Located<TimingRule>?
    /// The longest allowed gap between consecutive messages (`expect max-interval: 1.5s`): for streams that
    /// push on every change and also at least this often.
    var maxInterval: Located<TimingRule>? = nil
    /// How long a replay waits for the whole conversation (`timeout: 30s`; 30 s by default).
    var timeoutMilliseconds: Int
}

/// Which received messages a group of rules applies to.
enum MessageSelector: Sendable, Equatable, CustomStringConvertible {
    /// `message 3`: the third message (1-based).
    case index(Int)
    /// `messages 2..5` or `messages 2..` (through the last one); the first index must exist.
    case range(from: Int, through: Int?)
    /// `last message`.
    case last

    /// As written in the spec.
    var description: String {
        switch self {
        case .index(let n): "message \(n)"
        case .range(let from, let through): "messages \(from)..\(through.map(String.init) ?? "")"
        case .last: "last message"
        }
    }
}

/// JSON rules for the messages a selector picks; every message must be a JSON text frame.
struct MessageExpectation: Sendable {
    /// Which messages.
    var selector: MessageSelector
    /// `(path, rule)` pairs; every one must hold for every selected message.
    var rules: [Located<JSONPathRule>]
    /// The `expect message …:` line.
    var location: SpecLocation
}

/// A path and the rule for the value found there.
struct JSONPathRule: Sendable, Equatable {
    /// Where in the document.
    var path: JSONPath
    /// What must hold there.
    var rule: JSONRule
}

/// `expect close: 1000 after 5s ±1s`: the close code and when it must arrive, after the last message.
struct CloseExpectation: Sendable, Equatable {
    /// The expected close code, or `nil` for any.
    var code: Int?
    /// When, measured from the last data message (or from the handshake when there was none).
    var after: TimingRule?
}

/// A duration with a symmetric tolerance, in milliseconds: `5s ±1s`.
struct TimingRule: Sendable, Equatable, CustomStringConvertible {
    /// The nominal duration.
    var milliseconds: Int
    /// The allowed deviation either way.
    var toleranceMilliseconds: Int
    /// Whether `actual` lies within the window.
    func accepts(milliseconds actual: Int) -> Bool { abs(actual - milliseconds) <= toleranceMilliseconds }
    /// `5000ms ±1000ms`.
    var description: String { "\(milliseconds)ms ±\(toleranceMilliseconds)ms" }
}
