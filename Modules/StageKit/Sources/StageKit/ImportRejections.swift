/// The rows an import rejected, reported the same way by every import command: the first twenty
/// (`rejected line 17, column "Budget": ...`), how many more, a dry run's summary, and the all-or-nothing
/// refusal that rolls the import back.
public struct ImportRejections {
    public private(set) var lines: [String] = []

    public init() {}

    public var count: Int { lines.count }
    public var isEmpty: Bool { lines.isEmpty }

    /// `place` is where the row stands (`line 17`, `item 3`), `reason` what is wrong with it.
    public mutating func reject(_ place: String, _ reason: String) {
        lines.append("\(place)\(reason.hasPrefix(",") ? "" : ": ")\(reason)")
    }

    /// Prints the rejections; for a dry run also the summary. Returns true when it was a dry run.
    public func report(imported: Int, noun: String, dryRun: Bool, to output: any OutputSink) -> Bool {
        for line in lines.prefix(20) { output.line("rejected \(line)") }
        if lines.count > 20 { output.line("… and \(lines.count - 20) more rejected rows") }
        if dryRun { output.line("would import \(imported) \(noun) · \(lines.count) rejected") }
        return dryRun
    }

    /// Refuses the import (so its transaction rolls back) when any row was rejected, unless `partial`.
    public func requireNone(outOf total: Int, partial: Bool = false, argument: String = "file") throws {
        guard !lines.isEmpty, !partial else { return }
        throw CommandError("nothing imported: \(lines.count) of \(total) rows rejected", argument: argument,
                           hint: "fix the rows above")
    }
}
