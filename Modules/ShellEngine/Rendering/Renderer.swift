import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// Turns a command's result into text in the chosen format; `nil` when there is nothing to print.
public enum Renderer {
    public static func render(_ value: Value, as format: OutputFormat, style: TerminalStyle = TerminalStyle(enabled: false)) -> String? {
        switch format {
        case .table: return TableRenderer.render(value, style: style)
        case .csv: return CSVRenderer.render(value)
        case .json: return value == .null ? nil : value.json
        }
    }
}
