import CSystem
import Glibc
import Kernel

// The reference backend: configuration, storage with crash recovery, the app, and a graceful stop.

// Blocks of 256 KiB and more (large replies and documents) are mapped and unmapped one by one, so the memory
// a large reply took goes back to the system once it is written. By default glibc raises that threshold, up to
// 32 MiB, each time such a block is freed, and the freed memory then stays with the process: 40 slow readers
// of 104 MB lists left 3.2 GB resident after their connections were gone, against 20 MB with this.
_ = csystem_set_mmap_threshold(256 * 1024)

let environment = ProcessInfoLite()
let configuration: AppConfiguration
do {
    switch try AppConfiguration.parse(arguments: Array(CommandLine.arguments.dropFirst()), environment: { environment[$0] }) {
    case .help(let text):
        print(text)
        exit(0)
    case .run(let parsed):
        configuration = parsed
    }
} catch {
    StandardStream.write("server: \(error)\n", to: STDERR_FILENO)
    exit(2)
}

let logger = Logger.standardOutput(level: configuration.logLevel)
if configuration.usesDevelopmentToken {
    StandardStream.write(
        "\n*** WARNING: API_TOKENS is not set; /api/v1 accepts the seed's public development token. ***\n"
            + "*** Set API_TOKENS (comma-separated) before exposing this server.                        ***\n\n",
        to: STDERR_FILENO)
    logger.warn(
        "API_TOKENS is not set: /api/v1 accepts the public development token from the seed. "
            + "Set API_TOKENS before exposing this server.",
        ["setting": "API_TOKENS", "fallback": "development token"])
}

do {
    try DataDirectory.prepare(forFile: configuration.databasePath)
    // Before recovery: a second server must not take the first one's running executions for a crash's leftovers.
    let databaseLock = try DatabaseLock.acquire(forDatabase: configuration.databasePath)
    let store = try await Store.open(path: configuration.databasePath)
    let recovered = try await store.recoverInterruptedExecutions()
    if recovered > 0 { logger.warn("marked interrupted executions as failed", ["count": .number(Double(recovered))]) }
    let app = try ReferenceApp.make(configuration, store: store, logger: logger)
    var server = ServerConfiguration(host: configuration.host, port: configuration.port)
    server.maxConnections = configuration.maxConnections
    let port = try await app.listen(server)
    logger.info("server listening", [
        "url": .string("http://\(configuration.host):\(port)"), "database": .string(configuration.databasePath),
    ])
    await waitForTermination()
    logger.info("shutting down")
    try await app.close()
    await store.close()
    databaseLock.release()
    logger.info("stopped")
    exit(0)
} catch {
    logger.error("server failed", ["error": .string("\(error)")])
    exit(1)
}
