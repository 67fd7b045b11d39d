import Glibc
import Kernel
@testable import Plugins
import Synchronization

extension WebSocketOptions {
    /// The defaults with a 300 ms close timeout, so tests whose client does not answer a close finish fast.
    static var quickClose: WebSocketOptions {
        var options = WebSocketOptions()
        options.closeTimeout = .milliseconds(300)
        return options
    }
}

/// An application with the WebSocket plugin registered and an echo route at `path`.
func echoApp(
    _ path: String = "/echo", options: WebSocketOptions = .quickClose, plugin: WebSocketPlugin? = nil
) throws -> (Application, WebSocketPlugin) {
    let app = Application()
    let plugin = plugin ?? WebSocketPlugin(options)
    try app.register(plugin)
    try app.webSocket(path) { socket, _ in
        for await message in socket.messages { try await socket.send(message) }
    }
    return (app, plugin)
}

/// An application with the WebSocket plugin (``WebSocketOptions/quickClose``) and a route at `/` that reads
/// every message, then hands how the socket closed to `record`.
func closeRecordingApp(_ record: @escaping @Sendable (WebSocketCloseInfo) -> Void) throws -> Application {
    let app = Application()
    try app.register(WebSocketPlugin(.quickClose))
    try app.webSocket("/") { socket, _ in
        for await _ in socket.messages {}
        record(await socket.closed())
    }
    return app
}

/// Headers of a valid upgrade request (the RFC 6455 §1.3 sample key), plus `extra`.
func upgradeHeaders(_ extra: [(String, String)] = []) -> HTTPHeaders {
    var headers: HTTPHeaders = [
        "upgrade": "websocket", "connection": "Upgrade",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "sec-websocket-version": "13",
    ]
    for (name, value) in extra { headers[name] = value }
    return headers
}

/// The HTTP status `injectWebSocket` was refused with, or `nil` when it connected.
func refusal(_ app: Application, _ path: String, headers: HTTPHeaders = [:]) async -> Int? {
    do {
        let client = try await app.injectWebSocket(path, headers: headers)
        await client.terminate()
        return nil
    } catch let error as WebSocketError {
        for status in 100...599 where error == .unexpectedResponse(status) { return status }
        return -1
    } catch {
        return -2
    }
}

/// A thread-safe list the tests append to from handlers and hooks.
final class Log<Element: Sendable>: Sendable {
    private let items = Lock<[Element]>([])
    func append(_ item: Element) { items.withLock { $0.append(item) } }
    var all: [Element] { items.withLock { $0 } }
}

/// Polls `condition` every 10 ms for up to `seconds` (generous: the parallel suite can starve the pool for seconds).
func eventually(_ seconds: Double = 20, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// A blocking WebSocket client over a real loopback socket, for tests against `app.listen`.
/// Every blocking call runs on its own thread (``blocking(_:)``), never on the cooperative pool.
// @unchecked Sendable: a test drives one client from one task at a time; `machine` is only touched
// inside those calls, one after another.
final class LoopbackWebSocket: @unchecked Sendable {
    let raw: RawClient
    /// The status line and headers of the server's answer to the upgrade.
    private(set) var responseHead = ""
    private var machine = WebSocketProtocolStateMachine(configuration: .init(role: .client, maxMessageSize: 1 << 26))

    /// Connects and sends the upgrade request (plus `early` bytes in the same write).
    init(port: Int, path: String = "/echo", headers: [(String, String)] = [], early: [UInt8] = [], receiveTimeout: Int = 5) async throws {
        raw = try RawClient(port: port, receiveTimeout: receiveTimeout)
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8) + early
        let raw = self.raw
        let (head, rest) = await blocking { () -> (String, [UInt8]) in
            raw.send(bytes)
            return Self.readHead(raw.fd)
        }
        responseHead = head
        machine.append(rest)
    }

    /// The status code of the upgrade answer.
    var status: Int { Int(responseHead.split(separator: " ").dropFirst().first ?? "") ?? 0 }

    func send(text: String) async throws { try await write(machine.sendText(text)) }
    func send(binary: [UInt8]) async throws { try await write(machine.sendBinary(binary)) }
    func ping(_ payload: [UInt8]) async throws { try await write(machine.ping(payload)) }
    func close(code: WebSocketCloseCode = .normal) async throws { try await write(machine.close(code: code)) }

    /// Writes bytes as they are.
    func write(_ bytes: [UInt8]) async {
        let raw = self.raw
        await blocking { raw.send(bytes) }
    }

    /// The next event from the server, answering pings and echoing its close; `nil` at end of stream.
    func receive() async -> Plugins.WebSocketEvent? {
        await blocking { self.receiveBlocking() }
    }

    /// Reads events until the stream ends; returns the server's close code (`nil` without a close frame).
    func closeCode() async -> UInt16? {
        var code: UInt16?
        while let event = await receive() {
            if case .close(let value, _) = event { code = value?.rawValue ?? 1005 }
        }
        return code
    }

    private func receiveBlocking() -> Plugins.WebSocketEvent? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let action = machine.nextAction() {
                switch action {
                case .event(let event): return event
                case .write(let bytes): raw.send(bytes)
                case .closeConnection: shutdown(raw.fd, Int32(SHUT_WR))
                }
                continue
            }
            let count = buffer.withUnsafeMutableBytes { recv(raw.fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return nil }
            machine.append(buffer[..<count])
        }
    }

    /// Reads up to the end of the response head; returns it and the bytes after it.
    private static func readHead(_ fd: Int32) -> (String, [UInt8]) {
        var collected: [UInt8] = []
        var byte: UInt8 = 0
        while recv(fd, &byte, 1, 0) == 1 {
            collected.append(byte)
            if collected.count >= 4, collected.suffix(4).elementsEqual([13, 10, 13, 10]) { break }
        }
        return (String(decoding: collected, as: UTF8.self), [])
    }
}

/// Runs `body` in its own task; `true` when it returned within `seconds`. A watchdog, not a timing
/// check: the limit is generous, so a regression that hangs fails the test instead of stalling it.
func finishes(within seconds: Int = 20, _ body: sending @escaping () async -> Void) async -> Bool {
    let (outcomes, outcome) = AsyncStream<Bool>.makeStream()
    let work = Task {
        await body()
        outcome.yield(true)
    }
    let watchdog = Task {
        do { try await Task.sleep(for: .seconds(seconds)) } catch { return }
        outcome.yield(false)
    }
    var iterator = outcomes.makeAsyncIterator()
    let finished = await iterator.next() ?? false
    watchdog.cancel()
    _ = work
    return finished
}
