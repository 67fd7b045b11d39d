/// Drives one HTTP/1.1 connection on its event loop: read → parse → kernel → serialize → write,
/// with keep-alive, pipelining (answered in order), limits and timeouts.
///
/// One task per connection, started by the listener with the loop as its executor preference, so
/// parsing, the kernel pipeline and serialization all run on one thread with no hops and no locks.
/// While the task waits between requests, the loop answers what needs no `await` itself (see ``serveOnLoop()``).
final class HTTPConnectionHandler {
    let app: CompiledApplication
    let configuration: ServerConfiguration
    let connection: AsyncConnection
    let entry: ConnectionEntry
    let registry: ConnectionRegistry
    let remoteAddress: String
    var parser: HTTP1Parser
    var serializer = HTTP1ResponseSerializer()
    var pending: [UInt8] = []
    var events: [HTTP1ParserEvent] = []
    /// The events being processed; swapped with `events` so neither buffer is reallocated.
    var batch: [HTTP1ParserEvent] = []
    var output: [UInt8] = []
    /// The head whose body is still arriving; set and cleared only with ``hasCurrent``.
    var current: HTTP1RequestHead?
    /// Whether `current` holds a head. Testing the optional itself would copy the whole head out of the class.
    var hasCurrent = false
    var body: [UInt8] = []
    /// Empty storage for the next request's decorations and its reply's headers, kept from the last (see ``recycle(_:_:)``).
    var spareDecorations: [NamedValue] = []
    var spareReplyHeaders = HTTPHeaders()
    var bodyLimit: Int
    var shouldClose = false
    /// When the first byte of the request head now arriving was read; the header timeout runs
    /// from here for the whole head, so trickling one byte at a time cannot extend it (slowloris).
    var headStartedAt: MonotonicInstant?
    /// The loop read and handled bytes while `run` waited (see ``serveOnLoop()``): `run` goes round without reading.
    var servedOnLoop = false
    /// A step the loop began and `run` must finish, and the index in `batch` to go on from.
    var handoff: (step: EventStep, next: Int)?
    /// A malformed request the loop found; `run` answers what came before it, then the error.
    var loopParseError: HTTP1ParseError?
    /// How long, and how much, the connection reads and discards after its last reply (see ``lingeringClose()``).
    var lingering = LingeringAllowance.afterReply

    init(app: CompiledApplication, configuration: ServerConfiguration, connection: AsyncConnection, entry: ConnectionEntry, registry: ConnectionRegistry) {
        self.app = app
        self.configuration = configuration
        self.connection = connection
        self.entry = entry
        self.registry = registry
        self.remoteAddress = (try? connection.socket.peerAddress().host) ?? ""
        var limits = configuration.parserLimits
        limits.maxChunkedBodySize = max(limits.maxChunkedBodySize, app.maximumBodyLimit)
        self.parser = HTTP1Parser(limits: limits)
        self.bodyLimit = app.maximumBodyLimit
    }

    /// Serves requests until the peer closes, a timeout passes, an error occurs or the server drains.
    nonisolated(nonsending) func run() async {
        // Bytes read into the loop's shared buffer, parsed at the top of the next turn with no suspension between.
        var received: UnsafeRawBufferPointer?
        while !shouldClose {
            // A malformed request is answered only after the complete requests before it in the same read.
            var malformed: HTTP1ParseError?
            if let found = loopParseError {
                loopParseError = nil
                malformed = found
            } else {
                do throws(HTTP1ParseError) { try parse(received) } catch { malformed = error }
            }
            received = nil
            if let malformed {
                await answerPipelined(thenFailWith: malformed)
                return
            }
            if handoff != nil || !events.isEmpty {
                var index = 0
                if let (step, next) = handoff {
                    // The loop answered part of this batch and stopped at a step that must await.
                    handoff = nil
                    index = next
                    if await !finish(step) { await flush(); await lingeringClose(); return }
                } else {
                    // Swap, not copy: both arrays keep their capacity and no copy-on-write allocation happens.
                    swap(&batch, &events)
                }
                defer { batch.removeAll(keepingCapacity: true) }
                // Each event is moved out of the batch, so a request head is not copied on its way to the kernel.
                while !shouldClose, index < batch.count {
                    let event = replaceEvent(at: index)
                    index += 1
                    // The common request is answered in `step` with no `await`; only what suspends is awaited.
                    let keepGoing: Bool
                    switch step(event) {
                    case .proceed: keepGoing = true
                    case .stop: keepGoing = false
                    case let next: keepGoing = await finish(next)
                    }
                    if !keepGoing { await flush(); await lingeringClose(); return }
                    if shouldClose { break }
                }
                if shouldClose { break }
                // Answer every complete pipelined request before reading again; one write per batch.
                if !hasCurrent, !flushNow() { await flush() }
                if shouldClose { break }
                continue
            }
            if !flushNow() { await flush() }
            if shouldClose { break }
            let now = connection.loop.turnStarted
            var deadline = MonotonicInstant(sinceOrigin: now.sinceOrigin + readTimeout)
            if !hasCurrent, !pending.isEmpty {
                let started = headStartedAt ?? now
                headStartedAt = started
                deadline = MonotonicInstant(sinceOrigin: started.sinceOrigin + configuration.headerReadTimeout)
            }
            do throws(SocketError) {
                // Try the socket first; wait (holding no buffer) only when it has nothing yet.
                let shared = connection.loop.sharedReadBuffer
                var count = try connection.readNow(into: shared)
                servedOnLoop = false
                while count == nil {
                    if isIdleBetweenRequests {
                        // Between requests the loop may answer the next ones itself, without resuming this task.
                        try await connection.waitUntilReadable(until: deadline, servingOnLoop: { self.serveOnLoop() })
                        if servedOnLoop { break }
                    } else {
                        try await connection.waitUntilReadable(until: deadline)
                    }
                    count = try connection.readNow(into: shared)
                }
                if servedOnLoop { continue }
                guard let count, count > 0 else { return }
                received = UnsafeRawBufferPointer(rebasing: shared[..<count])
            } catch {
                if error.code == .timedOut, hasCurrent || !pending.isEmpty {
                    // A head still arriving starts at `pending`'s first byte: a `HEAD` request-line gets no body either.
                    let toHEAD = !hasCurrent && pending.starts(with: "HEAD ".utf8)
                    await writeRaw(status: .requestTimeout, message: "Client Timeout", for: current, toHEAD: toHEAD)
                }
                break
            }
        }
        await flush()
        await lingeringClose()
    }

    /// Feeds the parser: `received` (just read) straight from the shared buffer when nothing is pending, keeping
    /// only the unconsumed tail; otherwise appended to what is pending, which is parsed (again) from its start.
    func parse(_ received: UnsafeRawBufferPointer?) throws(HTTP1ParseError) {
        if let received, pending.isEmpty {
            let consumed = try parser.parse(received, into: &events)
            if consumed < received.count { pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: received[consumed...])) }
            return
        }
        if let received { pending.append(contentsOf: received) }
        let outcome = pending.withUnsafeBytes { bytes in
            Result { () throws(HTTP1ParseError) -> Int in try parser.parse(bytes, into: &events) }
        }
        let consumed = try outcome.get()
        if consumed > 0 { pending.removeFirst(consumed) }
    }

    /// The idle keep-alive timeout between requests, the header timeout while a head arrives, the body timeout after.
    private var readTimeout: Duration {
        if hasCurrent { return configuration.bodyReadTimeout }
        return pending.isEmpty ? configuration.keepAliveTimeout : configuration.headerReadTimeout
    }

    /// Takes the event at `index` out of `batch`, leaving `.end` (which holds nothing) in its place.
    func replaceEvent(at index: Int) -> HTTP1ParserEvent {
        var event = HTTP1ParserEvent.end
        swap(&event, &batch[index])
        return event
    }

    /// The parser failed: answers the complete requests it had found before the malformed one, as
    /// nginx does, then the error with the status the parser chose, then closes.
    @inline(never)
    private nonisolated(nonsending) func answerPipelined(thenFailWith error: HTTP1ParseError) async {
        swap(&batch, &events)
        var index = 0, answeredAll = true
        while index < batch.count, !shouldClose {
            let event = replaceEvent(at: index)
            index += 1
            if await !process(event) { answeredAll = false; break }
        }
        batch.removeAll()
        if answeredAll, !shouldClose { await answerParseError(error) }
        await flush()
        await lingeringClose()
    }
}

@available(*, unavailable)
extension HTTPConnectionHandler: Sendable {}
