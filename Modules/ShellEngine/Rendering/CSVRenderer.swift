import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// RFC 4180 CSV: a header row, then one row per record; fields with commas, quotes or newlines quoted.
/// Money is written as `12,345.67 CNY` (quoted), which `Money.parse` reads back exactly.
enum CSVRenderer {
    static func render(_ value: Value) -> String? {
        switch value {
        case .null: return nil
        case .table(let table): return render(table)
        default:
            if let rows = value.rows { return render(Table(rows: rows)) }
            return escape(value.plainText)
        }
    }

    static func render(_ table: Table) -> String {
        var lines = [table.columns.map(escape).joined(separator: ",")]
        for row in table.rows {
            lines.append(table.columns.map { column in
                let value = row[column] ?? .null
                if case .money(let money) = value { return escape(money.formatted) }
                return escape(value.plainText)
            }.joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingQuotes + "\""
    }
}

extension String {
    var replacingQuotes: String {
        var out = ""
        for character in self {
            if character == "\"" { out += "\"\"" } else { out.append(character) }
        }
        return out
    }
}
