import Glibc
import Synchronization

/// A fixed list of header fields, checked and rendered once, then shared by every reply that carries it.
///
/// A reply holds the block by reference instead of one field per header, and the transport writes
/// its `name: value` lines with one copy. The fields still behave as the reply's own: reading,
/// overriding and removing one works as if each had been set on its own.
///
/// ```swift
/// let security = try HTTPHeaderBlock([("x-content-type-options", "nosniff"), ("x-frame-options", "SAMEORIGIN")])
/// reply.headers.set(security)                 // one reference, not two fields
/// reply.headers["x-frame-options"] = "DENY"   // still overrides it
/// ```
public final class HTTPHeaderBlock: Sendable {
    /// The fields, names lowercased, in order.
    public let fields: [HTTPHeaders.Field]
    /// `name: value` CRLF for each field, as HTTP/1.1 writes them.
    let wireLines: [UInt8]
    /// Bit `n` is set when a name has `n` bytes (names of 63 bytes or more set bit 63), so most lookups
    /// of a name the block does not hold end at one test.
    let nameLengths: UInt64
    /// Where each block this one was made of sits in ``wireLines``: the whole of it for a block of its own,
    /// one range per block for a joined one (see ``includesFields(of:)``).
    let partRanges: [Range<Int>]
    /// A number no other block of this process has; ``partSerials`` are those of the blocks this one was made of.
    /// Never reused, so unlike an address, a serial cannot pass a new block off as a freed one.
    let serial: UInt64
    let partSerials: [UInt64]
    /// The block this one was first followed by on some reply, and the two joined (see ``followed(by:)``).
    let successor = SetOnceReference<HTTPHeaderBlockSuccession>()

    /// Names the transport sets or acts on itself; a block cannot carry them.
    static let transportNames: Set<String> = ["connection", "content-length", "date", "transfer-encoding"]

    /// Checks and renders `pairs`; throws for a name that is not a token, a value holding a control
    /// character, or a field the transport owns (`connection`, `content-length`, `date`, `transfer-encoding`).
    public convenience init(_ pairs: [(name: String, value: String)]) throws(HTTPHeaderBlockError) {
        var fields: [HTTPHeaders.Field] = []
        var lines: [UInt8] = []
        for (name, value) in pairs {
            let name = HTTPHeaders.normalize(name)
            guard !name.isEmpty, name.utf8.allSatisfy(HTTP1ByteClass.isTokenChar) else { throw HTTPHeaderBlockError(name: name, .invalidName) }
            guard value.utf8.allSatisfy(HTTP1ByteClass.isFieldValueChar) else { throw HTTPHeaderBlockError(name: name, .invalidValue) }
            guard !Self.transportNames.contains(name) else { throw HTTPHeaderBlockError(name: name, .ownedByTransport) }
            fields.append(HTTPHeaders.Field(name: name, value: value))
            lines.append(contentsOf: name.utf8)
            lines.append(contentsOf: ": ".utf8)
            lines.append(contentsOf: value.utf8)
            lines.append(contentsOf: "\r\n".utf8)
        }
        self.init(checkedFields: fields, wireLines: lines)
    }

    /// A block of fields already checked, and their rendering; the parts' ranges and serials when it joins several.
    init(checkedFields fields: [HTTPHeaders.Field], wireLines: [UInt8], parts: (ranges: [Range<Int>], serials: [UInt64])? = nil) {
        self.fields = fields
        self.wireLines = wireLines
        self.nameLengths = fields.reduce(0) { $0 | Self.lengthBit($1.name) }
        serial = Self.lastSerial.wrappingAdd(1, ordering: .relaxed).newValue
        partRanges = parts?.ranges ?? [0..<wireLines.count]
        partSerials = parts?.serials ?? [serial]
    }

    private static let lastSerial = Atomic<UInt64>(0)

    private static func lengthBit(_ name: String) -> UInt64 { 1 << UInt64(min(name.utf8.count, 63)) }

    /// Whether a field may be named `key`: `false` is certain, `true` means compare the names.
    @inline(__always)
    func mayContain(_ key: String) -> Bool { nameLengths & Self.lengthBit(key) != 0 }

    /// Whether a field is named `key` (already lowercased).
    func contains(_ key: String) -> Bool { index(of: key) != nil }

    /// The index of the first field named `key` (already lowercased).
    func index(of key: String) -> Int? { mayContain(key) ? fields.firstIndex(named: key, in: 0..<fields.count) : nil }

    /// Whether this block is `other` or was joined from it: then it holds each of `other`'s fields, with its value.
    /// Decided by serial (the usual case: a plugin asks about the block it set), else by content, one comparison
    /// of rendered bytes per part; neither lets a block that merely sits where a freed one was pass for it.
    func includesFields(of other: HTTPHeaderBlock) -> Bool {
        if self === other || partSerials.contains(other.serial) { return true }
        let count = other.wireLines.count
        guard count > 0 else { return true }
        for range in partRanges where range.count == count {
            let equal = wireLines.withUnsafeBytes { mine in
                other.wireLines.withUnsafeBytes { theirs in
                    memcmp(mine.baseAddress! + range.lowerBound, theirs.baseAddress!, count) == 0
                }
            }
            if equal { return true }
        }
        return false
    }
}

/// Why a field cannot go into an ``HTTPHeaderBlock``.
public struct HTTPHeaderBlockError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong with the field.
    public enum Kind: Hashable, Sendable {
        /// The name is empty or not a token.
        case invalidName
        /// The value holds CR, LF, NUL or another control character.
        case invalidValue
        /// The transport sets this field itself.
        case ownedByTransport
    }

    /// The field's name, lowercased.
    public let name: String
    /// What is wrong with it.
    public let kind: Kind

    init(name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// A sentence naming the field.
    public var description: String {
        switch kind {
        case .invalidName: "header block: '\(name)' is not a valid field name"
        case .invalidValue: "header block: the value of '\(name)' holds a control character"
        case .ownedByTransport: "header block: '\(name)' is set by the transport and cannot be in a block"
        }
    }
}
