import FunnelModel
import StageKit

/// Tables as RFC 4180 CSV that a spreadsheet, `\copy` and Funnel itself read back: a header line,
/// then a line per row; fields with commas, quotes or line breaks quoted.
///
/// - Money is a plain number in major units (`50000.00`, no grouping) with its currency in a column
///   of its own named after the money column (`budget,budget_currency` → `50000.00,CNY`). The
///   `open`/`from csv` readers and `lead import` join the pair back into money.
/// - Dates are ISO 8601 (`2026-01-31`, or `2026-01-31T09:30:00Z` when they have a time).
/// - Lists and records are one cell of JSON text (`["vip","expo"]`), which `open` and `from csv`
///   read back as a list or record.
public enum CSVWriter {
    /// The suffix of the column that holds a money column's currency: `budget` → `budget_currency`.
    public static let currencySuffix = "_currency"

    public static func write(_ table: Table) -> String {
        let names = Set(table.columns)
        // A money column is split in two unless its currency column's name is taken already.
        let split = table.columns.map { column in
            !names.contains(column + currencySuffix) && table.rows.contains { if case .money? = $0[column] { true } else { false } }
        }
        var header: [String] = []
        for (column, isMoney) in zip(table.columns, split) {
            header.append(escape(column))
            if isMoney { header.append(escape(column + currencySuffix)) }
        }
        var lines = [header.joined(separator: ",")]
        lines.reserveCapacity(table.rows.count + 1)
        for row in table.rows {
            var fields: [String] = []
            fields.reserveCapacity(header.count)
            for (column, isMoney) in zip(table.columns, split) {
                let value = row[column] ?? .null
                if isMoney {
                    if case .money(let money) = value {
                        fields.append(money.plainAmount)
                        fields.append(money.currency.code)
                    } else {
                        fields.append(escape(cell(value)))
                        fields.append("")
                    }
                } else {
                    fields.append(escape(cell(value)))
                }
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    /// One value as the text of a CSV field (not yet quoted): lists and records as JSON, money
    /// outside a table as `50000.00 CNY` (which `Money.parse` reads), anything else as plain text.
    public static func cell(_ value: Value) -> String {
        switch value {
        case .list, .record, .table: return value.json
        case .money(let money): return money.plainAmount + " " + money.currency.code
        default: return value.plainText
        }
    }

    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        var out = "\""
        for character in field {
            if character == "\"" { out += "\"\"" } else { out.append(character) }
        }
        return out + "\""
    }
}
