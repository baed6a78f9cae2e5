#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// The CSV file of a receivables import (`invoice import`, `payment import`), read by one rule: the
/// header fitted to the import's fields (`--map` first, then recognised headers), a file without a
/// required column refused with the names accepted for it, the unused columns named, and each row
/// checked for its number of fields before the command reads it.
struct ReceivablesFile {
    let path: String
    let columns: ImportColumns.Resolution
    private let stream: CSVStream

    /// The `--map` flag every receivables import takes.
    static let mapFlag = Flag("map", .string, "Column mapping for headers not recognised, e.g. 'Invoice Date=issued,Client=customer'.")

    /// Opens the file named by the `file` argument and fits its columns to `fields`.
    init(_ invocation: Invocation, fields: [ImportField], output: any OutputSink) throws {
        path = invocation.string("file") ?? ""
        let explicit: [String: String]
        do throws(ImportColumns.MappingError) { explicit = try ImportColumns.pairs(invocation.string("map") ?? "") } catch {
            throw CommandError(error.message, argument: "map")
        }
        let header: [String]
        do {
            stream = try CSVStream(path: path)
            guard let first = try stream.next() else { throw CommandError("\(path) is empty", argument: "file") }
            header = first.fields.map(\.trimmingSpaces)
        } catch let failure as CSVStream.Failure {
            throw CommandError(failure.located(in: path), argument: "file")
        }
        do throws(ImportColumns.Refusal) {
            columns = try ImportColumns.resolve(header: header, fields: fields, explicit: explicit, file: path)
        } catch {
            throw CommandError(error.message, argument: error.argument, hint: error.hint)
        }
        if !columns.unused.isEmpty { output.note("ignored columns: " + columns.unused.joined(separator: ", ")) }
    }

    /// Calls `body` with each row's cells and place (`line 7`); a row with the wrong number of fields
    /// is rejected here. Returns how many rows the file has.
    func eachRow(rejecting rejected: inout ImportRejections, _ body: ([String], String, inout ImportRejections) throws -> Void) throws -> Int {
        var total = 0
        do {
            while let record = try stream.next() {
                total += 1
                let place = "line \(record.line)"
                guard record.fields.count == columns.header.count else {
                    rejected.reject(place, "\(record.fields.count) fields where the header has \(columns.header.count)"); continue
                }
                try body(record.fields, place, &rejected)
            }
        } catch let failure as CSVStream.Failure {
            throw CommandError(failure.located(in: path) + "; nothing was imported", argument: "file")
        }
        return total
    }

    /// `, column "Invoice Date"`: where a rejected cell is, named as the file names it.
    func place(_ field: String) -> String { ", column \"\(columns.column(of: field))\"" }
}
