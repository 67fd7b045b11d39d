import Kernel

/// Reads and checks JSON request bodies, naming the field at fault.
///
/// Problems are thrown as ``ValidationError``; the API scope's error handler turns them into
/// 400 `FST_ERR_VALIDATION` with the kernel's error body, e.g. `"message":"name must be a string"`.
///
/// ```swift
/// let body = try RequestInput(request, bodyRequired: true)
/// let name = try body.requiredString("name")
/// ```
struct RequestInput {
    /// The body's members; empty when an optional body was left out.
    let members: JSONObject

    /// Reads the parsed body: it must be a JSON object, and present when `bodyRequired`.
    init(_ request: Request, bodyRequired: Bool) throws(ValidationError) {
        switch request.body {
        case .json(.object(let object)):
            members = object
        case nil where !bodyRequired:
            members = JSONObject()
        default:
            throw ValidationError(field: "body", problem: "must be a JSON object")
        }
    }

    /// Whether the body has the member `name` (even if it is `null`).
    func has(_ name: String) -> Bool { members[name] != nil }

    /// The member `name`, which must be a non-empty string.
    func requiredString(_ name: String) throws(ValidationError) -> String {
        guard let value = members[name] else { throw ValidationError(field: name, problem: "is required") }
        guard let text = value.string else { throw ValidationError(field: name, problem: "must be a string") }
        guard !Self.isBlank(text) else { throw ValidationError(field: name, problem: "must not be empty") }
        return text
    }

    /// Whether `text` is empty or only spaces, tabs and newlines: what `requiredString` refuses as empty.
    ///
    /// Read scalar by scalar: `"\r\n"` is one `Character`, equal to neither `"\r"` nor `"\n"`.
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    }

    /// The member `name` when present: a string, or `null` (returned as `.some(nil)`); `nil` when absent.
    func optionalString(_ name: String) throws(ValidationError) -> String?? {
        guard let value = members[name] else { return nil }
        if value == .null { return .some(nil) }
        guard let text = value.string else { throw ValidationError(field: name, problem: "must be a string or null") }
        return .some(text)
    }
}

extension Request {
    /// The path parameter `name`; routes only ask for parameters their pattern declares.
    func parameter(_ name: String) -> String { params[name] ?? "" }
}
