import Foundation
import Testing

/// A throwaway PostgreSQL server for one test, started and stopped with scripts/pg-test-server.
/// The script's `--owner` watchdog stops it too when this test process ends without stopping it.
enum PostgresTestServer {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let script = root + "/scripts/pg-test-server"

    /// Whether initdb and pg_ctl are installed (Debian's postgresql package).
    static var isInstalled: Bool {
        let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .map { "/usr/lib/postgresql/\($0)/bin/initdb" } + ["/usr/bin/initdb", "/usr/local/bin/initdb"]
        return candidates.contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let missing: Comment = "PostgreSQL's initdb is not installed: scripts/setup debug --for-tests installs it"

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `body` with the URL of a new server, then stops the server (also when `body` throws).
    static func run(_ body: (String) throws -> Void) throws {
        let url = try start(owner: ProcessInfo.processInfo.processIdentifier)
        defer { _ = try? script(["stop", url]) }
        try body(url)
    }

    /// Starts a server that stops when process `owner` ends; returns its URL.
    static func start(owner: Int32) throws -> String { try script(["start", "--owner", String(owner)]) }

    /// The server's folder (its socket and data), from its URL.
    static func folder(of url: String) -> String {
        String(url.split(separator: "host=").last?.prefix { $0 != "&" } ?? "")
    }

    private static func script(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "pg-test-server \(arguments.joined(separator: " ")) failed: \(problems)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
