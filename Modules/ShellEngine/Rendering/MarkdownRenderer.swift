#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// Tables as GitHub-flavoured Markdown; `|` in cells escaped.
enum MarkdownRenderer {
    static func render(_ value: Value) -> String? {
        switch value {
        case .null: return nil
        case .table(let table): return render(table)
        default:
            if let rows = value.rows { return render(Table(rows: rows)) }
            return value.plainText
        }
    }

    static func render(_ table: Table) -> String {
        func cell(_ text: String) -> String { text.replacingNewlines.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
        var lines = ["| " + table.columns.map(cell).joined(separator: " | ") + " |",
                     "|" + table.columns.map { _ in "---" }.joined(separator: "|") + "|"]
        for row in table.rows {
            lines.append("| " + table.columns.map { cell((row[$0] ?? .null).plainText) }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
