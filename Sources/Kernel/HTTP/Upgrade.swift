/// A bidirectional byte channel handed to an upgrade handler after a `101` reply.
///
/// The transport implements it over the socket; tests implement it in memory.
public protocol UpgradedConnection: Sendable {
    /// Reads the next bytes; `nil` when the peer closed.
    func read() async throws -> [UInt8]?
    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) async throws
    /// Writes all of `bytes`, or closes the connection and throws once the peer took nothing for
    /// `stallTimeout` (a peer that stopped reading).
    func write(_ bytes: [UInt8], stallTimeout: Duration) async throws
    /// Closes the connection.
    func close() async
    /// Half-closes: the peer reads end-of-stream after the bytes already written; reads go on until it closes.
    func shutdownWrite() async
}

extension UpgradedConnection {
    /// Does nothing: a channel without half-close just closes later.
    public func shutdownWrite() async {}

    /// For a channel that cannot tell progress: closes it when the whole write took longer than
    /// `stallTimeout`, which fails the write.
    public func write(_ bytes: [UInt8], stallTimeout: Duration) async throws {
        let watchdog = Task {
            do { try await Task.sleep(for: stallTimeout) } catch { return }
            await close()
        }
        defer { watchdog.cancel() }
        try await write(bytes)
    }
}

/// What runs after a `101 Switching Protocols` head is written.
public struct UpgradeHandler: Sendable {
    /// Receives the bytes already read past the request head, and the channel.
    public let run: @Sendable (_ leftover: [UInt8], _ connection: any UpgradedConnection) async -> Void

    /// Wraps a closure.
    public init(_ run: @escaping @Sendable (_ leftover: [UInt8], _ connection: any UpgradedConnection) async -> Void) {
        self.run = run
    }
}
