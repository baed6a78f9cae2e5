import Foundation
import Testing

/// Every form the README shows, run by the real executable exactly as the README writes it: the first
/// session (its commands in one session, its shown lines in its output), the language example, and
/// the lines of "Scripts and batch runs" through a shell.
@Suite struct ReadmeFormsTests {
    /// The README's fenced blocks, each as its lines.
    static let blocks: [[String]] = {
        let path = FunnelProcess.repositoryRoot.appendingPathComponent("README.md").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var blocks: [[String]] = []
        var current: [String]?
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                if let block = current { blocks.append(block); current = nil } else { current = [] }
            } else {
                current?.append(line)
            }
        }
        return blocks
    }()

    static func block(containing marker: String) throws -> [String] {
        try #require(blocks.first { $0.contains { $0.contains(marker) } }, "README.md has no block with \(marker)")
    }

    /// Runs of spaces as one: the README's tables are aligned by hand.
    static func squeezed(_ line: String) -> String {
        line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    @Test func theFirstSessionRunsAndShowsWhatTheReadmeShows() throws {
        let session = try Self.block(containing: "funnel.db> ")
        let prompt = "funnel.db> "
        let commands = session.filter { $0.hasPrefix(prompt) }.map { String($0.dropFirst(prompt.count)) }
        let shown = session.filter { !$0.hasPrefix(prompt) && !$0.hasPrefix("$ ") }.map(Self.squeezed)
        #expect(commands.count >= 10 && shown.count >= 5)
        let funnel = FunnelProcess()
        // The file the import line names, with the placeholder its --null reads as unknown.
        try "Company,Budget (CNY),Stage\nExpo Co,\"12,000\",Select\n"
            .write(to: funnel.directory.appendingPathComponent("expo.csv"), atomically: true, encoding: .utf8)
        let result = try funnel.run(["--db", funnel.database, "--keep-going"], stdin: commands.joined(separator: "\n") + "\n")
        // Each line the README shows is printed, in the README's order on its stream (deal advance's
        // refusal on standard error, after its place: `<stdin>:10:14: error: cannot leave discover: …`).
        let streams = [result.stdout, result.stderr].map { $0.components(separatedBy: "\n").map(Self.squeezed) }
        var next = [0, 0]
        for line in shown {
            func matches(_ printed: String) -> Bool { printed == line || printed.hasSuffix(": error: " + line) }
            let place = streams.indices.lazy.compactMap { stream in streams[stream][next[stream]...].firstIndex(where: matches).map { (stream, $0) } }.first
            #expect(place != nil, "not printed in order: \(line)\n\(result.stdout)\(result.stderr)")
            if let (stream, index) = place { next[stream] = index + 1 }
        }
        // Only the refusal the README shows failed; the dry runs changed nothing.
        #expect(result.stderr.components(separatedBy: ": error: ").count == 2, "\(result.stderr)")
        #expect(try funnel.script("lead list | count").stdout == "2\n")
    }

    @Test func theLanguageExampleRunsAsWritten() throws {
        let example = try Self.block(containing: "def vip")
        let funnel = FunnelProcess()
        let seeded = try funnel.run(["--db", funnel.database, "-c", """
            lead add Acme --budget 20000 --authority yes --need 3 --timeline 30
            lead add '杭州 客户' --budget '12,000.50' --authority yes --need 3 --timeline 30
            lead add Small --budget 500 --authority yes --need 3 --timeline 30
            lead add Delta --budget 12000
            lead list | lead screen
            """])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let file = funnel.directory.appendingPathComponent("vip.funnel")
        try (example.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try funnel.run(["--db", funnel.database, "run", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        // Qualified leads of at least 10,000 CNY, each at 90%, exactly.
        #expect(result.stdout == "Acme: 18,000.00 CNY after discount\n杭州 客户: 10,800.45 CNY after discount\n")
    }

    /// Whether PostgreSQL's server programs are installed (scripts/setup debug --for-tests installs them).
    static var postgresInstalled: Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .contains { FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb") }
    }

    /// The lines of "A shared PostgreSQL database", run as one shell script from a folder where
    /// `scripts/` is the repository's: a throwaway server, a session on it, the server stopped.
    @Test(.enabled(if: postgresInstalled, "PostgreSQL is not installed"))
    func theSharedDatabaseLinesRunAsWritten() throws {
        let lines = try Self.block(containing: "scripts/pg-test-server start")
        #expect(lines.count == 3)
        let funnel = FunnelProcess()
        try FileManager.default.createSymbolicLink(at: funnel.directory.appendingPathComponent("scripts"),
                                                   withDestinationURL: FunnelProcess.repositoryRoot.appendingPathComponent("scripts"))
        let bin = URL(fileURLWithPath: FunnelProcess.binary).deletingLastPathComponent().path
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        // Without -e, so the last line stops the server whatever the session did.
        let result = try funnel.run(["-c", lines.joined(separator: "\n") + "\necho stopped $?"], executable: "/bin/sh",
                                    environment: ["PATH": path])
        #expect(result.stdout == "L-1 added: Acme\n1\nstopped 0\n", "\(result.stderr)")
        #expect(result.stderr == "")
    }

    @Test func theScriptAndBatchLinesRunThroughAShellAsWritten() throws {
        let lines = try Self.block(containing: "funnel run --atomic")
        #expect(lines.count >= 6)
        let funnel = FunnelProcess()
        try "print $\"month: ($args | to json)\"\nlet added = (lead add 'Month End')\n"
            .write(to: funnel.directory.appendingPathComponent("month-end.funnel"), atomically: true, encoding: .utf8)
        try "lead list | where name == 'Month End' | count\n"
            .write(to: funnel.directory.appendingPathComponent("script.funnel"), atomically: true, encoding: .utf8)
        let bin = URL(fileURLWithPath: FunnelProcess.binary).deletingLastPathComponent().path
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        var outputs: [String] = []
        for line in lines {
            let result = try funnel.run(["-c", line], executable: "/bin/sh",
                                        environment: ["PATH": path, "FUNNEL_DB": funnel.database])
            #expect(result.status == 0, "\(line)\n\(result.stderr)")
            outputs.append(result.stdout)
        }
        // In the README's order: ARGS as $args, --atomic, the file as the command, -c, stdin, --json.
        #expect(outputs[0] == "month: [\"2026-01\"]\n")
        #expect(outputs[1] == "month: []\n" && outputs[2] == "month: []\n")
        #expect(outputs[3] == "0\n")
        #expect(outputs[4] == "3\n")
        #expect(outputs[5].hasPrefix("[{\"id\":\"L-1\",\"name\":\"Month End\""), "\(outputs[5])")
    }
}
