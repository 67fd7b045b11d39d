import Kernel

/// Something a WebSocket client receives.
enum WebSocketEvent: Sendable, Equatable {
    /// A text message.
    case text(String)
    /// A binary message.
    case binary([UInt8])
    /// The server's close frame (code nil when it sent none) or the connection ending.
    case closed(code: Int?, reason: String)
}

/// An open WebSocket connection, as a replay consumes it.
protocol WebSocketSession: Sendable {
    /// The next event, or nil when nothing arrived within `timeout`.
    func next(timeout: Duration) async throws -> WebSocketEvent?
    /// Closes the connection from the client side (used when a replay gives up).
    func close() async
}

/// Anything a WebSocket case can connect to; the inject replay has none and skips WebSocket cases.
protocol WebSocketTarget: Sendable {
    /// Performs the opening handshake for `url` with the extra `headers`.
    func connect(url: SpecURL, headers: [(String, String)]) async throws -> any WebSocketSession
}

/// What a replay received, with each event's time in milliseconds since the handshake completed.
struct WebSocketTranscript: Sendable {
    /// Events in arrival order; at most one `.closed`, and it is last.
    var events: [(milliseconds: Int, event: WebSocketEvent)]
}

/// Replays WebSocket cases: records the conversation, then checks it against the case.
enum WebSocketReplayer {
    /// Connects, records until the server closes or the case's timeout passes, and checks the transcript.
    static func replay(_ spec: WebSocketCase, against target: some WebSocketTarget) async -> [String] {
        let clock = ContinuousClock()
        let session: any WebSocketSession
        do { session = try await target.connect(url: spec.url, headers: spec.headers) } catch { return ["handshake failed: \(error)"] }
        let start = clock.now
        let deadline = start + .milliseconds(spec.timeoutMilliseconds)
        var transcript = WebSocketTranscript(events: [])
        do {
            while clock.now < deadline, let event = try await session.next(timeout: deadline - clock.now) {
                let elapsed = clock.now - start
                transcript.events.append((Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000), event))
                if case .closed = event { break }
            }
        } catch {
            await session.close()
            return check(spec, transcript) + ["connection failed: \(error)"]
        }
        if !transcript.events.contains(where: { if case .closed = $0.event { true } else { false } }) { await session.close() }
        return check(spec, transcript)
    }

    /// What differs between `transcript` and the case; empty when the case passes.
    static func check(_ spec: WebSocketCase, _ transcript: WebSocketTranscript) -> [String] {
        var problems: [String] = []
        let messages = transcript.events.compactMap { entry -> (Int, WebSocketEvent)? in
            if case .closed = entry.event { nil } else { (entry.milliseconds, entry.event) }
        }
        for group in spec.messages {
            let line = "line \(group.location.line): "
            let selected: [Int]
            switch group.selector {
            case .index(let n):
                selected = n <= messages.count ? [n] : []
            case .range(let from, let through):
                selected = from <= messages.count ? Array(from...min(through ?? messages.count, messages.count)) : []
                if let through, through > messages.count, from <= messages.count {
                    problems.append(line + "\(group.selector): only \(messages.count) received")
                }
            case .last:
                selected = messages.isEmpty ? [] : [messages.count]
            }
            if selected.isEmpty { problems.append(line + "\(group.selector): missing (\(messages.count) received)") }
            for number in selected {
                guard case .text(let text) = messages[number - 1].1 else { problems.append(line + "message \(number): not a text message"); continue }
                guard let document = try? JSONValue(parsing: Array(text.utf8)) else {
                    problems.append(line + "message \(number): not JSON: \(HTTPReplayer.quoted(Array(text.utf8)))"); continue
                }
                for rule in group.rules {
                    problems += JSONShape.check(rule.value, in: document).map { "line \(rule.location.line): message \(number): \($0)" }
                }
            }
        }
        if let interval = spec.interval, messages.count > 1 {
            for index in 1..<messages.count {
                let gap = messages[index].0 - messages[index - 1].0
                if !interval.value.accepts(milliseconds: gap) {
                    problems.append("line \(interval.location.line): interval between messages \(index) and \(index + 1): \(gap)ms, expected \(interval.value)")
                    break
                }
            }
        }
        if let limit = spec.maxInterval, messages.count > 1 {
            for index in 1..<messages.count where messages[index].0 - messages[index - 1].0 > limit.value.milliseconds {
                problems.append("line \(limit.location.line): gap between messages \(index) and \(index + 1): \(messages[index].0 - messages[index - 1].0)ms, expected at most \(limit.value.milliseconds)ms")
                break
            }
        }
        if let close = spec.close {
            problems += closeProblems(close, transcript: transcript, lastMessageAt: messages.last?.0 ?? 0)
        }
        return problems
    }

    private static func closeProblems(_ close: Located<CloseExpectation>, transcript: WebSocketTranscript, lastMessageAt: Int) -> [String] {
        let line = "line \(close.location.line): "
        guard let last = transcript.events.last, case .closed(let code, _) = last.event else {
            return [line + "close: the server did not close the connection"]
        }
        var problems: [String] = []
        if let expected = close.value.code, code != expected {
            problems.append(line + "close: expected code \(expected), got \(code.map(String.init) ?? "none")")
        }
        if let timing = close.value.after, !timing.accepts(milliseconds: last.milliseconds - lastMessageAt) {
            problems.append(line + "close: \(last.milliseconds - lastMessageAt)ms after the last message, expected \(timing)")
        }
        return problems
    }
}
