import Testing

@testable import Plugins

/// FIPS 180 SHA-1 vectors and RFC 4648 §10 Base64 vectors.
@Suite("SHA-1 and Base64")
struct SHA1AndBase64Tests {
    @Test("SHA-1 test vectors", arguments: [
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "a49b2446a02c645bf419f995b67091253a04a259"
        ),
        ("The quick brown fox jumps over the lazy dog", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"),
    ])
    func sha1Vectors(message: String, digest: String) {
        #expect(hex(SHA1.hash(Array(message.utf8))) == digest)
    }

    @Test("SHA-1 of one million 'a' (multi-block)")
    func sha1Million() {
        let message = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(hex(SHA1.hash(message)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test("SHA-1 padding edge lengths 55, 56, 63, 64 differ and are 20 bytes")
    func sha1PaddingEdges() {
        let digests = [55, 56, 63, 64].map { SHA1.hash([UInt8](repeating: 0x61, count: $0)) }
        #expect(Set(digests.map(hex)).count == 4)
        #expect(digests.allSatisfy { $0.count == 20 })
        #expect(hex(digests[3]) == "0098ba824b5c16427bd7a1122a5a442a25ec644d")
    }

    static let base64Vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test("Base64 encodes the RFC 4648 section 10 vectors", arguments: base64Vectors)
    func base64Encode(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
    }

    @Test("Base64 decodes the RFC 4648 section 10 vectors", arguments: base64Vectors)
    func base64Decode(plain: String, encoded: String) throws {
        #expect(try Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test("Base64 round-trips every byte value including + and /")
    func base64AllBytes() throws {
        let bytes = (0...255).map { UInt8($0) }
        let encoded = Base64.encode(bytes)
        #expect(encoded.contains("+") && encoded.contains("/"))
        #expect(try Base64.decode(encoded) == bytes)
    }

    @Test("Base64 rejects bad length, foreign characters and misplaced padding", arguments: [
        ("Zm9", Base64.DecodingError.invalidLength),
        ("Zm9v\n", .invalidLength),
        ("Zm9*", .invalidCharacter),
        ("Zg=a", .invalidCharacter),
        ("=Zm9", .invalidCharacter),
        ("Z===", .invalidCharacter),
        ("Zg==Zm9v", .invalidCharacter),
        ("Zm 9", .invalidCharacter),
    ])
    func base64Rejects(input: String, error: Base64.DecodingError) {
        #expect(throws: error) { try Base64.decode(input) }
    }
}
