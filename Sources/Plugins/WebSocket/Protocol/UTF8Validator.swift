/// Incremental UTF-8 validator that fails on the first byte that cannot
/// continue a well-formed sequence (Unicode Table 3-7).
///
/// Bytes may be fed in arbitrary chunks (frame fragments, partial reads): a
/// multi-byte character split across chunks is carried over. Overlong forms
/// (`C0 AF`, `E0 80 80`), UTF-16 surrogates (`ED A0 80`) and code points above
/// U+10FFFF (`F4 90 80 80`) are rejected at the offending byte, so a text
/// message can be failed before the rest of it arrives.
///
/// ```swift
/// var validator = UTF8Validator()
/// validator.validate([0xE2, 0x82])   // true: incomplete but still valid
/// validator.validate([0xAC])         // true: "€" complete
/// validator.isAtCharacterBoundary    // true: the message may end here
/// ```
public struct UTF8Validator: Hashable, Sendable {
    /// Continuation bytes still expected for the current character.
    private var pendingContinuations: UInt8 = 0
    /// Allowed range for the next continuation byte (narrower right after E0, ED, F0, F4).
    private var nextLowerBound: UInt8 = 0x80
    private var nextUpperBound: UInt8 = 0xBF
    /// Whether an invalid byte has been seen; sticky until ``reset()``.
    public private(set) var hasFailed = false

    /// Creates a validator at the start of a text.
    public init() {}

    /// Whether everything fed so far is valid and no character is left incomplete,
    /// i.e. whether the text may end here.
    public var isAtCharacterBoundary: Bool { !hasFailed && pendingContinuations == 0 }

    /// Returns to the initial state, for the next message.
    public mutating func reset() {
        self = UTF8Validator()
    }

    /// Feeds more bytes. Returns `false` as soon as the input (so far) cannot be
    /// valid UTF-8, and from then on; an incomplete trailing character is not an
    /// error here (see ``isAtCharacterBoundary``).
    @discardableResult
    public mutating func validate(_ bytes: some Sequence<UInt8>) -> Bool {
        guard !hasFailed else { return false }
        let handled = bytes.withContiguousStorageIfAvailable { buffer in
            validate(buffer)
        }
        if let handled { return handled }
        return validate(Array(bytes))
    }

    /// Whether `bytes` is a complete, well-formed UTF-8 text.
    public static func isValid(_ bytes: some Sequence<UInt8>) -> Bool {
        var validator = UTF8Validator()
        return validator.validate(bytes) && validator.isAtCharacterBoundary
    }

    private mutating func validate(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = buffer.count
        let raw = UnsafeRawBufferPointer(buffer)
        while index < count {
            if pendingContinuations == 0 {
                // ASCII fast path: eight bytes at a time while no high bit is set.
                while index + 8 <= count,
                    raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                        & 0x8080_8080_8080_8080 == 0
                {
                    index += 8
                }
                guard index < count else { break }
                let byte = buffer[index]
                index += 1
                if byte < 0x80 { continue }
                guard startSequence(leadByte: byte) else { return fail() }
            } else {
                let byte = buffer[index]
                index += 1
                guard byte >= nextLowerBound && byte <= nextUpperBound else { return fail() }
                pendingContinuations -= 1
                nextLowerBound = 0x80
                nextUpperBound = 0xBF
            }
        }
        return true
    }

    /// Sets up the expectations after a non-ASCII lead byte; `false` if it cannot start a character.
    private mutating func startSequence(leadByte byte: UInt8) -> Bool {
        nextLowerBound = 0x80
        nextUpperBound = 0xBF
        switch byte {
        case 0xC2...0xDF:
            pendingContinuations = 1
        case 0xE0:
            pendingContinuations = 2
            nextLowerBound = 0xA0  // below: overlong
        case 0xE1...0xEC, 0xEE...0xEF:
            pendingContinuations = 2
        case 0xED:
            pendingContinuations = 2
            nextUpperBound = 0x9F  // above: UTF-16 surrogates D800–DFFF
        case 0xF0:
            pendingContinuations = 3
            nextLowerBound = 0x90  // below: overlong
        case 0xF1...0xF3:
            pendingContinuations = 3
        case 0xF4:
            pendingContinuations = 3
            nextUpperBound = 0x8F  // above: beyond U+10FFFF
        default:
            return false  // 80–BF stray continuation, C0/C1 overlong, F5–FF out of range
        }
        return true
    }

    private mutating func fail() -> Bool {
        hasFailed = true
        return false
    }
}
