#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// Turns a command's result into text in the chosen format; `nil` when there is nothing to print.
/// `layout` applies to tables for people only: JSON and CSV always hold every column, and a row of
/// amounts in several currencies as one row per currency.
public enum Renderer {
    public static func render(_ value: Value, as format: OutputFormat, style: TerminalStyle = TerminalStyle(enabled: false)) -> String? {
        render(value, as: format, style: style, layout: .full)
    }

    static func render(_ value: Value, as format: OutputFormat, style: TerminalStyle, layout: TableLayout) -> String? {
        switch format {
        case .table: return TableRenderer.render(value, style: style, layout: layout)
        // A group's amounts in several currencies: a row per currency (CurrencyRows).
        case .csv: return CSVRenderer.render(CurrencyRows.split(value))
        case .json: return value == .null ? nil : CurrencyRows.split(value).json
        }
    }
}
