/// The response being built for one request: a value that hooks and the handler change in place.
///
/// Sending marks the reply as sent; the pipeline then skips the remaining request hooks and
/// the handler and goes on with `preSerialization`, `onSend` and `onResponse`.
///
/// ```swift
/// reply.status = .created
/// reply.headers["location"] = "/projects/42"
/// reply.send(json: project)
/// ```
public struct Reply: Sendable {
    /// The status; 200 until set.
    public var status: HTTPStatus = .ok {
        didSet { statusWasSet = true }
    }
    /// The response headers.
    public var headers: HTTPHeaders
    /// What was sent, before serialization. `preSerialization` hooks may replace a `.json` payload; once it is
    /// serialized it becomes the `.bytes` of ``body`` (one buffer, not a copy), so the value it was made from,
    /// a large list for instance, is not held while the reply is written.
    public var payload: ReplyPayload = .empty
    /// The serialized body; `onSend` hooks may replace it.
    public var body: ReplyBody = .empty
    /// Whether a payload was sent (or the reply hijacked).
    public internal(set) var isSent = false
    /// Whether the application took over the connection; the kernel then writes nothing.
    public internal(set) var isHijacked = false
    /// The handler for a `101 Switching Protocols` reply, set by ``upgrade(_:)``.
    public internal(set) var upgradeHandler: UpgradeHandler?
    /// The error being answered, while the error path runs.
    public internal(set) var error: (any Error)?
    /// When the kernel started on the request (kept as a frozen type, see ``MonotonicInstant``).
    let start: MonotonicInstant
    /// When the kernel started on the request.
    public var startedAt: ContinuousClock.Instant { start.instant }

    var statusWasSet = false
    var route: CompiledRoute?
    var ranOnError = false
    var wantsNotFound = false
    var inOnError = false
    var misuse: ErrorCode?

    /// A fresh reply for a request that started at `startedAt`.
    public init(startedAt: ContinuousClock.Instant = .now) {
        start = MonotonicInstant(startedAt)
        headers = HTTPHeaders(reservingCapacity: Self.reservedFields)
    }

    /// A fresh reply for a request that started at `start`.
    init(start: MonotonicInstant) {
        self.start = start
        headers = HTTPHeaders(reservingCapacity: Self.reservedFields)
    }

    /// A fresh reply whose headers take the room `spare` reserved (see ``HTTPHeaders/removeAllKeepingCapacity()``),
    /// leaving `spare` empty; with no room there, they reserve their own as usual.
    init(start: MonotonicInstant, reusing spare: inout HTTPHeaders) {
        self.start = start
        if spare.hasReservedRoom {
            headers = spare
            spare = HTTPHeaders()
        } else {
            headers = HTTPHeaders(reservingCapacity: Self.reservedFields)
        }
    }

    /// Room for 16 fields before growing: replies behind the CORS and security-header plugins fit.
    static let reservedFields = 16

    /// Time since the kernel started on the request.
    public var elapsed: Duration { MonotonicInstant.now.sinceOrigin - start.sinceOrigin }

    /// Sets the status; chainable in Fastify's style.
    @discardableResult
    public mutating func code(_ status: HTTPStatus) -> Self {
        self.status = status
        return self
    }

    /// Sets a header, replacing earlier values, except `set-cookie`, whose values accumulate.
    public mutating func header(_ name: String, _ value: String) {
        if HTTPHeaders.normalize(name) == "set-cookie" { headers.add(name, value) } else { headers[name] = value }
    }

    /// Sets `content-type`.
    public mutating func type(_ contentType: String) { headers["content-type"] = contentType }

    /// Sends text.
    public mutating func send(_ text: String) { commit(.text(text)) }
    /// Sends bytes.
    public mutating func send(_ bytes: [UInt8]) { commit(.bytes(bytes)) }
    /// Sends a value as JSON.
    public mutating func send(json value: consuming some Encodable & Sendable) { commit(.json(value)) }
    /// Sends an error through the error handler chain.
    public mutating func send(error: any Error) { commit(.error(error)) }
    /// Sends an empty body.
    public mutating func send() { commit(.empty) }
    /// Streams chunks with chunked transfer encoding.
    public mutating func send(stream: ReplyStream) { commit(.stream(stream)) }
    /// Sends any payload.
    public mutating func send(payload: ReplyPayload) { commit(payload) }

    /// Redirects with `Location` (302 unless a status is given).
    public mutating func redirect(_ location: String, status: HTTPStatus = .found) {
        self.status = status
        headers["location"] = location
        send()
    }

    /// Answers with the not-found handler of this URL's 404 level (its `preHandler` hooks, then its handler).
    public mutating func callNotFound() {
        guard !isSent else { return }
        wantsNotFound = true
        isSent = true
    }

    /// Takes over the response: no more hooks run and the kernel sends nothing.
    public mutating func hijack() {
        isHijacked = true
        isSent = true
    }

    /// Answers `101 Switching Protocols` and hands the connection to `handler` once the head is written.
    public mutating func upgrade(headers extra: HTTPHeaders = [:], _ handler: UpgradeHandler) {
        status = .switchingProtocols
        for field in extra { headers.add(field.name, field.value) }
        upgradeHandler = handler
        commit(.empty)
    }

    /// Takes `payload` consumed, so it is moved into the reply rather than copied (with a value witness call for JSON).
    private mutating func commit(_ payload: consuming ReplyPayload) {
        if inOnError { misuse = .sendInsideOnError; return }
        guard !isSent else { return }
        self.payload = payload
        isSent = true
    }

    /// Clears the sent state so the error path can send again.
    mutating func reopenForError() {
        isSent = false
        payload = .empty
        body = .empty
        headers["content-type"] = nil
        headers["content-length"] = nil
    }
}
