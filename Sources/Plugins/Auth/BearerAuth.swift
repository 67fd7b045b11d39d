import Kernel

/// Who a bearer token belongs to, as the verifier decided.
public struct AuthPrincipal: Sendable, Equatable {
    /// A stable identifier, e.g. a user id or a token label.
    public var id: String
    /// Free-form claims.
    public var claims: [String: String]

    /// Creates a principal.
    public init(id: String, claims: [String: String] = [:]) {
        self.id = id
        self.claims = claims
    }
}

extension DecorationKey where Value == AuthPrincipal? {
    /// The authenticated principal of the current request; `nil` before authentication or on open routes.
    public static var principal: Self { .init("auth.principal") }
}

/// Bearer-token authentication (RFC 6750) for the scope it is registered in.
///
/// Register it inside the scope to protect, so other routes such as `/health` stay open:
/// ```swift
/// try app.register(prefix: "/api/v1") { api in
///     try api.register(BearerAuth(tokens: ["s3cret"]))
///     try api.get("/me") { request, reply in reply.send(request[.principal]?.id ?? "") }
/// }
/// ```
/// A missing or wrong token is a 401 with `WWW-Authenticate: Bearer` and the kernel's error body,
/// raised as an error so every `onSend` hook (CORS, security headers) still runs. Every request needs a token,
/// CORS preflights included (as in `@fastify/bearer-auth`): register ``CORS`` first, and it answers them before
/// this hook runs. See `Specs/plugins/bearer-auth.md`.
public struct BearerAuth: Plugin {
    /// Checks a token; returns the principal, or `nil` to refuse it.
    public typealias Verifier = nonisolated(nonsending) @Sendable (_ token: String, _ request: Request) async throws -> AuthPrincipal?
    /// A verifier that never suspends (a fixed token list, a signature check).
    public typealias SynchronousVerifier = @Sendable (_ token: String, _ request: Request) throws -> AuthPrincipal?

    /// `BearerAuth`.
    public var name: String { "BearerAuth" }
    /// Adds its hook to the scope it is registered in (fastify-plugin style).
    public var isEncapsulated: Bool { false }
    /// The phases the hook may run in, as in `@fastify/bearer-auth`: before the body is read. Later phases would
    /// parse bodies or run handlers for unauthenticated requests, and `onResponse` cannot refuse anything.
    public static let allowedHooks: [Hook] = [.onRequest, .preParsing]

    private let verify: Verifier
    /// Set when the verifier never suspends: the hook is then synchronous, so open-and-shut routes stay on the kernel's
    /// no-`await` path.
    private let verifyNow: SynchronousVerifier?
    private let hook: Hook
    private let queryParameter: String?
    private let realm: String?
    /// Set by ``init(tokens:hook:queryParameter:realm:)``: the hook then matches the token's bytes where they lie
    /// in the request, with no `String` made for it and no verifier call.
    private var tokenList: TokenList?

    /// Accepts any of `tokens`, compared in constant time. The principal's id is `token-N` (its index), never the token.
    ///
    /// - Parameter hook: one of ``allowedHooks``; registering with any other phase throws
    ///   `FST_BEARER_AUTH_INVALID_HOOK` (``ErrorCode/authInvalidHook``).
    public init(tokens: [String], hook: Hook = .onRequest, queryParameter: String? = nil, realm: String? = nil) {
        let list = TokenList(tokens)
        self.init(hook: hook, queryParameter: queryParameter, realm: realm) { token, _ in
            var token = token
            return token.withUTF8 { list.index(of: $0).map(list.principal(at:)) }
        }
        tokenList = list
    }

    /// Accepts tokens `verify` maps to a principal, with a verifier that never suspends.
    public init(hook: Hook = .onRequest, queryParameter: String? = nil, realm: String? = nil, verify: @escaping SynchronousVerifier) {
        self.verify = { token, request in try verify(token, request) }
        self.verifyNow = verify
        self.hook = hook
        self.queryParameter = queryParameter
        self.realm = realm
    }

    /// Accepts tokens `verify` maps to a principal.
    ///
    /// - Parameter queryParameter: also read the token from this query parameter (for browser WebSockets, which
    ///   cannot set `Authorization`); the header wins when both are present.
    public init(hook: Hook = .onRequest, queryParameter: String? = nil, realm: String? = nil, verify: @escaping Verifier) {
        self.verify = verify
        self.verifyNow = nil
        self.hook = hook
        self.queryParameter = queryParameter
        self.realm = realm
    }

    /// Declares the principal decoration and adds the authentication hook.
    ///
    /// Throws `FST_BEARER_AUTH_INVALID_HOOK` when `hook` is not one of ``allowedHooks``.
    public func register(in scope: Scope) throws {
        guard Self.allowedHooks.contains(hook) else { throw KernelError(.authInvalidHook, hook.description) }
        if !scope.hasRequestDecoration(DecorationKey<AuthPrincipal?>.principal.name) {
            try scope.decorateRequest(.principal, default: nil)
        }
        let queryParameter = self.queryParameter
        let challenge = realm.map { "Bearer realm=\"\($0)\"" } ?? "Bearer"
        if let tokenList {
            try scope.addHook(hook) { request, reply in
                request[.principal] = try Self.listed(in: request, tokenList, queryParameter: queryParameter, challenge: challenge, reply: &reply)
            }
        } else if let verifyNow {
            try scope.addHook(hook) { request, reply in
                let token = try Self.presentedToken(in: request, queryParameter: queryParameter, challenge: challenge, reply: &reply)
                request[.principal] = try Self.accepted(verifyNow(token, request), challenge: challenge, reply: &reply)
            }
        } else {
            let verify = self.verify
            try scope.addHook(hook) { request, reply in
                let token = try Self.presentedToken(in: request, queryParameter: queryParameter, challenge: challenge, reply: &reply)
                request[.principal] = try Self.accepted(await verify(token, request), challenge: challenge, reply: &reply)
            }
        }
    }

    /// The token to verify; throws the 401 when none was sent.
    ///
    /// CORS preflights are not exempt (as in `@fastify/bearer-auth`): register ``CORS`` before this plugin, and its
    /// deciding hook answers them before this hook runs; a preflight CORS lets through needs a token like any request.
    private static func presentedToken(in request: Request, queryParameter: String?, challenge: String, reply: inout Reply) throws -> String {
        guard let token = token(in: request, queryParameter: queryParameter) else {
            throw refusal(.authMissing, challenge: challenge, reply: &reply)
        }
        return token
    }

    /// The principal of the listed token the request presents; throws the 401 when it presents none, or another.
    private static func listed(
        in request: Request, _ list: TokenList, queryParameter: String?, challenge: String, reply: inout Reply
    ) throws -> AuthPrincipal {
        // Outer `nil`: no token presented. Inner `nil`: a token that is not on the list.
        let match: Int??
        if var header = request.headers["authorization"] {
            match = header.withUTF8 { value in
                bearerTokenRange(in: value).map { list.index(of: UnsafeBufferPointer(rebasing: value[$0])) }
            }
        } else if let queryParameter {
            match = request.query.withUTF8Value(named: queryParameter) { token -> Int?? in
                guard let token, !token.isEmpty else { return nil }
                return .some(list.index(of: token))
            }
        } else {
            match = nil
        }
        guard let match else { throw refusal(.authMissing, challenge: challenge, reply: &reply) }
        return try accepted(match.map(list.principal(at:)), challenge: challenge, reply: &reply)
    }

    /// The verifier's principal; throws the 401 when it refused the token.
    private static func accepted(_ principal: AuthPrincipal?, challenge: String, reply: inout Reply) throws -> AuthPrincipal {
        guard let principal else {
            let invalid = challenge + (challenge == "Bearer" ? " " : ", ") + "error=\"invalid_token\""
            throw refusal(.authInvalid, challenge: invalid, reply: &reply)
        }
        return principal
    }

    /// The 401 for `code`. The challenge goes on the reply as well as on the error: the error path keeps the reply's
    /// headers, so `WWW-Authenticate` (required on a 401 by RFC 6750 §3) survives a scope's own error handler, which
    /// may never look at the error's headers.
    private static func refusal(_ code: ErrorCode, challenge: String, reply: inout Reply) -> HTTPError {
        reply.headers["www-authenticate"] = challenge
        return HTTPError(.unauthorized, code: code.rawValue, message: code.message, headers: ["www-authenticate": challenge])
    }

    /// The token from `Authorization: Bearer …` (scheme case-insensitive), else from the query parameter.
    static func token(in request: Request, queryParameter: String?) -> String? {
        if let header = request.headers["authorization"] { return bearerToken(in: header) }
        if let queryParameter, let token = request.query[queryParameter], !token.isEmpty { return token }
        return nil
    }

    /// The token of an `Authorization` value: spaces, a scheme that is `bearer` in any case, a space, then the
    /// token with its surrounding spaces trimmed; `nil` for anything else. Read as UTF-8 bytes, as every
    /// delimiter is a space (over Characters, this cost ~4 000 instructions a request).
    static func bearerToken(in header: String) -> String? {
        var header = header
        return header.withUTF8 { bytes in bearerTokenRange(in: bytes).map { String(decoding: bytes[$0], as: UTF8.self) } }
    }

    /// Where ``bearerToken(in:)`` finds the token in the value's UTF-8 bytes.
    static func bearerTokenRange(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var index = 0
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        let schemeStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: " ") { index += 1 }
        guard index - schemeStart == 6, isBearer(bytes.baseAddress! + schemeStart), index < bytes.count else { return nil }
        var start = index + 1, end = bytes.count
        while start < end, bytes[start] == UInt8(ascii: " ") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        return start < end ? start..<end : nil
    }
}

/// Whether the six bytes at `scheme` spell `bearer` in any case (setting bit 5 lowercases a letter).
private func isBearer(_ scheme: UnsafePointer<UInt8>) -> Bool {
    scheme[0] | 0x20 == UInt8(ascii: "b") && scheme[1] | 0x20 == UInt8(ascii: "e") && scheme[2] | 0x20 == UInt8(ascii: "a")
        && scheme[3] | 0x20 == UInt8(ascii: "r") && scheme[4] | 0x20 == UInt8(ascii: "e") && scheme[5] | 0x20 == UInt8(ascii: "r")
}

extension ErrorCode {
    /// No bearer token was sent.
    public static let authMissing = ErrorCode("FST_BEARER_AUTH_MISSING_AUTHORIZATION_HEADER", status: .unauthorized, message: "missing authorization header")
    /// The bearer token was not accepted.
    public static let authInvalid = ErrorCode("FST_BEARER_AUTH_INVALID_AUTHORIZATION_HEADER", status: .unauthorized, message: "invalid authorization header")
    /// ``BearerAuth`` was registered with a phase outside ``BearerAuth/allowedHooks``.
    public static let authInvalidHook = ErrorCode(
        "FST_BEARER_AUTH_INVALID_HOOK", status: .internalServerError, message: "BearerAuth hook must be 'onRequest' or 'preParsing', got '%@'")

    /// Every code ``BearerAuth`` declares, for the docs table and its drift test.
    public static let bearerAuthCodes: [ErrorCode] = [.authMissing, .authInvalid, .authInvalidHook]
}
