import Testing

@testable import Kernel

/// Seeded mutation fuzzing of the request parser. Valid requests are damaged a few bytes at a time
/// (replaced, inserted, deleted or repeated, with the bytes smuggling attacks use) and parsed whole, at
/// random split points and byte by byte. Whatever the parser makes of a mutant, every chunking must
/// give the same outcome, and anything it accepts must still hold RFC 9112's rules: one framing,
/// bodies of the declared length, one Host, clean names and values. A failure names its seed and
/// mutant, so it can be replayed.
@Suite("HTTP1Parser: mutated requests")
struct HTTP1ParserFuzzTests {
    static let corpus: [String] = [
        "GET /a?b=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: x\r\n\r\n",
        "POST /submit HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world",
        "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nT: 1\r\n\r\n",
        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /next HTTP/1.0\r\n\r\n",
        "PUT /x HTTP/1.1\r\nHost: a:80\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\nokGET / HTTP/1.1\r\n\r\n",
        "GET http://h/p HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
    ]

    /// Snippets a mutation may insert: line ends, separators, and the fields request smuggling plays with.
    static let snippets: [String] = [
        "\r\n", "\r", "\n", " ", "\t", ":", ",", ";", "\0", "\u{7F}", "0", "f", "A",
        "Content-Length: 5\r\n", "Content-Length: 3\r\n", "Transfer-Encoding: chunked\r\n",
        "Transfer-Encoding: gzip\r\n", "Host: b\r\n", " folded\r\n", "0\r\n\r\n", "\r\n\r\n",
    ]

    @Test("8,000 mutants give the same outcome in every chunking, and what is accepted keeps RFC 9112's rules",
          arguments: [1, 2, 3, 4] as [UInt64])
    func mutants(seed: UInt64) {
        MutationCampaign.run(seed: seed, corpus: Self.corpus.map { Array($0.utf8) }, minimumEach: 200,
                             mutate: { Self.mutate($0, using: &$1) }) { mutant, round, random in
            let whole = ChunkingVerifier.run([mutant[...]]).0
            if let difference = MutationCampaign.chunkingDifference(
                mutant, whole: whole, round: round, using: &random, outcome: { ChunkingVerifier.run($0).0 })
            {
                throw MutantFailure(difference)
            }
            if let broken = Self.brokenRule(in: whole) { throw MutantFailure(broken) }
            return whole.error == nil
        }
    }

    /// One to four mutations of `bytes`.
    static func mutate(_ bytes: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        bytes.mutated(maxEdits: 4, using: &random) { bytes, position, random in
            switch random.below(5) {
            case 0 where position < bytes.count:
                bytes[position] = Array(random.element(of: snippets).utf8).first ?? 0
            case 1:
                bytes.insert(contentsOf: Array(random.element(of: snippets).utf8), at: position)
            case 2 where position < bytes.count:
                bytes.removeRun(at: position, extra: 4, using: &random)
            case 3 where position < bytes.count:
                bytes.repeatRun(at: position, minimum: 1, spread: 24, using: &random)
            default:
                if position < bytes.count { bytes[position] ^= 0x20 }  // flips the case of a letter
            }
        }
    }

    /// The first RFC 9112 rule an accepted parse breaks, if any.
    static func brokenRule(in outcome: ParseOutcome) -> String? {
        var open: (head: HTTP1RequestHead, body: Int)?
        for event in outcome.events {
            switch event {
            case .head(let head):
                if open != nil { return "a head before the previous request ended" }
                if let broken = brokenRule(in: head) { return broken }
                open = (head, 0)
            case .body(let piece):
                guard let current = open else { return "body bytes outside a request" }
                open = (current.head, current.body + piece.count)
            case .end:
                guard let current = open else { return "an end outside a request" }
                if case .contentLength(let length) = current.head.framing, current.body != length {
                    return "a body of \(current.body) bytes where Content-Length said \(length)"
                }
                if current.head.framing == .none, current.body != 0 { return "a body on a request without one" }
                open = nil
            }
        }
        return nil
    }

    static func brokenRule(in head: HTTP1RequestHead) -> String? {
        let fields = head.headers.map { ($0.name, $0.value) }
        let lengths = fields.filter { $0.0 == "content-length" }.map(\.1)
        let codings = fields.filter { $0.0 == "transfer-encoding" }
        if !lengths.isEmpty, !codings.isEmpty { return "accepted both Content-Length and Transfer-Encoding" }
        if Set(lengths).count > 1 { return "accepted differing Content-Length values \(lengths)" }
        if !codings.isEmpty, head.framing != .chunked { return "Transfer-Encoding without chunked framing" }
        let codingList = codings.flatMap { $0.1.split(separator: ",").map { String($0.trimmingSpaces()) } }
        if !codings.isEmpty, codingList.last?.lowercased() != "chunked" { return "accepted \(codingList) whose last coding is not chunked" }
        if !codings.isEmpty, head.version == .http1_0 { return "accepted Transfer-Encoding on HTTP/1.0 (RFC 9112 §6.1)" }
        if let length = lengths.first, head.framing != .contentLength(Int(length) ?? -1) {
            return "Content-Length \(length) but framing \(head.framing)"
        }
        let hosts = fields.filter { $0.0 == "host" }.count
        if hosts > 1 || (head.version == .http1_1 && hosts != 1) { return "\(hosts) Host fields on \(head.version)" }
        let tokenBytes = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        for (name, value) in fields {
            if name.isEmpty || !name.utf8.allSatisfy(tokenBytes.contains) { return "a field name that is not a lowercase token: \(name.debugDescription)" }
            if value.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F }) { return "a control byte in the value of \(name)" }
            if [" ", "\t"].contains(value.first) || [" ", "\t"].contains(value.last) { return "untrimmed value of \(name)" }
        }
        if head.method.isEmpty || !head.method.utf8.allSatisfy({ tokenBytes.contains($0) || (65...90).contains($0) }) {
            return "a method that is not a token: \(head.method.debugDescription)"
        }
        if head.target.isEmpty || head.target.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
            return "a target with a space or control byte: \(head.target.debugDescription)"
        }
        return nil
    }
}
