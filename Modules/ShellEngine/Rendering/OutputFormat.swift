import Foundation
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
