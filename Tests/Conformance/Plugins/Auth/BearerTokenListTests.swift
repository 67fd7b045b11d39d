import Kernel
@testable import Plugins
import Testing

/// `BearerAuth(tokens:)` matches the token's bytes where they lie; a verifier closure gets the token as a `String`.
/// Both must read the same token from the same place and answer alike, whatever the list holds.
@Suite("BearerAuth: a token list answers as a verifier over the same list")
struct BearerTokenListTests {
    /// The app of ``BearerAuthTests``: `/api/v1/me` behind `auth`, answering the principal's id.
    private func app(_ auth: BearerAuth) throws -> Application { try BearerAuthTests().makeApp(auth) }

    @Test("AUTH-5c over odd token lists (none, an empty token, prefixes, canonical equivalents, spaces, duplicates), every header and query reads as the verifier path")
    func bearerDifferential() async throws {
        let lists: [[String]] = [
            [], ["good-token", "good", "good-token-2"], ["é", "e\u{301}", "\u{212A}", "K"], ["a b", "t\tk", "x"], ["dup", "dup"], [""],
        ]
        let headerValues: [String?] = [
            nil, "", " ", "Bearer", "Bearer ", "Bearer  ", "bearer good", "BEARER good-token", "Bearer good-token ", "  Bearer   good  ",
            "Bearer\tgood", "Bearer good\t", "Bearer \tgood", "Bearer goo", "Bearer good-token-", "Bearer good-token-2",
            "Bearer é", "Bearer e\u{301}", "Bearer \u{212A}", "Bearer K", "Bearer a b", "Bearer t\tk", "Bearer dup",
            "Basic good", "Bearerx good", "Bearer, good", "Bearer x",
        ]
        let queries = ["", "?token=good", "?token=", "?token", "?token=%C3%A9", "?token=e%CC%81", "?token=a+b", "?token=good&token=x",
                       "?x=1&token=K", "?token=%E2%84%AA", "?%74oken=x", "?token=dup#frag", "?token=goo%"]
        for list in lists {
            let listed = try app(BearerAuth(tokens: list, queryParameter: "token", realm: "r"))
            let keys = list.map { Array($0.utf8) }
            let verified = try app(BearerAuth(queryParameter: "token", realm: "r") { token, _ in
                keys.firstIndex(of: Array(token.utf8)).map { AuthPrincipal(id: "token-\($0)") }
            })
            for header in headerValues {
                for query in queries {
                    var headers = HTTPHeaders()
                    if let header { headers.add("authorization", header) }
                    let request = InjectRequest.get("/api/v1/me" + query, headers: headers)
                    let (a, b) = (try await listed.inject(request), try await verified.inject(request))
                    #expect(a.status == b.status && a.text == b.text && a.headers["www-authenticate"] == b.headers["www-authenticate"],
                            "\(list) \(header.debugDescription) \(query)")
                }
            }
            // Two Authorization fields: the first decides in both.
            for pair in [("Bearer x", "Bearer good"), ("Basic a", "Bearer good"), ("Bearer good", "Basic a")] {
                var headers = HTTPHeaders()
                headers.add("authorization", pair.0)
                headers.add("Authorization", pair.1)
                let request = InjectRequest.get("/api/v1/me?token=good", headers: headers)
                let (a, b) = (try await listed.inject(request), try await verified.inject(request))
                #expect(a.status == b.status && a.text == b.text, "\(list) \(pair)")
            }
        }
    }

    @Test("AUTH-5d the token list reads ?token= as decoded: escapes and + match, a malformed escape or another spelling does not")
    func queryTokenDecoding() async throws {
        let app = try app(BearerAuth(tokens: ["bench-token", "good", "a b", "é"], queryParameter: "token"))
        // (query, Authorization, the principal's id or the error message)
        let cases: [(String, String?, String)] = [
            ("?token=bench-token", nil, "token-0"), ("?token=bench%2Dtoken", nil, "token-0"), ("?token=bench%2dtoken", nil, "token-0"),
            ("?x=1&token=good&token=bench-token", nil, "token-1"), ("?tok%65n=good", nil, "token-1"), ("?token=good#frag", nil, "token-1"),
            ("?token=a+b", nil, "token-2"), ("?token=a%20b", nil, "token-2"), ("?token=%C3%A9", nil, "token-3"),
            // Tokens compare as bytes: the decomposed é is another token, and a malformed escape is kept as sent.
            ("?token=e%CC%81", nil, "invalid authorization header"), ("?token=good%", nil, "invalid authorization header"),
            ("?token=bench-toke", nil, "invalid authorization header"), ("?token=bench-token2", nil, "invalid authorization header"),
            ("?token=", nil, "missing authorization header"), ("?token", nil, "missing authorization header"),
            ("?token=&token=good", nil, "missing authorization header"), ("?", nil, "missing authorization header"),
            ("#?token=good", nil, "missing authorization header"),
            // The header wins when both are sent.
            ("?token=nope", "Bearer good", "token-1"), ("?token=good", "Bearer nope", "invalid authorization header"),
            ("?token=good", "Basic x", "missing authorization header"),
        ]
        for (query, authorization, expected) in cases {
            var headers = HTTPHeaders()
            if let authorization { headers["authorization"] = authorization }
            let response = try await app.inject(.get("/api/v1/me" + query, headers: headers))
            let answer = response.status == .ok ? response.text : response[json: "message"]?.string
            #expect(answer == expected, "\(query) \(authorization.debugDescription)")
        }
    }
}
