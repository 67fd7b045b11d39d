import Kernel
import Synchronization

/// Which origins may read responses, as the `origin` option of `@fastify/cors` spells it, typed.
///
/// ```swift
/// CORSOptions(origin: .exact("http://localhost:3000"), credentials: true)
/// CORSOptions(origin: .list([.exact("https://a.example"), .pattern(#/https://[a-z]+\.example\.com/#)]))
/// CORSOptions(origin: .dynamic { origin, request in origin == "https://ok.example" ? .allow : .deny })
/// ```
public enum AllowedOrigin: Sendable {
    /// `Access-Control-Allow-Origin: *` for every request (`origin: '*'`, the default). Refused with credentials.
    case any
    /// Reflects the request's `Origin` (`origin: true`); no header when the request has none.
    case reflect
    /// CORS off: no CORS headers at all; OPTIONS requests fall through to the 404 answer (`origin: false`).
    case disabled
    /// Sends this value verbatim, whatever the request's `Origin` is (`origin: 'https://x'`).
    /// Inside ``list(_:)`` it is compared with the request's `Origin` instead.
    case exact(String)
    /// Reflects the request's `Origin` when the whole of it matches the pattern.
    case matching(OriginPattern)
    /// Reflects the request's `Origin` when an entry allows it; entries are ``exact(_:)``, ``matching(_:)``
    /// or ``any`` (a list holding ``any`` means ``any``).
    case list([AllowedOrigin])
    /// Asks a closure per request; it gets the `Origin` header (or `nil`) and the request.
    case dynamic(@Sendable (_ origin: String?, _ request: Request) async throws -> OriginDecision)

    /// Reflects the request's `Origin` when the whole of it matches `regex`.
    ///
    /// The match is anchored at both ends (`wholeMatch`), so `#/https://example\.com/#` does not
    /// accept `https://example.com.evil.net`.
    public static func pattern<Output>(_ regex: sending Regex<Output>) -> AllowedOrigin {
        .matching(OriginPattern(regex))
    }

    /// Whether the answer depends on the request's `Origin`, so caches need `Vary: Origin`.
    /// Whether resolving this setting calls a closure that may suspend (``dynamic(_:)``; a list only
    /// consults its `exact` and `matching` entries).
    var needsSuspension: Bool {
        if case .dynamic = self { true } else { false }
    }

    var dependsOnRequestOrigin: Bool {
        switch self {
        case .any, .exact, .disabled: false
        case .reflect, .matching, .list, .dynamic: true
        }
    }
}

/// What an ``AllowedOrigin/dynamic(_:)`` closure decided for one request.
public enum OriginDecision: Sendable, Equatable {
    /// Reflect the request's `Origin` (like ``AllowedOrigin/reflect``).
    case allow
    /// No `Access-Control-Allow-Origin`; the response still carries `Vary: Origin`.
    case deny
    /// `Access-Control-Allow-Origin: *`; a 500 when credentials are on.
    case any
    /// Send this value verbatim; an empty value is a 500 ("Invalid CORS origin option").
    case value(String)
}

/// A compiled origin pattern: a regular expression matched against the whole `Origin` value.
///
/// `Regex` is not `Sendable`, so the pattern lives behind a `Lock`; matching an origin is short.
public final class OriginPattern: Sendable {
    private let regex: Lock<Regex<AnyRegexOutput>>

    /// Wraps `regex`, which must match the entire origin, scheme included.
    public init<Output>(_ regex: sending Regex<Output>) {
        self.regex = Lock(Regex<AnyRegexOutput>(regex))
    }

    /// Whether the whole of `origin` matches.
    public func matches(_ origin: String) -> Bool {
        regex.withLock { regex in (try? regex.wholeMatch(in: origin)) != nil }
    }
}
