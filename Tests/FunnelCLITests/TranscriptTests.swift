import Foundation
import Testing

/// Golden-file tests: each Tests/FunnelCLITests/Transcripts/NAME.funnel is run with the real `funnel`
/// on a fresh database, and its exit status, standard output and standard error must equal
/// NAME.expected. Run with FUNNEL_RECORD=1 to write the .expected files anew (then review the diff).
/// A first line `# args: ...` gives options; `run-with-arguments A B` runs the file with `funnel run FILE A B`.
@Suite struct TranscriptTests {
    static let directory = FunnelProcess.repositoryRoot.appendingPathComponent("Tests/FunnelCLITests/Transcripts")

    static let scripts: [String] = {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".funnel") }.sorted()
    }()

    @Test func thereAreTranscripts() { #expect(Self.scripts.count >= 4) }

    @Test(arguments: scripts)
    func transcriptMatches(_ name: String) throws {
        let file = Self.directory.appendingPathComponent(name)
        let text = try String(contentsOf: file, encoding: .utf8)
        var options: [String] = []
        var arguments: [String]?
        if let first = text.split(separator: "\n").first, first.hasPrefix("# args: ") {
            let words = first.dropFirst("# args: ".count).split(separator: " ").map(String.init)
            if words.first == "run-with-arguments" { arguments = Array(words.dropFirst()) } else { options = words }
        }
        let funnel = FunnelProcess()
        // `# args:` options go before `run`; FUNNEL_NOW already fixes the clock at 2026-01-31.
        let result = try funnel.run(["--db", funnel.database, "--no-init"] + options + ["run", file.path] + (arguments ?? []))
        let actual = "$ exit \(result.status)\n--- stdout\n\(result.stdout)--- stderr\n\(result.stderr)"
            .replacingOccurrences(of: file.path, with: "TRANSCRIPT")
        let expectedFile = Self.directory.appendingPathComponent(name.replacingOccurrences(of: ".funnel", with: ".expected"))
        if ProcessInfo.processInfo.environment["FUNNEL_RECORD"] == "1" {
            try actual.write(to: expectedFile, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedFile, encoding: .utf8)
        #expect(actual == expected, "run with FUNNEL_RECORD=1 to update \(expectedFile.lastPathComponent)")
    }
}
