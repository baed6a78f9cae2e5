import Foundation

/// Runs the real `funnel` executable as a child process, as a user or an operator's script would.
struct FunnelProcess {
    struct Result {
        let stdout: String
        let stderr: String
        let status: Int32
    }

    /// The repository's root, found from this file's path.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$FUNNEL_BIN` (set by scripts/test), else the debug build in .build.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["FUNNEL_BIN"], !path.isEmpty { return path }
        return repositoryRoot.appendingPathComponent(".build/debug/funnel").path
    }()

    /// A fresh directory for one test: its database, HOME and XDG directories live here.
    let directory: URL

    init() {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-cli-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var database: String { directory.appendingPathComponent("funnel.db").path }

    /// An environment with HOME and the XDG directories inside the test directory and a fixed clock.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = directory.path
        environment["XDG_CONFIG_HOME"] = directory.appendingPathComponent("config").path
        environment["XDG_STATE_HOME"] = directory.appendingPathComponent("state").path
        environment["FUNNEL_NOW"] = "2026-01-31"
        environment["FUNNEL_DB"] = nil
        environment["USER"] = "tester"
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs `funnel ARGUMENTS` in the test directory with `stdin` as standard input.
    @discardableResult
    func run(_ arguments: [String], stdin: String = "", executable: String = FunnelProcess.binary,
             environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment(extra)
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let errorData = LockedData()
        let errorReader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        errorReader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1000) }
        return Result(stdout: String(decoding: outputData, as: UTF8.self),
                      stderr: String(decoding: errorData.value, as: UTF8.self), status: process.terminationStatus)
    }

    /// Runs any program to its end and returns its exit status and combined output.
    static func runTool(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `funnel --db DB -c SCRIPT`.
    @discardableResult
    func script(_ text: String, _ options: [String] = []) throws -> Result {
        try run(["--db", database] + options + ["-c", text])
    }
}

/// Data handed from a reader thread.
final class LockedData: @unchecked Sendable {
    // @unchecked: every access holds the lock.
    private let lock = NSLock()
    private var data: Data?
    func set(_ value: Data) { lock.withLock { data = value } }
    var isSet: Bool { lock.withLock { data != nil } }
    var value: Data { lock.withLock { data ?? Data() } }
}
