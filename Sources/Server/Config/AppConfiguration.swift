/// The reference server's settings, read from the environment and command-line flags.
///
/// ```swift
/// switch try AppConfiguration.parse(arguments: ["--port", "8080"], environment: { _ in nil }) {
/// case .run(let configuration): configuration.port        // 8080
/// case .help(let text): print(text)
/// }
/// ```
public struct AppConfiguration: Sendable, Equatable {
    /// The seed's development token, used when `API_TOKENS` is not set (with a loud warning).
    public static let developmentToken = "justin-access-token"

    /// Address to bind; `HOST`, `--host`. Default `127.0.0.1`.
    public var host = "127.0.0.1"
    /// Port to bind; `PORT`, `--port`. Default `3001`.
    public var port = 3001
    /// Origins allowed by CORS; `CORS_ORIGINS`, `--cors-origins` (comma list). Default `http://localhost:3000`.
    public var corsOrigins = ["http://localhost:3000"]
    /// Bearer tokens accepted on `/api/v1`; `API_TOKENS`, `--api-tokens` (comma list).
    /// Default: the development token alone.
    public var apiTokens = [AppConfiguration.developmentToken]
    /// Whether ``apiTokens`` fell back to the development token because none were configured.
    public var usesDevelopmentToken = true
    /// SQLite file; `DATABASE_PATH`, `--database-path`. Default `./data/server.sqlite`; its folder is created.
    public var databasePath = "./data/server.sqlite"
    /// Log verbosity; `LOG_LEVEL`, `--log-level`. Default `info`.
    public var logLevel = LogLevel.info
    /// Open connections the server keeps; past it new ones are accepted and closed at once.
    /// `MAX_CONNECTIONS`, `--max-connections`. Default 10000 (the kernel's default).
    public var maxConnections = 10_000
    /// Executions that run at once; past it, starting one is refused with 503 and nothing is saved.
    /// `MAX_RUNNING_EXECUTIONS`, `--max-running-executions`. Default 10000.
    public var maxRunningExecutions = ExecutionEngine.defaultRunLimit
    /// Timing of the live streams (the seed's 1 s / 5 s / 2 s); tests shorten it.
    public var streams = StreamSettings()

    /// The defaults.
    public init() {}

    /// What the command line asked for.
    public enum Outcome: Sendable, Equatable {
        /// Start the server with this configuration.
        case run(AppConfiguration)
        /// Print this usage text and exit 0 (`--help`, `-h`).
        case help(String)
    }
}

/// Why the configuration was refused; the message names the variable or flag.
///
/// ```swift
/// ConfigurationError(.invalidValue(setting: "PORT", value: "x", expected: "an integer 0...65535")).description
/// // "PORT: 'x' is not an integer 0...65535"
/// ```
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    enum Kind: Equatable {
        case invalidValue(setting: String, value: String, expected: String)
        case unknownFlag(String)
        case missingValue(flag: String)
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// One line for standard error.
    public var description: String {
        switch kind {
        case .invalidValue(let setting, let value, let expected): "\(setting): '\(value)' is not \(expected)"
        case .unknownFlag(let flag): "unknown option '\(flag)' (see --help)"
        case .missingValue(let flag): "option '\(flag)' needs a value"
        }
    }
}
