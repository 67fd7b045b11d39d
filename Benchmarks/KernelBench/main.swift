import Kernel

/// Measures the kernel's in-process cost for one request: GET with two path parameters, one no-op hook
/// in each of the six request phases, a small JSON reply. Not a test: it prints figures, asserts nothing.
///
/// Usage: `KernelBench [iterations]`. `Benchmarks/kernel-inject.sh` runs it and counts allocations with valgrind.
struct Project: ResponseEncodable {
    let id: String
    let owner: String
    let name: String
}

let iterations = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
let app = Application()
for phase in [Hook.onRequest, .preParsing, .preValidation, .preHandler, .preSerialization, .onSend] {
    try app.addHook(phase) { _, _ in }
}
try app.get("/api/v1/users/:owner/projects/:id") { request, reply in
    reply.send(json: Project(id: request.params["id"] ?? "", owner: request.params["owner"] ?? "", name: "demo"))
}
let compiled = try await app.ready()
let headers: HTTPHeaders = ["host": "localhost", "user-agent": "bench"]

@inline(never)
func once(_ compiled: CompiledApplication) async -> Int {
    var request = Request(id: "req-1", method: .get, url: "/api/v1/users/ada/projects/42", headers: headers)
    let reply = await compiled.handle(&request)
    await compiled.didRespond(request, reply)
    return reply.body.bytes?.count ?? 0
}

/// Runs off the main actor, so the measured loop has no executor hops.
nonisolated func measure(_ compiled: CompiledApplication, iterations: Int) async -> (nanos: Double, checksum: Int) {
    var checksum = 0
    for _ in 0..<min(iterations, 10_000) { checksum &+= await once(compiled) }
    let clock = ContinuousClock()
    let start = clock.now
    for _ in 0..<iterations { checksum &+= await once(compiled) }
    let elapsed = clock.now - start
    return (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9, checksum)
}

let result = await Task.detached { await measure(compiled, iterations: iterations) }.value
print("iterations: \(iterations)")
print("ns/request: \(Int(result.nanos / Double(iterations)))")
print("checksum: \(result.checksum)")
