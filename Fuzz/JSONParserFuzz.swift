/// libFuzzer target `json-parser`: parses one input with `JSONValue(parsing:)`. It traps when the
/// parser traps, and checks what it accepts: no number that JSON cannot spell (`1e400` is refused, not
/// read as infinity), and the round trip: a parsed document written back with `JSONWriter` must parse
/// to the same value.
///
/// Built by `Fuzz/run.sh` together with the kernel's JSON parser, value and writer files.

/// Whether `value` holds a number JSON text cannot represent.
func containsNonFinite(_ value: JSONValue) -> Bool {
    switch value {
    case .number(let number): !number.isFinite
    case .array(let values): values.contains(where: containsNonFinite)
    case .object(let object): object.values.contains(where: containsNonFinite)
    case .null, .bool, .string: false
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONValue(parsing: input) else { return 0 }
    fuzzCheck(!containsNonFinite(value), "parsed a number JSON cannot write back")
    let written: [UInt8]
    do {
        written = try JSONWriter.encode(value)
    } catch {
        fuzzFailure("writer rejected a parsed document: \(error)")
    }
    do {
        let reparsed = try JSONValue(parsing: written)
        fuzzCheck(reparsed == value, "round trip changed the value")
    } catch {
        fuzzFailure("written JSON does not parse: \(error)")
    }
    return 0
}
