import Foundation
import FunnelModel
import FunnelTestSupport
import StageCatalog
import ShellEngine
import StageKit
import Testing

/// `stage diagram`: the lifecycle as configured, in the terminal, as Mermaid and as SVG, with a
/// period's counts on the hand-made history ("now" 2026-02-20).
@Suite struct StageDiagramTests {
    @Test func theTerminalDiagramShowsTheStagesGatesExitsAndThePeriodsFlow() throws {
        let shell = try History.shell()
        let text = try shell.run("stage diagram --period 2026-02")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "Flow in 2026-02:")
        // February: D-1 signed 02-01 after 12 days in negotiate; D-6 reached recommend 02-01 (4 days in
        // discover) and negotiate 02-05 (4 days); D-2 lost in recommend 02-01 (11 days); D-1 won 02-05
        // (4 days after signing); L-4 captured; I-1 and I-2 issued, I-1 paid 4 days late, I-2 open.
        #expect(lines.contains("│ screen (bant)                          │ ╌╌▶ disqualified: 0"))
        #expect(lines.contains { $0.contains("│ discover (needs)") && $0.hasSuffix("╌╌▶ lost: 0") })
        #expect(lines.contains { $0.hasSuffix("│ 1 · median 4 d") })
        #expect(lines.contains { $0.contains("│ recommend (needs-match)") && $0.hasSuffix("╌╌▶ lost: 1 · median 11 d") })
        #expect(lines.contains { $0.hasSuffix("╌╌▶ won: 1 · median 4 d") })
        #expect(lines.contains { $0.hasSuffix("│ invoices issued · 2") })
        #expect(lines.contains { $0.hasSuffix("╌╌▶ paid late: 1") } && lines.contains { $0.hasSuffix("╌╌▶ still open: 1") })
        #expect(lines.contains { $0.hasSuffix("│ leads · 1") })
        #expect(lines.contains("↺ revisit → discover: repeat deals"))
        #expect(lines.last(where: { !$0.isEmpty }) == "measured and reviewed by: analyze (journal), review (periodic)")
        // Every box is as wide as the widest line, so the right edges line up.
        let edges = Set(lines.filter { $0.hasPrefix("│ ") }.map { $0.split(separator: "│", omittingEmptySubsequences: false)[1].count })
        #expect(edges.count == 1)
        #expect(shell.failure(of: "stage diagram --period soon")?.description.contains("\"soon\" is not a period") == true)
    }

    @Test func anInsertedStageAndASwappedOneAreDrawnWhereTheyRun() throws {
        let shell = try TestShell(stages: StageCatalog.builtIn + [TrialStage()], now: "2026-02-20")
        _ = try shell.run("stage use screen fit")
        let text = try shell.run("stage diagram")
        #expect(text.contains("│ screen (fit)"))
        let boxes = text.split(separator: "\n").filter { $0.hasPrefix("│ ") && !$0.hasPrefix("│ gate") }.map { $0.dropFirst(2).prefix { $0 != " " } }
        #expect(boxes == ["capture", "screen", "discover", "recommend", "trial", "negotiate", "sign", "payment", "service", "revisit"])
        #expect(text.contains("│ trial (试点)"))
        // The Chinese name takes two columns a character: every box's right edge still lines up.
        func columns(_ line: Substring) -> Int { line.unicodeScalars.reduce(0) { $0 + ((0x4E00...0x9FFF).contains($1.value) ? 2 : 1) } }
        let widths = Set(text.split(separator: "\n").filter { $0.hasPrefix("│ ") }.map { line in columns(line.prefix { $0 != "╌" }.dropLast(line.contains("╌") ? 1 : 0)) })
        #expect(widths.count == 1, "box widths: \(widths)")
        let mermaid = try shell.run("stage diagram --mermaid")
        #expect(mermaid.hasPrefix("flowchart TD\n"))
        #expect(mermaid.contains("screen[\"screen<br/>fit<br/>gate: qualified: a customer and a deal\"]"))
        #expect(mermaid.contains("  discover --> recommend\n"))
        #expect(mermaid.contains("  screen -->|\"qualified\"| discover\n"))
        #expect(mermaid.contains("  revisit -->|\"repeat deals\"| discover\n"))
        #expect(mermaid.contains("([\"paid late\"])"))
    }

    /// docs/analytics.md shows the forms the tests above run.
    @Test func theDocumentShowsTheFormsTheTestsRun() {
        for form in ["stage diagram", "stage diagram --mermaid", "stage diagram --period 2026-02 --svg", "stage diagram --period 2026-02"] {
            #expect(AnalyticsDocFormsTests.document.contains("`\(form)`"), "docs/analytics.md does not show `\(form)`")
        }
    }

    @Test func theSVGIsOneWellFormedImageWithThePeriodsCounts() throws {
        let shell = try History.shell()
        let svg = try shell.run("stage diagram --period 2026-02 --svg")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"lifecycle-diagram\""))
        #expect(svg.contains(">lost: 1 · median 11 d</text>") || svg.contains("lost: 1 · median 11 d"))
        #expect(svg.contains("invoices issued · 2"))
        // Well-formed XML: Python's parser reads it and finds the root.
        let parser = Process()
        parser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        parser.arguments = ["python3", "-c", "import sys, xml.dom.minidom; print(xml.dom.minidom.parseString(sys.stdin.buffer.read()).documentElement.tagName)"]
        let input = Pipe(), output = Pipe()
        parser.standardInput = input
        parser.standardOutput = output
        try parser.run()
        input.fileHandleForWriting.write(Data(svg.utf8))
        try input.fileHandleForWriting.close()
        let root = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        parser.waitUntilExit()
        #expect(parser.terminationStatus == 0 && root == "svg\n")
        #expect(shell.failure(of: "stage diagram --svg --mermaid")?.description.contains("not both") == true)
    }
}

/// A team's own stage between recommend and negotiate.
private struct TrialStage: Stage {
    var descriptor: StageDescriptor {
        StageDescriptor(slot: StageSlot("trial"), implementation: "试点", summary: "A trial.", version: "1", follows: StageSlot("recommend"))
    }
    var commands: [Command] { [] }
}
