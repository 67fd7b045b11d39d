// swift-tools-version: 6.2
import PackageDescription

/// Settings every target shares: Swift 6 language mode (strict concurrency) plus `any` spelled out.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

/// The kernel's hot path (JSON writer, header lists, parsers) mutates class-held buffers in tight loops;
/// dynamic exclusivity checks cost ~15% of a request there. Static checks stay on; debug builds keep
/// the dynamic checks, so the test suite still catches overlapping access.
let hotPath: [SwiftSetting] = strict + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "Swallow",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Kernel", targets: ["Kernel"]),
        .library(name: "Plugins", targets: ["Plugins"]),
        .executable(name: "server", targets: ["Server"]),
    ],
    targets: [
        .systemLibrary(name: "CSystem", path: "Sources/CSystem"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        .target(name: "Kernel", dependencies: ["CSystem"], swiftSettings: hotPath),
        .target(name: "Plugins", dependencies: ["Kernel"], swiftSettings: strict),
        .executableTarget(name: "Server", dependencies: ["Kernel", "Plugins", "CSQLite", "CSystem"], swiftSettings: strict),
        .executableTarget(name: "Hello", dependencies: ["Kernel", "Plugins"], path: "Examples/Hello", swiftSettings: strict),
        .executableTarget(name: "Echo", dependencies: ["Kernel", "Plugins"], path: "Examples/Echo", swiftSettings: strict),
        .executableTarget(name: "KernelBench", dependencies: ["Kernel"], path: "Benchmarks/KernelBench", swiftSettings: strict),
        .testTarget(name: "Conformance", dependencies: ["Kernel", "Plugins", "Server"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
