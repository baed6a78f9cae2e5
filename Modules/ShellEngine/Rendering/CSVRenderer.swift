import StageKit
import StageSupport

/// Values as CSV, through StageKit's `CSVWriter`: tables and lists of records as rows, anything else
/// as one field (money, dates and lists as `CSVWriter` writes them).
enum CSVRenderer {
    static func render(_ value: Value) -> String? {
        switch value {
        case .null: return nil
        case .table(let table): return CSVWriter.write(table)
        default:
            if let rows = value.rows { return CSVWriter.write(Table(rows: rows)) }
            return CSVWriter.escape(CSVWriter.cell(value))
        }
    }
}
