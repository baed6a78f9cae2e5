import Foundation

/// Builds a separate Swift package for a test, one at a time (two builds at once would share two cores).
enum SwiftBuild {
    private static let lock = NSLock()

    /// Runs `swift build` on the package, into `scratch`; true when it succeeded.
    static func run(package: String, scratch: String) throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return try run(["swift", "build", "--package-path", package, "--scratch-path", scratch]) == 0
    }

    /// Runs a program found on PATH; returns its exit status.
    static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
