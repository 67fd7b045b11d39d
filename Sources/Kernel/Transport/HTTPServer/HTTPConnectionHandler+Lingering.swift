/// Closing without destroying the last reply: a lingering close, as nginx does it.
///
/// A client may still be sending when the server closes: the rest of a body the server refused, or requests
/// pipelined after an error. Closing with that input unread makes the kernel answer it with a reset, and a
/// reset can destroy the reply before the client read it (Windows' TCP stack discards it; a browser still
/// uploading reports a network error). So the server shuts down its write side, then reads and discards for
/// a while. How long depends on why: briefly after an ordinary last reply; after a body over the limit, for as
/// long as the client keeps sending it, so an upload that is refused with 413 still shows the 413.
struct LingeringAllowance: Sendable, Equatable {
    /// The whole wait, at most.
    var total: Duration
    /// The longest gap between two reads before the wait ends.
    var idle: Duration
    /// How many bytes are discarded, at most.
    var bytes: Int

    /// After an ordinary last reply (an error, `Connection: close`, a timeout): half a second, 256 KiB.
    static let afterReply = LingeringAllowance(total: .milliseconds(500), idle: .milliseconds(500), bytes: 256 * 1024)

    /// After a body over the limit was refused unread: up to 30 s (nginx's `lingering_time`) while the client
    /// keeps sending with gaps under 2 s, and up to the declared length plus 64 KiB (a chunked body: 16 MiB),
    /// never more than 64 MiB.
    static func unreadBody(declaredLength: Int?) -> LingeringAllowance {
        let expected = declaredLength.map { $0 > Int.max - 65_536 ? Int.max : $0 + 65_536 } ?? 16 << 20
        return LingeringAllowance(total: .seconds(30), idle: .seconds(2), bytes: min(expected, 64 << 20))
    }
}

extension HTTPConnectionHandler {
    /// Shuts down the write side, then discards what the client still sends, within ``lingering``.
    ///
    /// The connection stays busy for a draining server, which would otherwise shut down its read side and so turn
    /// the input it waits for into the very reset this avoids. Instead the wait wakes at least every 100 ms, and
    /// once the server drains, what is left of it is cut to an ordinary close's half second.
    nonisolated(nonsending) func lingeringClose() async {
        guard !connection.isPeerClosed else { return }
        try? connection.socket.shutdownWrite()
        let allowance = lingering
        var end = ContinuousClock.now + allowance.total
        var lastInput = ContinuousClock.now
        var shortened = false
        var discarded = 0
        // What is read is thrown away, so the loop's shared buffer serves even across the waits.
        while discarded < allowance.bytes {
            let now = ContinuousClock.now
            if !shortened, registry.draining.load(ordering: .acquiring) {
                end = min(end, now + LingeringAllowance.afterReply.total)
                shortened = true
            }
            let limit = min(end, lastInput + allowance.idle)
            guard now < limit else { return }
            do throws(SocketError) {
                let count = try await connection.read(into: connection.loop.sharedReadBuffer, deadline: min(limit, now + .milliseconds(100)))
                guard count > 0 else { return }
                discarded += count
                lastInput = ContinuousClock.now
            } catch {
                guard error.code == .timedOut else { return }
            }
        }
    }
}
