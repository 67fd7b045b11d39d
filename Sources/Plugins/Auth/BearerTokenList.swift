/// The tokens ``BearerAuth/init(tokens:hook:queryParameter:realm:)`` accepts, with the principal of each.
struct TokenList: Sendable {
    private let keys: [[UInt8]]
    /// Made once: a request that matches copies one, instead of formatting an id.
    private let principals: [AuthPrincipal]

    init(_ tokens: [String]) {
        keys = tokens.map { Array($0.utf8) }
        principals = tokens.indices.map { AuthPrincipal(id: "token-\($0)") }
    }

    /// The index of `token` among the listed tokens, compared in constant time with every one; `nil` when none matches.
    func index(of token: UnsafeBufferPointer<UInt8>) -> Int? {
        var match: Int?
        for index in keys.indices where ConstantTime.equals(token, keys[index]) && match == nil { match = index }
        return match
    }

    /// The principal of the token at `index`.
    func principal(at index: Int) -> AuthPrincipal { principals[index] }
}

/// Comparisons whose time does not depend on where the inputs differ.
enum ConstantTime {
    /// Whether `a == b`, looking at every byte of the longer input whatever the contents.
    static func equals(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { b in
            var difference: UInt8 = a.count == b.count ? 0 : 1
            let shared = min(a.count, b.count)
            for index in 0..<shared { difference |= a[index] ^ b[index] }
            // The longer input's tail is read as well, so the time depends on the lengths alone.
            let longer = a.count > b.count ? a : b
            for index in shared..<longer.count { difference |= longer[index] }
            return difference == 0
        }
    }
}
