import FunnelModel
import StageKit

/// Tables as RFC 4180 CSV: a header line, then a line per row; fields with commas, quotes or line
/// breaks quoted. Money is written as `12,345.67 CNY`, which `Money.parse` reads back exactly.
public enum CSVWriter {
    public static func write(_ table: Table) -> String {
        var lines = [table.columns.map(escape).joined(separator: ",")]
        for row in table.rows {
            lines.append(table.columns.map { escape((row[$0] ?? .null).plainText) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n")
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
