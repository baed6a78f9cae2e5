// swift-tools-version:6.1
// An out-of-process `screen` implementation for Funnel written in Swift: a separate executable that
// speaks docs/plugin-protocol.md over stdin/stdout. It does not link Funnel or StageKit at all.
import PackageDescription

let package = Package(
    name: "SwiftScreen",
    targets: [.executableTarget(name: "swift-screen", path: "Sources/SwiftScreen")]
)
