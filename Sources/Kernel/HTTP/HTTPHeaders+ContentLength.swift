/// The kernel's own `content-length`, set on every reply with a body, made cheap to set.
extension HTTPHeaders {
    /// Sets `content-length` to `length`, replacing any value a handler or hook set.
    ///
    /// The usual reply has no such field yet, and a length under 1024: then the value is a string made once
    /// for the process and the field is appended, with none of the subscript's name checks. (Formatting an
    /// `Int` costs about 200 instructions; the whole request path is about 14 000.)
    mutating func setContentLength(_ length: Int) {
        let value = length >= 0 && length < Self.smallLengths.count ? Self.smallLengths[length] : String(length)
        let stored = storedFields
        if stored.firstIndex(named: "content-length", in: 0..<stored.count) == nil,
            sharedBlock?.block.contains("content-length") != true
        {
            addLowercased("content-length", value)
        } else {
            self["content-length"] = value
        }
    }

    /// `"0"` to `"1023"`: each fits in a small string, held inline, so the table is 16 KiB and reading one
    /// retains nothing.
    private static let smallLengths: [String] = (0..<1024).map { String($0) }
}
