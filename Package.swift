// swift-tools-version: 6.2
import PackageDescription

/// Settings every target shares: Swift 6 language mode (strict concurrency) plus `any` spelled out.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Swallow",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Kernel", targets: ["Kernel"]),
        .library(name: "Plugins", targets: ["Plugins"]),
        .executable(name: "server", targets: ["Server"]),
    ],
    targets: [
        .target(name: "Kernel", swiftSettings: strict),
        .target(name: "Plugins", dependencies: ["Kernel"], swiftSettings: strict),
        .executableTarget(name: "Server", dependencies: ["Kernel", "Plugins"], swiftSettings: strict),
        .executableTarget(name: "Hello", dependencies: ["Kernel"], path: "Examples/Hello", swiftSettings: strict),
        .testTarget(name: "Conformance", dependencies: ["Kernel", "Plugins", "Server"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
