import Foundation
import FunnelModel
import ShellSyntax
import StageKit
import StageSupport

/// Reads CSV text (through StageKit's `CSVStream`) into a table. Cells
/// stay text except whole numbers without leading zeros (so `00123` survives as text).
enum CSVReader {
    struct Failure: Error, CustomStringConvertible {
        let message: String
        let line: Int
        var description: String { "line \(line): \(message)" }
    }

    static func parse(_ text: String) throws(Failure) -> Table {
        let stream = CSVStream(text: text)
        do {
            guard let header = try stream.next() else { return Table(columns: [], rows: []) }
            var rows: [Record] = []
            while let record = try stream.next() {
                guard record.fields.count == header.fields.count else {
                    throw Failure(message: "\(record.fields.count) fields where the header has \(header.fields.count)", line: record.line)
                }
                rows.append(Record(zip(header.fields, record.fields).map { ($0, cell($1)) }))
            }
            return Table(columns: header.fields, rows: rows)
        } catch let failure as CSVStream.Failure {
            throw Failure(message: failure.message, line: failure.line)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(message: "\(error)", line: 0)
        }
    }

    static func cell(_ text: String) -> Value {
        if text.isEmpty { return .null }
        if let int = Int64(text), !(text.hasPrefix("0") && text.count > 1), !text.hasPrefix("+") { return .int(int) }
        return .string(text)
    }
}
