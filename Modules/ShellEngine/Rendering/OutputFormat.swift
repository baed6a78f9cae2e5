#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// How a command's result is printed.
public enum OutputFormat: String, Sendable {
    /// Aligned columns for people.
    case table
    case json
    case csv
}

/// How a table for people is shown instead of the default (`--wide`, `--expand` on any command).
enum TableView: Sendable {
    /// Every column on a line of its own per row, cut to the terminal's width.
    case wide
    /// One block per record, a line per field.
    case expanded
}

extension CommandSignature {
    /// The flags every command takes, which the shell handles: how results are shown.
    static let shellFlags = ["json", "csv", "wide", "expand"]
}
