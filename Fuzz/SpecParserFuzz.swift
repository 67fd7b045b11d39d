/// libFuzzer target `spec-parser`: reads one input as UTF-8 text and hands it to
/// `SpecParser.parse` (Markdown spec file), `CurlCommand(parsing:)` (a curl command line) and
/// `JSONRuleParser.rule`/`path` (a JSON body rule). Errors are expected; traps are bugs.
///
/// Built by `Fuzz/run.sh` together with the spec engine's parsing files, against a small
/// `Kernel` module made of the kernel's JSON files (the spec engine only needs `JSONValue`).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? SpecParser.parse(text, file: "fuzz.md")
    _ = try? CurlCommand(parsing: text)
    let firstLine = String(text.prefix { $0 != "\n" })
    _ = try? JSONRuleParser.rule(firstLine)
    _ = try? JSONRuleParser.path(firstLine)
    return 0
}
