#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// Turns a command's result into text in the chosen format; `nil` when there is nothing to print.
/// `layout` applies to tables for people only: JSON and CSV always hold every column.
public enum Renderer {
    public static func render(_ value: Value, as format: OutputFormat, style: TerminalStyle = TerminalStyle(enabled: false)) -> String? {
        render(value, as: format, style: style, layout: .full)
    }

    static func render(_ value: Value, as format: OutputFormat, style: TerminalStyle, layout: TableLayout) -> String? {
        switch format {
        case .table: return TableRenderer.render(value, style: style, layout: layout)
        case .csv: return CSVRenderer.render(value)
        case .json: return value == .null ? nil : value.json
        }
    }
}
