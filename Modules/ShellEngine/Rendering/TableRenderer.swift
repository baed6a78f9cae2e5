import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// Renders values for people: tables with columns aligned by display width (CJK takes two
/// columns), numbers and money right-aligned, records as two columns, scalars as plain text.
enum TableRenderer {
    static func render(_ value: Value, style: TerminalStyle = TerminalStyle(enabled: false)) -> String? {
        switch value {
        case .null: return nil
        case .table(let table): return render(table, style: style)
        case .record(let record):
            let rows = record.fields.map { Record([("field", .string($0.name)), ("value", $0.value)]) }
            return render(Table(columns: ["field", "value"], rows: rows), header: false)
        case .list(let items):
            if let rows = value.rows, !rows.isEmpty { return render(Table(rows: rows), style: style) }
            return items.map(\.plainText).joined(separator: "\n")
        default: return value.plainText
        }
    }

    static func render(_ table: Table, header: Bool = true, style: TerminalStyle = TerminalStyle(enabled: false)) -> String {
        guard !table.rows.isEmpty else { return "(no rows)" }
        let columns = table.columns
        let cells = table.rows.map { row in columns.map { cellText(row[$0] ?? .null) } }
        var widths = columns.map { header ? DisplayWidth.of($0) : 0 }
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }
        let rightAligned = columns.map { column in
            header && table.rows.contains { row in
                switch row[column] {
                case .int?, .money?: return true
                default: return false
                }
            }
        }
        var lines: [String] = []
        if header {
            lines.append(style.header(format(columns, widths: widths, rightAligned: rightAligned)))
        }
        for row in cells { lines.append(format(row, widths: widths, rightAligned: rightAligned)) }
        return lines.joined(separator: "\n")
    }

    private static func cellText(_ value: Value) -> String {
        value.plainText.replacingNewlines
    }

    private static func format(_ cells: [String], widths: [Int], rightAligned: [Bool]) -> String {
        var line = ""
        for (index, cell) in cells.enumerated() {
            let padding = String(repeating: " ", count: widths[index] - DisplayWidth.of(cell))
            if index > 0 { line += "  " }
            line += rightAligned[index] ? padding + cell : cell + padding
        }
        while line.last == " " { line.removeLast() }
        return line
    }
}

extension String {
    var replacingNewlines: String {
        String(map { $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }
}
