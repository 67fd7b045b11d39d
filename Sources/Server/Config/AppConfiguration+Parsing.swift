extension AppConfiguration {
    /// One setting: its environment variable, its flag, and how to apply a value.
    private struct Setting: Sendable {
        let variable: String
        let flag: String
        let summary: String
        let apply: @Sendable (inout AppConfiguration, String, String) throws(ConfigurationError) -> Void
    }

    private static let settings: [Setting] = [
        Setting(variable: "HOST", flag: "--host", summary: "address to bind (default 127.0.0.1)") { config, value, name throws(ConfigurationError) in
            guard !value.isEmpty else { throw ConfigurationError(.invalidValue(setting: name, value: value, expected: "a host name or address")) }
            config.host = value
        },
        Setting(variable: "PORT", flag: "--port", summary: "port to bind, 0 for any free port (default 3001)") { config, value, name throws(ConfigurationError) in
            guard let port = Int(value), (0...65_535).contains(port) else {
                throw ConfigurationError(.invalidValue(setting: name, value: value, expected: "an integer 0...65535"))
            }
            config.port = port
        },
        Setting(variable: "CORS_ORIGINS", flag: "--cors-origins", summary: "comma-separated origins allowed by CORS (default http://localhost:3000)") { config, value, name throws(ConfigurationError) in
            let origins = list(value)
            guard !origins.isEmpty else { throw ConfigurationError(.invalidValue(setting: name, value: value, expected: "a comma-separated list of origins")) }
            config.corsOrigins = origins
        },
        Setting(variable: "API_TOKENS", flag: "--api-tokens", summary: "comma-separated bearer tokens for /api/v1 (default: the development token, with a warning)") { config, value, name throws(ConfigurationError) in
            let tokens = list(value)
            guard !tokens.isEmpty else { throw ConfigurationError(.invalidValue(setting: name, value: "", expected: "a comma-separated list of tokens")) }
            config.apiTokens = tokens
            config.usesDevelopmentToken = false
        },
        Setting(variable: "DATABASE_PATH", flag: "--database-path", summary: "SQLite file; its folder is created (default ./data/server.sqlite)") { config, value, name throws(ConfigurationError) in
            guard !value.isEmpty else { throw ConfigurationError(.invalidValue(setting: name, value: value, expected: "a file path")) }
            config.databasePath = value
        },
        Setting(variable: "LOG_LEVEL", flag: "--log-level", summary: "debug | info | warn | error (default info)") { config, value, name throws(ConfigurationError) in
            guard let level = LogLevel(parsing: value) else {
                throw ConfigurationError(.invalidValue(setting: name, value: value, expected: "one of debug, info, warn, error"))
            }
            config.logLevel = level
        },
        Setting(variable: "MAX_CONNECTIONS", flag: "--max-connections", summary: "open connections kept; extra ones are closed at once (default 10000)") { config, value, name throws(ConfigurationError) in
            guard let limit = Int(value), limit > 0 else {
                throw ConfigurationError(.invalidValue(setting: name, value: value, expected: "a positive integer"))
            }
            config.maxConnections = limit
        },
        Setting(variable: "MAX_RUNNING_EXECUTIONS", flag: "--max-running-executions", summary: "executions run at once; more are refused with 503 (default 10000)") { config, value, name throws(ConfigurationError) in
            guard let limit = Int(value), limit > 0 else {
                throw ConfigurationError(.invalidValue(setting: name, value: value, expected: "a positive integer"))
            }
            config.maxRunningExecutions = limit
        },
    ]

    /// Reads the environment first, then the flags (which win). `--flag value` and `--flag=value` both work.
    ///
    /// - Parameters:
    ///   - arguments: the command line without the program name.
    ///   - environment: looks up an environment variable.
    /// - Throws: ``ConfigurationError`` naming the variable or flag at fault.
    public static func parse(arguments: [String], environment: (String) -> String?) throws(ConfigurationError) -> Outcome {
        var config = AppConfiguration()
        for setting in settings {
            if let value = environment(setting.variable) { try setting.apply(&config, value, setting.variable) }
        }
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" { return .help(usage) }
            let name = String(argument.prefix { $0 != "=" })
            guard let setting = settings.first(where: { $0.flag == name }) else { throw ConfigurationError(.unknownFlag(argument)) }
            let value: String
            if name.count < argument.count {
                value = String(argument.dropFirst(name.count + 1))
            } else {
                guard index < arguments.count else { throw ConfigurationError(.missingValue(flag: name)) }
                value = arguments[index]
                index += 1
            }
            try setting.apply(&config, value, setting.flag)
        }
        return .run(config)
    }

    /// The `--help` text: every flag with its variable and default.
    public static var usage: String {
        var lines = [
            "Usage: server [options]",
            "",
            "The reference backend: projects, workflows and executions over HTTP on SQLite.",
            "Each option can also be set by the environment variable in brackets; options win.",
            "",
        ]
        for setting in settings {
            let left = "  \(setting.flag) <value>"
            lines.append(left + String(repeating: " ", count: max(1, 28 - left.count)) + "[\(setting.variable)] \(setting.summary)")
        }
        lines.append("  -h, --help" + String(repeating: " ", count: 16) + "show this text and exit")
        return lines.joined(separator: "\n")
    }

    /// Splits a comma list, trimming spaces and dropping empty entries.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return String(result)
    }
}
