import FunnelModel
import StageKit

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

    /// Prints the rejections; for a dry run also the summary, which says what the real run would do:
    /// with rows rejected, import nothing, unless `partial` is true. `partial` is nil for a command
    /// without `--partial`. `noun` is singular (`lead`). Returns true when it was a dry run.
    public func report(imported: Int, noun: String, dryRun: Bool, partial: Bool? = nil, to output: any OutputSink) -> Bool {
        for line in lines.prefix(20) { output.line("rejected \(line)") }
        if lines.count > 20 { output.line("… and \(lines.count - 20) more rejected rows") }
        guard dryRun else { return false }
        if lines.isEmpty || partial == true {
            output.line("would import \(counted(imported, noun)) · \(lines.count) rejected")
        } else {
            output.line("would import nothing: \(lines.count) of \(imported + lines.count) rows rejected"
                + (partial == false && imported > 0 ? " (--partial would import the \(counted(imported, "good row")))" : ""))
        }
        return true
    }

    /// Refuses the import (so its transaction rolls back) when any row was rejected, unless `partial`.
    public func requireNone(outOf total: Int, partial: Bool = false, argument: String = "file") throws {
        guard !lines.isEmpty, !partial else { return }
        throw CommandError("nothing imported: \(lines.count) of \(total) rows rejected", argument: argument,
                           hint: "fix the rows above")
    }
}
