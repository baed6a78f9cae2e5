import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// Reads RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes) into a table. Cells
/// stay text except whole numbers without leading zeros (so `00123` survives as text).
enum CSVReader {
    struct Failure: Error, CustomStringConvertible {
        let message: String
        let line: Int
        var description: String { "line \(line): \(message)" }
    }

    static func parse(_ text: String) throws(Failure) -> Table {
        var records: [[String]] = []
        var lineNumbers: [Int] = []
        var field: [Character] = []
        var row: [String] = []
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var index = text.startIndex
        var quotedFieldStart = 0
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            if inQuotes {
                if character == "\"" {
                    if index < text.endIndex, text[index] == "\"" { field.append("\""); index = text.index(after: index) }
                    else { inQuotes = false }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty:
                inQuotes = true
                quotedFieldStart = line
            case ",":
                row.append(String(field)); field = []
            case "\n", "\r\n", "\r":
                row.append(String(field)); field = []
                if !(row.count == 1 && row[0].isEmpty) { records.append(row); lineNumbers.append(rowLine) }
                row = []
                line += 1
                rowLine = line
            default:
                field.append(character)
            }
        }
        if inQuotes { throw Failure(message: "a quoted field is not closed", line: quotedFieldStart) }
        if !field.isEmpty || !row.isEmpty {
            row.append(String(field))
            records.append(row)
            lineNumbers.append(rowLine)
        }
        guard let header = records.first else { return Table(columns: [], rows: []) }
        var rows: [Record] = []
        for (offset, cells) in records.dropFirst().enumerated() {
            guard cells.count == header.count else {
                throw Failure(message: "\(cells.count) fields where the header has \(header.count)", line: lineNumbers[offset + 1])
            }
            rows.append(Record(zip(header, cells).map { ($0, cell($1)) }))
        }
        return Table(columns: header, rows: rows)
    }

    static func cell(_ text: String) -> Value {
        if text.isEmpty { return .null }
        if let int = Int64(text), !(text.hasPrefix("0") && text.count > 1), !text.hasPrefix("+") { return .int(int) }
        return .string(text)
    }
}
