/// Turns the bytes of one pattern variant into trie components, validating the syntax.
struct PatternParser {
    private let bytes: [UInt8]
    private let source: String
    private var index = 0
    /// Names collected by ``parse(foldingCase:)``, in order; `*` for the wildcard.
    private(set) var parameterNames: [String] = []

    init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    private static let colon = UInt8(ascii: ":")
    private static let slash = UInt8(ascii: "/")
    private static let star = UInt8(ascii: "*")

    /// Splits the pattern into static text, parametric nodes and the wildcard.
    mutating func parse(foldingCase: Bool) throws(RoutingError) -> [RoutePattern.Component] {
        var components: [RoutePattern.Component] = []
        var text: [UInt8] = []
        func flush() {
            guard !text.isEmpty else { return }
            components.append(.literal(foldingCase ? text.map(Self.asciiLowercased) : text))
            text.removeAll()
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Self.colon, index + 1 < bytes.count, bytes[index + 1] == Self.colon {
                text.append(Self.colon)
                index += 2
            } else if byte == Self.colon {
                flush()
                index += 1
                components.append(.parameter(try parseSegment()))
            } else if byte == Self.star {
                guard index == bytes.count - 1 else {
                    throw .invalid(source, "Wildcard must be the last character in the route")
                }
                flush()
                components.append(.wildcard)
                parameterNames.append("*")
                index += 1
            } else {
                text.append(byte)
                index += 1
            }
        }
        flush()
        return components
    }

    /// Parses parameters and the static text between them, up to the next `/` or the end.
    private mutating func parseSegment() throws(RoutingError) -> ParameterSegment {
        var pieces: [ParameterSegment.Piece] = []
        while true {
            let nameStart = index
            while index < bytes.count, !"(-./".utf8.contains(bytes[index]) {
                guard bytes[index] != Self.colon, bytes[index] != Self.star else {
                    throw .invalid(source, "'\(Character(Unicode.Scalar(bytes[index])))' is not allowed in a parameter name")
                }
                index += 1
            }
            guard index > nameStart else { throw .invalid(source, "a parameter needs a name") }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            var regex: String?
            if index < bytes.count, bytes[index] == UInt8(ascii: "(") {
                let close = try closingParenthesis(from: index)
                regex = String(decoding: bytes[index...close], as: UTF8.self)
                index = close + 1
            }
            pieces.append(.capture(name: name, regex: regex))
            parameterNames.append(name)

            var literal: [UInt8] = []
            while index < bytes.count, bytes[index] != Self.slash {
                if bytes[index] == Self.colon {
                    guard index + 1 < bytes.count, bytes[index + 1] == Self.colon else { break }
                    index += 1
                }
                literal.append(bytes[index])
                index += 1
            }
            if !literal.isEmpty { pieces.append(.literal(literal)) }
            guard index < bytes.count, bytes[index] == Self.colon else { break }
            index += 1  // another parameter in the same segment
        }
        return ParameterSegment(pieces: pieces)
    }

    /// The index of the `)` closing the `(` at `open`, honouring nesting and `\` escapes.
    private func closingParenthesis(from open: Int) throws(RoutingError) -> Int {
        var depth = 1
        var position = open + 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\\"): position += 1
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return position }
            default: break
            }
            position += 1
        }
        throw .invalid(source, "unbalanced parentheses in a regex parameter")
    }

    @inline(__always)
    static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }
}
