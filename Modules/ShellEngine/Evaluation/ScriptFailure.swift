#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// A failure while running script text, with what is needed to show it and pick the exit code.
public struct ScriptFailure: Error, CustomStringConvertible {
    public enum Kind: Sendable { case script, database, cancelled }

    public let kind: Kind
    public let diagnostic: Diagnostic
    public let source: SourceFile
    /// The call chain, innermost first: `in lead-vip called at month-end.funnel:3:1`.
    public var notes: [String] = []

    public init(_ kind: Kind, _ diagnostic: Diagnostic, in source: SourceFile) {
        self.kind = kind
        self.diagnostic = diagnostic
        self.source = source
    }

    /// `file:line:col: error: ...`, the line, the caret, any hint, then the call chain: a note
    /// repeated in a row (a `def` calling itself) once with its count, a run of notes repeated in a
    /// row (defs calling each other in a cycle) once with its count, and of a chain longer than
    /// `shownNotes` its two ends.
    public var description: String {
        diagnostic.rendered(in: source) + ScriptFailure.collapse(notes).map { "\n  \($0)" }.joined()
    }

    /// The longest cycle of calls `collapse` looks for.
    static let longestCycle = 8

    /// The call chain with repeats collapsed: `in f, called at a:1:5 (999 times)`, or for a cycle
    /// of several calls, the cycle once then `(the 2 lines above, 499 times over)`.
    static func collapse(_ notes: [String]) -> [String] {
        var lines: [String] = []
        var index = 0
        while index < notes.count {
            // The period that covers the most notes from here by repeating, shortest first at a tie.
            var best: (period: Int, count: Int)?
            for period in 1...max(1, min(longestCycle, (notes.count - index) / 2)) {
                var count = 1
                while index + (count + 1) * period <= notes.count,
                      notes[(index + count * period)..<(index + (count + 1) * period)] == notes[index..<(index + period)] {
                    count += 1
                }
                if count >= 2, period * count > (best.map { $0.period * $0.count } ?? 0) { best = (period, count) }
            }
            guard let (period, count) = best else {
                lines.append(notes[index])
                index += 1
                continue
            }
            if period == 1 {
                lines.append("\(notes[index]) (\(count) times)")
            } else {
                lines += notes[index..<(index + period)]
                lines.append("(the \(period) lines above, \(count) times over)")
            }
            index += period * count
        }
        if lines.count > ScriptFailure.shownNotes {
            let half = ScriptFailure.shownNotes / 2
            lines = lines.prefix(half) + ["... \(lines.count - 2 * half) more ..."] + lines.suffix(half)
        }
        return lines
    }

    /// How many lines of call chain an error shows at most.
    static let shownNotes = 20

    /// The process exit code for this failure: 1 for script errors, 3 for database errors, 130 for Ctrl-C.
    public var exitCode: Int32 {
        switch kind {
        case .script: return ExitCode.scriptError
        case .database: return ExitCode.databaseError
        case .cancelled: return ExitCode.interrupted
        }
    }
}

/// Funnel's documented exit codes.
public enum ExitCode {
    public static let ok: Int32 = 0
    /// A command in the script failed, or the script does not parse.
    public static let scriptError: Int32 = 1
    /// `funnel` itself was called wrongly (unknown option, missing file).
    public static let usageError: Int32 = 2
    /// The database could not be opened, migrated or written.
    public static let databaseError: Int32 = 3
    /// Stopped by Ctrl-C.
    public static let interrupted: Int32 = 130
}
