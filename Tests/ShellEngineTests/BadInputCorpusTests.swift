import Foundation
import FunnelTestSupport
import ShellEngine
import Testing

/// Every script in Corpus/bad-scripts.txt (entries separated by `----`, each starting with a comment
/// saying what is wrong) must fail with a located error — `file:line:col: error:`, the line and a
/// caret — on a fresh database, and must not crash.
@Suite struct BadInputCorpusTests {
    struct Entry: CustomTestStringConvertible {
        let number: Int
        let what: String
        let script: String
        var testDescription: String { "#\(number) \(what)" }
    }

    static let entries: [Entry] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus/bad-scripts.txt").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.components(separatedBy: "\n----\n").enumerated().compactMap { index, block in
            let lines = block.components(separatedBy: "\n")
            guard let first = lines.first, first.hasPrefix("# ") else { return nil }
            return Entry(number: index + 1, what: String(first.dropFirst(2)), script: lines.dropFirst().joined(separator: "\n"))
        }
    }()

    @Test func theCorpusHasAtLeastOneHundredScripts() {
        #expect(Self.entries.count >= 100)
    }

    @Test(arguments: entries)
    func failsWithALocatedError(_ entry: Entry) throws {
        let shell = try TestShell()
        let failure = try #require(shell.failure(of: entry.script, name: "<corpus>"), "the script succeeded")
        let text = failure.description
        #expect(text.hasPrefix("<corpus>:"), "\(text)")
        #expect(text.contains(": error: "), "\(text)")
        #expect(text.split(separator: "\n").count >= 3 && text.contains("^"), "no source line and caret: \(text)")
    }
}
