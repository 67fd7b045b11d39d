import Kernel

/// The CORS outcome for one request: the headers to send, the `Vary` fields, and what to do with a preflight.
///
/// Decided once (in the configured hook, or in `onSend` when the request never got that far) and
/// stored in the request, so `onSend` can put the same headers back on whatever response goes out.
struct CORSDecision: Sendable {
    /// What happens to an OPTIONS request.
    enum Preflight: Sendable, Equatable {
        /// Not a preflight (or not answered in this phase).
        case none
        /// `strictPreflight` and `Origin` or `Access-Control-Request-Method` missing: 400.
        case invalid
        /// Answered by the plugin with this status.
        case answer(HTTPStatus)
        /// Headers added; the OPTIONS route answers (`preflightContinue`).
        case proceed
    }

    /// `Access-Control-*` (and, on preflights, `Cache-Control`) fields, lowercased names.
    var headers: [(name: String, value: String)] = []
    /// Field names to merge into `Vary`, in order.
    var vary: [String] = []
    /// Whether CORS handles this request at all; `false` for `origin: .disabled`, a `.deny` decision,
    /// or a route with `config["cors"] = "false"`.
    var isActive = true
    /// The preflight outcome.
    var preflight: Preflight = .none

    /// A decision that adds nothing.
    static let inactive = CORSDecision(isActive: false)

    /// Writes the decision into `headers`.
    ///
    /// `replacing` (the deciding hook) overwrites existing values; the `onSend` pass only fills in
    /// fields that are missing, so a handler that set its own value keeps it. `Vary` is always merged.
    func apply(to headers: inout HTTPHeaders, replacing: Bool) {
        // By index: a `for field in` loop would copy each pair, retaining both strings.
        for index in self.headers.indices where replacing || !headers.contains(self.headers[index].name) {
            headers[self.headers[index].name] = self.headers[index].value
        }
        for field in vary {
            // The field names are the plugin's own constants, which are valid tokens.
            try? Vary.merge(field, into: &headers)
        }
    }
}

/// A decision as the request's state keeps it: a reference, so the state fits a decoration without a boxed
/// copy, and every request under constant settings shares one.
final class SharedCORSDecision: Sendable {
    /// The decision.
    let value: CORSDecision
    /// For a decision every request shares: its fields as one ``HTTPHeaderBlock``, which the deciding pass sets with
    /// one reference (joined to a block set before it, such as the security headers') instead of field by field.
    private let block: HTTPHeaderBlock?

    /// The decision's fields as the block every request shares; `nil` unless the decision is shared and has no `Vary`.
    var sharedBlock: HTTPHeaderBlock? { block }

    /// Whether `headers` still hold this decision's fields as one block put them there (a preset, or an earlier pass).
    @inline(__always)
    func isShared(by headers: HTTPHeaders) -> Bool {
        guard let block else { return false }
        return headers.sharesFields(of: block)
    }

    /// A decision; `sharedByEveryRequest` renders its fields once, as a block.
    init(_ value: CORSDecision, sharedByEveryRequest: Bool = false) {
        self.value = value
        self.block = sharedByEveryRequest && value.vary.isEmpty && !value.headers.isEmpty ? try? HTTPHeaderBlock(value.headers) : nil
    }

    /// ``CORSDecision/apply(to:replacing:)``, reading the decision where it is stored instead of copying it.
    func apply(to headers: inout HTTPHeaders, replacing: Bool) {
        if let block {
            // Setting a block replaces fields of its names, as the deciding pass does field by field.
            if replacing {
                headers.set(block)
                return
            }
            // The fill-in pass: while the reply still shares the block, no field of it is missing.
            if headers.sharesFields(of: block) { return }
        }
        value.apply(to: &headers, replacing: replacing)
    }
}

/// What the plugin remembers about one request, in a request decoration.
struct CORSRequestState: Sendable {
    /// The decision, once made.
    var decision: SharedCORSDecision?
    /// Whether a decision was attempted (it may have thrown); `onSend` then does not ask again.
    var attempted = false
    /// Whether a preflight was let through to the OPTIONS route (`preflightContinue`).
    var preflightContinued = false

    /// The request decoration's key.
    static let key = DecorationKey<CORSRequestState>("cors")
}

/// The header names the plugin writes, lowercased.
enum CORSHeader {
    static let allowOrigin = "access-control-allow-origin"
    static let allowCredentials = "access-control-allow-credentials"
    static let exposeHeaders = "access-control-expose-headers"
    static let allowMethods = "access-control-allow-methods"
    static let allowHeaders = "access-control-allow-headers"
    static let maxAge = "access-control-max-age"
    static let cacheControl = "cache-control"
    static let requestMethod = "access-control-request-method"
    static let requestHeaders = "access-control-request-headers"
    static let origin = "origin"
    static let varyOrigin = "Origin"
    static let varyRequestHeaders = "Access-Control-Request-Headers"
}
