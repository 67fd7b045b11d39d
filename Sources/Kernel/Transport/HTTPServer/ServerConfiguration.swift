/// Settings for ``Application/listen(_:)``: where to bind, how many loops, limits and timeouts.
///
/// ```swift
/// var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
/// configuration.keepAliveTimeout = .seconds(5)
/// let port = try await app.listen(configuration)
/// ```
public struct ServerConfiguration: Sendable {
    /// The address to bind: `127.0.0.1`, `::1`, `0.0.0.0`, `::` or `localhost`.
    public var host: String
    /// The port; 0 picks an ephemeral one, which `listen` returns.
    public var port: Int
    /// Event loops (threads); the number of active cores by default.
    public var loopCount: Int = EventLoopGroup.activeCoreCount
    /// Whether a loop that only competes for a CPU parks on the first loop (the default) or keeps its thread.
    ///
    /// When another busy process shares the cores (a sidecar, or a load generator in a benchmark), the
    /// loop threads outnumber the free cores, and the scheduler makes a loop wait for its next tick (4 ms
    /// at 250 Hz) with every connection on it. A loop that spends a quarter of its time waiting for a CPU
    /// then hands its connections to the first loop and sleeps, until a core in the affinity mask is idle
    /// and the first loop busy (after at least 1 s, doubled up to 32 s while it keeps parking again). A
    /// cgroup CPU quota is not taken into account. `Benchmarks/tail-latency.sh` measures p99 per loop count and shows whom the loops waited behind.
    public var loopParking: LoopParking = .whenContended
    /// Open connections allowed; past it new connections are accepted and closed at once.
    public var maxConnections: Int = 10_000
    /// Time allowed to receive a complete request head (slowloris protection).
    public var headerReadTimeout: Duration = .seconds(10)
    /// Time allowed between body reads once the head arrived.
    public var bodyReadTimeout: Duration = .seconds(30)
    /// How long an idle keep-alive connection stays open (Fastify's `keepAliveTimeout`).
    public var keepAliveTimeout: Duration = .seconds(72)
    /// Time a request may take, from head to reply; when it passes, `onTimeout` runs and the connection closes.
    public var requestTimeout: Duration?
    /// Time one write of a reply (its head, a buffered body, or one chunk of a streamed one) may take once
    /// it began, before the connection is dropped (Go's `WriteTimeout`). A total, not a time since the
    /// last progress as nginx's `send_timeout` is: a buffered reply is held in memory until written, and a
    /// client that reads a few bytes now and then must not keep a large one alive for ever.
    public var writeTimeout: Duration = .seconds(30)
    /// How long `close()` waits for requests in flight before closing their connections.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// HTTP/1.1 parser limits (request line, header section, header count).
    public var parserLimits = HTTP1ParserLimits()

    /// A configuration for `host:port`.
    public init(host: String = "127.0.0.1", port: Int = 3000) {
        self.host = host
        self.port = port
    }
}
