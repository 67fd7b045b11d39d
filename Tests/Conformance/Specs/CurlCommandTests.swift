import Testing

@Suite("curl command lines: shell words and curl options")
struct CurlCommandTests {
    private func headers(_ curl: CurlCommand) -> [String] { curl.headers.map { "\($0.0): \($0.1)" } }

    @Test("the seed's command: continuations, quoting, 2>&1 and the pipe to grep")
    func seedCommand() throws {
        let text = """
        curl -v -H "Origin: http://localhost:3000" \\
             -H "Authorization: Bearer justin-access-token" \\
             http://localhost:3001/api/v1/projects 2>&1 | grep -i "access-control"
        """
        let split = try CurlTokenizer.split(text)
        #expect(split.words.map(\.text) == ["curl", "-v", "-H", "Origin: http://localhost:3000", "-H", "Authorization: Bearer justin-access-token", "http://localhost:3001/api/v1/projects"])
        #expect(split.words.map(\.lineOffset) == [0, 0, 0, 0, 1, 1, 2])
        #expect(split.trailer == "| grep -i \"access-control\"")
        let curl = try CurlCommand(parsing: text)
        #expect(curl.method == "GET")
        #expect(curl.url.target == "/api/v1/projects")
        #expect(curl.body == nil)
        #expect(curl.ignoredOptions == ["-v"])
        #expect(headers(curl) == ["Host: localhost:3001", "User-Agent: \(CurlCommand.defaultUserAgent)", "Accept: */*",
                                  "Origin: http://localhost:3000", "Authorization: Bearer justin-access-token"])
    }

    @Test("shell quoting: single quotes literal, double-quote escapes, backslashes, adjacent pieces join")
    func quoting() throws {
        let words = try CurlTokenizer.split(#"curl 'a "b" \n' "c \"d\" \\ \x" e\ f 'g'"h"i # comment"#).words.map(\.text)
        #expect(words == ["curl", #"a "b" \n"#, #"c "d" \ \x"#, "e f", "ghi"])
        #expect(try CurlTokenizer.split("curl 'multi\nline' x").words.map(\.lineOffset) == [0, 0, 1])
        #expect(try CurlTokenizer.split("curl ''").words.map(\.text) == ["curl", ""])
    }

    @Test("redirections are dropped; ; && | end the command")
    func redirections() throws {
        #expect(try CurlTokenizer.split("curl http://h/ > out.txt 2>/dev/null").words.map(\.text) == ["curl", "http://h/"])
        #expect(try CurlTokenizer.split("curl http://h/ 2>&1 >>log").words.map(\.text) == ["curl", "http://h/"])
        #expect(try CurlTokenizer.split("curl '2>&1' http://h/").words.map(\.text) == ["curl", "2>&1", "http://h/"])
        #expect(try CurlTokenizer.split("curl http://h/; echo done").trailer == "; echo done")
        #expect(try CurlTokenizer.split("curl http://h/ && echo ok").trailer == "&& echo ok")
        #expect(try CurlTokenizer.split("curl http://h/ 'a|b'").trailer == nil)
    }

    @Test("tokenizer errors: unterminated quotes, expansions, trailing backslash, dangling redirection", arguments: [
        ("curl 'abc", 0), ("curl \"abc", 0), ("curl \\\n 'x\ny", 1), ("curl $TOKEN", 0), ("curl \"$TOKEN\"", 0), ("curl `id`", 0),
        ("curl http://h/ \\", 0), ("curl http://h/ >", 0), ("curl http://h/ 2>&", 0),
    ])
    func tokenizerErrors(_ text: String, _ line: Int) {
        #expect(throws: SpecSyntaxError.self) { try CurlTokenizer.split(text) }
        do { _ = try CurlTokenizer.split(text) } catch { #expect(error.lineOffset == line, "\(text): \(error)") }
    }

    @Test("-X/--request, -I/--head, -G/--get choose the method")
    func methods() throws {
        #expect(try CurlCommand(parsing: "curl -X DELETE http://h/").method == "DELETE")
        #expect(try CurlCommand(parsing: "curl --request PATCH http://h/").method == "PATCH")
        #expect(try CurlCommand(parsing: "curl -XPUT http://h/").method == "PUT")
        #expect(try CurlCommand(parsing: "curl -I http://h/").method == "HEAD")
        #expect(try CurlCommand(parsing: "curl --head http://h/").method == "HEAD")
        #expect(try CurlCommand(parsing: "curl -d a=1 http://h/").method == "POST")
        #expect(try CurlCommand(parsing: "curl -X PUT -d a=1 http://h/").method == "PUT")
        let get = try CurlCommand(parsing: "curl -G -d a=1 --data b=2 'http://h/p?z=0'")
        #expect(get.method == "GET")
        #expect(get.url.target == "/p?z=0&a=1&b=2")
        #expect(get.body == nil)
        #expect(get.header("content-type") == nil)
    }

    @Test("-d/--data/--data-raw/--data-binary: joined with &, form content type unless -H sets one")
    func data() throws {
        let form = try CurlCommand(parsing: "curl -d a=1 --data 'b=2 3' --data-raw @lit --data-binary x http://h/")
        #expect(form.body == Array("a=1&b=2 3&@lit&x".utf8))
        #expect(form.header("Content-Type") == "application/x-www-form-urlencoded")
        let typed = try CurlCommand(parsing: #"curl -H "Content-Type: text/plain" -d hi http://h/"#)
        #expect(headers(typed).filter { $0.lowercased().hasPrefix("content-type") } == ["Content-Type: text/plain"])
        #expect(try CurlCommand(parsing: "curl -d '' http://h/").body == [])
        #expect(throws: SpecSyntaxError.self) { try CurlCommand(parsing: "curl -d @body.json http://h/") }
    }

    @Test("--json: body as given, JSON content type and accept, concatenated when repeated")
    func json() throws {
        let curl = try CurlCommand(parsing: #"curl --json '{"a":' --json '1}' http://h/x"#)
        #expect(curl.method == "POST")
        #expect(curl.body == Array(#"{"a":1}"#.utf8))
        #expect(curl.header("content-type") == "application/json")
        #expect(curl.header("accept") == "application/json")
        #expect(throws: SpecSyntaxError.self) { try CurlCommand(parsing: "curl --json @f http://h/") }
        #expect(throws: SpecSyntaxError.self) { try CurlCommand(parsing: "curl --json '{}' -d a http://h/") }
    }

    @Test("-u/--user: Basic credentials (RFC 7617), placed before the defaults as curl does")
    func user() throws {
        #expect(try CurlCommand(parsing: "curl -u ada:lovelace http://h/").header("authorization") == "Basic YWRhOmxvdmVsYWNl")
        #expect(try CurlCommand(parsing: "curl --user Aladdin:'open sesame' http://h/").header("Authorization") == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        #expect(CurlCommand.base64(Array("a".utf8)) == "YQ==" && CurlCommand.base64(Array("ab".utf8)) == "YWI=" && CurlCommand.base64([]) == "")
        #expect(throws: SpecSyntaxError.self) { try CurlCommand(parsing: "curl -u ada http://h/") }
    }

    @Test("-H: replaces a default header, 'Name:' removes it, 'Name;' sends it empty, repeats append")
    func headerOverrides() throws {
        let curl = try CurlCommand(parsing: #"curl -H 'Host: api.example:8443' -H 'Accept:' -H 'X-Empty;' -H 'X-A: 1' -H 'X-A: 2' -A probe/1 http://h:3001/"#)
        #expect(headers(curl) == ["Host: api.example:8443", "User-Agent: probe/1", "X-Empty: ", "X-A: 1", "X-A: 2"])
        #expect(throws: SpecSyntaxError.self) { try CurlCommand(parsing: "curl -H 'no colon' http://h/") }
    }

    @Test("the URL: path, query, Host with a non-default port, fragment dropped, scheme-less means http")
    func urls() throws {
        let curl = try CurlCommand(parsing: "curl 'http://localhost:3001/a/b?x=1&y=%20#frag'")
        #expect(curl.url.path == "/a/b" && curl.url.query == "x=1&y=%20" && curl.url.target == "/a/b?x=1&y=%20")
        #expect(curl.header("host") == "localhost:3001")
        #expect(try CurlCommand(parsing: "curl http://example.com").url.target == "/")
        #expect(try CurlCommand(parsing: "curl http://example.com:80/x").header("host") == "example.com")
        #expect(try CurlCommand(parsing: "curl https://example.com:8443?q").header("host") == "example.com:8443")
        #expect(try CurlCommand(parsing: "curl localhost:3001/x").url.scheme == "http")
        #expect(try CurlCommand(parsing: "curl --url http://[::1]:8080/v6").header("host") == "[::1]:8080")
        for bad in ["curl http://h:99999/", "curl ftp://h/", "curl http://user:pw@h/", "curl http:///x", "curl http://h/ http://g/", "curl -s", "curl ws://h/"] {
            #expect(throws: SpecSyntaxError.self, "\(bad)") { try CurlCommand(parsing: bad) }
        }
    }

    @Test("ignored options: -v -i -s -S -k combined or long, -o/-w/-m with their values")
    func ignored() throws {
        let curl = try CurlCommand(parsing: "curl -sSv -ik --silent --include -o /dev/null -w '%{http_code}' -m 5 --connect-timeout 2 http://h/")
        #expect(curl.method == "GET" && curl.url.target == "/")
        #expect(curl.ignoredOptions == ["-s", "-S", "-v", "-i", "-k", "--silent", "--include", "-o /dev/null", "-w %{http_code}", "-m 5", "--connect-timeout 2"])
    }

    @Test("unsupported options, a missing value, or a command that is not curl are errors")
    func optionErrors() {
        for bad in ["curl -L http://h/", "curl --compressed http://h/", "curl http://h/ -H", "wget http://h/", "curl -sX"] {
            #expect(throws: SpecSyntaxError.self, "\(bad)") { try CurlCommand(parsing: bad) }
        }
    }
}
