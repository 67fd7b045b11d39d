import Testing
@testable import Server

@Suite("Server configuration")
struct AppConfigurationTests {
    private func parse(_ arguments: [String] = [], _ environment: [String: String] = [:]) throws(ConfigurationError) -> AppConfiguration.Outcome {
        try AppConfiguration.parse(arguments: arguments, environment: { environment[$0] })
    }

    private func run(_ arguments: [String] = [], _ environment: [String: String] = [:]) throws -> AppConfiguration {
        guard case .run(let configuration) = try parse(arguments, environment) else { throw ConfigurationError(.unknownFlag("help")) }
        return configuration
    }

    @Test("defaults: 127.0.0.1:3001, localhost:3000, the development token (flagged), ./data/server.sqlite, info")
    func defaults() throws {
        let configuration = try run()
        #expect(configuration.host == "127.0.0.1" && configuration.port == 3001)
        #expect(configuration.corsOrigins == ["http://localhost:3000"])
        #expect(configuration.apiTokens == ["justin-access-token"] && configuration.usesDevelopmentToken)
        #expect(configuration.databasePath == "./data/server.sqlite" && configuration.logLevel == .info)
        #expect(configuration.maxConnections == 10_000)
        #expect(configuration.maxRunningExecutions == 10_000)
    }

    @Test("MAX_RUNNING_EXECUTIONS and --max-running-executions set the run limit; zero or text is refused")
    func maxRunningExecutions() throws {
        #expect(try run([], ["MAX_RUNNING_EXECUTIONS": "5"]).maxRunningExecutions == 5)
        #expect(try run(["--max-running-executions", "7"], ["MAX_RUNNING_EXECUTIONS": "5"]).maxRunningExecutions == 7)
        for bad in ["0", "-1", "many"] {
            #expect(throws: ConfigurationError(.invalidValue(setting: "MAX_RUNNING_EXECUTIONS", value: bad, expected: "a positive integer"))) {
                try run([], ["MAX_RUNNING_EXECUTIONS": bad])
            }
        }
    }

    @Test("MAX_CONNECTIONS and --max-connections set the connection limit; zero or text is refused")
    func maxConnections() throws {
        #expect(try run([], ["MAX_CONNECTIONS": "300"]).maxConnections == 300)
        #expect(try run(["--max-connections=50"], ["MAX_CONNECTIONS": "300"]).maxConnections == 50)
        for bad in ["0", "-1", "many"] {
            #expect(throws: ConfigurationError(.invalidValue(setting: "MAX_CONNECTIONS", value: bad, expected: "a positive integer"))) {
                try run([], ["MAX_CONNECTIONS": bad])
            }
        }
    }

    @Test("every environment variable is read; comma lists are trimmed")
    func environment() throws {
        let configuration = try run([], [
            "HOST": "0.0.0.0", "PORT": "8080", "CORS_ORIGINS": "http://a.test, http://b.test,,",
            "API_TOKENS": " one ,two", "DATABASE_PATH": "/tmp/x.sqlite", "LOG_LEVEL": "WARN",
        ])
        #expect(configuration.host == "0.0.0.0" && configuration.port == 8080)
        #expect(configuration.corsOrigins == ["http://a.test", "http://b.test"])
        #expect(configuration.apiTokens == ["one", "two"] && !configuration.usesDevelopmentToken)
        #expect(configuration.databasePath == "/tmp/x.sqlite" && configuration.logLevel == .warn)
    }

    @Test("flags win over the environment, in both --flag value and --flag=value forms")
    func flags() throws {
        let configuration = try run(
            ["--port", "9000", "--host=::1", "--cors-origins=http://c.test", "--api-tokens", "t", "--database-path", "db.sqlite", "--log-level=debug"],
            ["PORT": "8080", "API_TOKENS": "env"])
        #expect(configuration.port == 9000 && configuration.host == "::1" && configuration.corsOrigins == ["http://c.test"])
        #expect(configuration.apiTokens == ["t"] && configuration.databasePath == "db.sqlite" && configuration.logLevel == .debug)
    }

    @Test("--help and -h give the usage text naming every flag and variable")
    func help() throws {
        for flag in ["--help", "-h"] {
            guard case .help(let text) = try parse(["--port", "1", flag, "--bogus"]) else {
                Issue.record("\(flag) did not ask for help")
                continue
            }
            for word in ["--host", "HOST", "--port", "PORT", "--cors-origins", "CORS_ORIGINS", "--api-tokens", "API_TOKENS",
                         "--database-path", "DATABASE_PATH", "--log-level", "LOG_LEVEL", "--max-connections", "MAX_CONNECTIONS",
                         "--max-running-executions", "MAX_RUNNING_EXECUTIONS", "--help"] {
                #expect(text.contains(word), "\(word)")
            }
        }
    }

    @Test("bad values name the variable or flag", arguments: [
        ([], ["PORT": "http"], "PORT: 'http' is not an integer 0...65535"),
        (["--port", "70000"], [:], "--port: '70000' is not an integer 0...65535"),
        ([], ["LOG_LEVEL": "verbose"], "LOG_LEVEL: 'verbose' is not one of debug, info, warn, error"),
        ([], ["API_TOKENS": " , "], "API_TOKENS: '' is not a comma-separated list of tokens"),
        (["--cors-origins="], [:], "--cors-origins: '' is not a comma-separated list of origins"),
        (["--verbose"], [:], "unknown option '--verbose' (see --help)"),
        (["--port"], [:], "option '--port' needs a value"),
    ] as [([String], [String: String], String)])
    func invalid(arguments: [String], environment: [String: String], message: String) {
        do {
            _ = try parse(arguments, environment)
            Issue.record("accepted \(arguments) \(environment)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("log levels parse in any case and order by severity")
    func logLevels() {
        #expect(LogLevel(parsing: "Debug") == .debug && LogLevel(parsing: "error") == .error && LogLevel(parsing: "warning") == nil)
        #expect(LogLevel.warn.allows(.error) && LogLevel.warn.allows(.warn) && !LogLevel.warn.allows(.info))
    }
}
