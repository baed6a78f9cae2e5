#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// `review run --period 2026-Q3`: builds the period's process review and returns its findings;
/// `--markdown FILE` and `--html FILE` also write it for people to read.
enum ReviewRunCommand {
    static let command = Command(CommandSignature(
        "review run",
        summary: "Review a period against the previous one: figures, bottlenecks, weak segments, receivables, service; findings in plain language.",
        flags: [
            Flag("period", .string, "The period reviewed: 2026, 2026-H1, 2026-Q3 or 2026-07 (default: the last full quarter)."),
            Flag("markdown", .file, "Also write the review as Markdown to this file."),
            Flag("html", .file, "Also write the review as one self-contained HTML page with SVG charts."),
            Flag("force", .bool, "Overwrite the files if they exist."),
        ],
        output: .table,
        examples: [
            Example("review run --period 2026-Q1", "The first quarter's findings."),
            Example("review run --period 2026-Q1 --html q1-review.html --markdown q1-review.md --force", "Write the review for the team."),
        ])) { invocation, context in
        let period = try invocation.string("period").map { try ReportPeriod.parse($0, argument: "period") }
            ?? lastFullQuarter(before: context.clock.now)
        let force = invocation.flag("force")
        let outputs = [("markdown", invocation.string("markdown")), ("html", invocation.string("html"))].compactMap { flag, path in path.map { (flag, $0) } }
        for (flag, path) in outputs { try located(flag) { try OutputFile.check(path, force: force) } }
        let review = try ReviewBuilder.build(context, period: period, withDiagram: !outputs.isEmpty)
        if invocation.isDryRun {
            for (_, path) in outputs { context.output.line("would write \(path)") }
        } else {
            for (flag, path) in outputs {
                let text = flag == "html" ? ReviewDocument.html(review) : ReviewDocument.markdown(review)
                try located(flag) { try OutputFile.write(text, to: path) }
                context.output.line("wrote \(path)")
            }
        }
        return .table(Table(columns: ["section", "finding"], rows: review.findings.map {
            Record([("section", .string($0.section)), ("finding", .string($0.text))])
        }))
    }

    /// The quarter before the one `now` falls in.
    static func lastFullQuarter(before now: Date) -> ReportPeriod {
        let (year, month, _) = Day.components(now)
        let index = year * 4 + (month - 1) / 3 - 1
        return ReportPeriod.parse("\(index / 4)-Q\(index % 4 + 1)") ?? .everything
    }

    /// Runs a file check or write, pointing its error at the flag that named the file.
    private static func located(_ flag: String, _ body: () throws -> Void) throws {
        do { try body() } catch let error as CommandError {
            throw CommandError(error.message, argument: flag, hint: error.hint)
        }
    }
}
