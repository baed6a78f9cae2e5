import Foundation
import FunnelTestSupport
import ShellEngine
import Testing

/// Runs every example in docs/language.md: a ```funnel block must succeed and a ```funnel-error block
/// must fail; when an ```output block follows, what was printed (or the error) must match it exactly.
/// A ```funnel-terminal block runs as at a terminal 60 columns wide.
@Suite struct LanguageDocTests {
    struct Example: CustomTestStringConvertible {
        let line: Int
        let script: String
        let expectsError: Bool
        let atTerminal: Bool
        let output: String?
        var testDescription: String { "docs/language.md:\(line)" }
    }

    static let examples: [Example] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/language.md").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        let lines = text.components(separatedBy: "\n")
        var blocks: [(kind: String, line: Int, body: String)] = []
        var index = 0
        while index < lines.count {
            if lines[index].hasPrefix("```"), lines[index].count > 3 {
                let kind = String(lines[index].dropFirst(3))
                let start = index + 1
                var end = start
                while end < lines.count, lines[end] != "```" { end += 1 }
                blocks.append((kind, start, lines[start..<min(end, lines.count)].joined(separator: "\n")))
                index = end + 1
            } else {
                index += 1
            }
        }
        var examples: [Example] = []
        for (position, block) in blocks.enumerated() where ["funnel", "funnel-error", "funnel-terminal"].contains(block.kind) {
            let next = position + 1 < blocks.count ? blocks[position + 1] : nil
            examples.append(Example(line: block.line, script: block.body, expectsError: block.kind == "funnel-error",
                                    atTerminal: block.kind == "funnel-terminal", output: next?.kind == "output" ? next?.body : nil))
        }
        return examples
    }()

    @Test func theReferenceHasExamples() {
        #expect(Self.examples.count >= 12)
    }

    @Test(arguments: examples)
    func exampleRunsAsDocumented(_ example: Example) throws {
        let shell = try TestShell()
        if example.atTerminal { shell.session.terminalSize = { TerminalSize(columns: 60, rows: nil) } }
        if example.expectsError {
            let failure = try #require(shell.failure(of: example.script, name: "<doc>"), "expected an error")
            if let output = example.output { #expect(failure.description == output) }
        } else {
            do {
                try shell.run(example.script, name: "<doc>")
            } catch {
                Issue.record("example failed: \(error)")
                return
            }
            if let output = example.output { #expect(shell.printed == output + "\n") }
        }
    }
}
