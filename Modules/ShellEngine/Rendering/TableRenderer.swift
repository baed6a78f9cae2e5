#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// Renders values for people: tables with columns aligned by display width (CJK takes two
/// columns), numbers and money right-aligned, records as two columns, scalars as plain text. A
/// `TableLayout` may pick the columns, fit the lines to the terminal or give each record a block.
enum TableRenderer {
    static func render(_ value: Value, style: TerminalStyle = TerminalStyle(enabled: false), layout: TableLayout = .full) -> String? {
        switch value {
        case .null: return nil
        case .table(let table): return render(table, style: style, layout: layout)
        case .record(let record):
            let rows = record.fields.map { Record([("field", .string($0.name)), ("value", $0.value)]) }
            return render(Table(columns: ["field", "value"], rows: rows), header: false, layout: TableLayout(width: layout.width))
        case .list(let items):
            if let rows = value.rows, !rows.isEmpty { return render(Table(rows: rows), style: style, layout: layout) }
            return items.map(\.plainText).joined(separator: "\n")
        default: return value.plainText
        }
    }

    static func render(_ table: Table, header: Bool = true, style: TerminalStyle = TerminalStyle(enabled: false),
                       layout: TableLayout = .full) -> String {
        guard !table.rows.isEmpty else { return "(no rows)" }
        if layout.expanded { return expanded(table, style: style, width: layout.width) }
        var columns = layout.columns ?? table.columns
        let hidden = table.columns.count - columns.count
        let naturalWidths = columns.map { column in
            table.rows.reduce(header ? DisplayWidth.of(column) : 0) { max($0, DisplayWidth.of(cellText($1[column] ?? .null))) }
        }
        var rightAligned = columns.map { column in
            header && table.rows.contains { row in
                switch row[column] {
                case .int?, .money?: return true
                default: return false
                }
            }
        }
        var widths = naturalWidths
        if let width = layout.width {
            // A number or an amount is never cut: a column of them is left out whole instead.
            let minimums = naturalWidths.indices.map { rightAligned[$0] ? naturalWidths[$0] : min(naturalWidths[$0], TableLayout.minimumColumnWidth) }
            widths = fit(naturalWidths, minimums: minimums, into: width)
        }
        let dropped = columns.count - widths.count
        columns.removeLast(dropped)
        rightAligned.removeLast(dropped)
        var lines: [String] = []
        if header {
            lines.append(style.header(format(columns, widths: widths, rightAligned: rightAligned)))
        }
        for row in table.rows {
            lines.append(format(columns.map { cellText(row[$0] ?? .null) }, widths: widths, rightAligned: rightAligned))
        }
        if hidden + dropped > 0 {
            let more = hidden + dropped == 1 ? "1 more column" : "\(hidden + dropped) more columns"
            let note = "(\(more): " + (hidden > 0 ? "--wide, " : "") + "--expand or select shows them)"
            lines.append(style.dimmed(layout.width.map { TableLayout.truncate(note, to: $0) } ?? note))
        }
        return lines.joined(separator: "\n")
    }

    /// Column widths that fit `width` with two spaces between columns: the widest columns are cut
    /// first, none below its minimum (`TableLayout.minimumColumnWidth` by default); columns that still
    /// do not fit are left out from the right (fewer widths are returned).
    static func fit(_ natural: [Int], minimums given: [Int]? = nil, into width: Int) -> [Int] {
        func total(_ widths: some Collection<Int>) -> Int { widths.reduce(0, +) + 2 * max(0, widths.count - 1) }
        let minimums = given ?? natural.map { min($0, TableLayout.minimumColumnWidth) }
        var kept = natural.count
        while kept > 1, total(minimums.prefix(kept)) > width { kept -= 1 }
        var widths = Array(natural.prefix(kept))
        var excess = total(widths) - width
        if kept == 1 { return [min(widths[0], max(1, width))] }
        while excess > 0 {
            // Cut the widest column down to the next widest (or by what is still too much).
            guard let widest = widths.indices.filter({ widths[$0] > minimums[$0] }).max(by: { widths[$0] < widths[$1] }) else { break }
            let next = widths.indices.filter { $0 != widest }.map { widths[$0] }.max() ?? 0
            let cut = min(excess, widths[widest] - max(minimums[widest], min(next, widths[widest] - 1)))
            widths[widest] -= max(1, cut)
            excess -= max(1, cut)
        }
        return widths
    }

    /// One block per record, a line per field, as psql's expanded display (`\x`): every column.
    private static func expanded(_ table: Table, style: TerminalStyle, width: Int?) -> String {
        let nameWidth = table.columns.map(DisplayWidth.of).max() ?? 0
        let valueWidth = width.map { max(TableLayout.minimumColumnWidth, $0 - nameWidth - 2) }
        var lines: [String] = []
        for (index, row) in table.rows.enumerated() {
            let title = "-[ RECORD \(index + 1) ]"
            lines.append(style.header(title + String(repeating: "-", count: max(0, min(width ?? 40, 40) - title.count))))
            for column in table.columns {
                var value = cellText(row[column] ?? .null)
                if let valueWidth { value = TableLayout.truncate(value, to: valueWidth) }
                var line = column + String(repeating: " ", count: nameWidth - DisplayWidth.of(column)) + "  " + value
                while line.last == " " { line.removeLast() }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func cellText(_ value: Value) -> String {
        value.plainText.replacingNewlines
    }

    private static func format(_ cells: [String], widths: [Int], rightAligned: [Bool]) -> String {
        var line = ""
        for (index, whole) in cells.enumerated() {
            let cell = TableLayout.truncate(whole, to: widths[index])
            let padding = String(repeating: " ", count: max(0, widths[index] - DisplayWidth.of(cell)))
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
