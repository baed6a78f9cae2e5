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
/// required column refused with the names accepted for it, columns for custom fields of the entity
/// imported (`--map 'Column=custom.NAME'`, a declared field's name, or every other column with
/// `--keep-extra`, as lead, deal and product imports do), the unused columns named, and each row
/// checked for its number of fields before the command reads it.
struct ReceivablesFile {
    let path: String
    let columns: ImportColumns.Resolution
    /// The entity whose custom fields the file's other columns fill.
    let entity: CustomFields.Entity
    /// The columns that fill custom fields of `entity`.
    let custom: CustomColumns
    private let stream: CSVStream

    /// The `--map` flag every receivables import takes.
    static let mapFlag = Flag("map", .string, "Column mapping for headers not recognised, e.g. 'Invoice Date=issued,Client=customer'; "
        + "'Column=custom.NAME' fills a custom field.")

    /// The `--keep-extra` flag every receivables import takes.
    static let keepExtraFlag = Flag("keep-extra", .bool, "Keep the columns no field of the import takes, each as a text custom field named after its header.")

    /// Opens the file named by the `file` argument and fits its columns to `fields` and to the custom
    /// fields of `entity`.
    init(_ invocation: Invocation, fields: [ImportField], entity: CustomFields.Entity, context: StageContext) throws {
        path = invocation.string("file") ?? ""
        self.entity = entity
        var explicit: [String: String]
        do throws(ImportColumns.MappingError) { explicit = try ImportColumns.pairs(invocation.string("map") ?? "") } catch {
            throw CommandError(error.message, argument: "map")
        }
        let declared = try CustomFields.fields(of: entity, in: context.database)
        let customExplicit = try CustomColumns.takeCustom(from: &explicit, entity: entity, declared: declared, builtInFields: fields.map(\.name))
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
        // A custom field's mapped column is found as the import's own are: by its header, or the same letters and digits.
        var customOfColumn: [String: String] = [:]
        for (column, name) in customExplicit.sorted(by: { $0.key < $1.key }) {
            guard let index = header.firstIndex(of: column) ?? header.firstIndex(where: { ImportColumns.key($0) == ImportColumns.key(column) }) else {
                throw CommandError("\(path) has no column \"\(column)\" (columns: \(header.joined(separator: ", ")))", argument: "map")
            }
            guard !columns.columnOfField.values.contains(index) else {
                throw CommandError("\"\(column)=custom.\(name)\": the column \"\(header[index])\" already fills \(columns.fieldOfColumn[index] ?? "a field")",
                                   argument: "map")
            }
            customOfColumn[header[index]] = name
        }
        let taken = Set(columns.columnOfField.values)
        custom = CustomColumns(header: header, unused: header.indices.filter { !taken.contains($0) }, explicit: customOfColumn, entity: entity,
                               declared: declared, keepExtra: invocation.flag("keep-extra"))
        let ignored = header.indices.filter { !taken.contains($0) && !custom.takes($0) }.map { header[$0] }
        if !ignored.isEmpty {
            context.output.note("ignored columns: " + ignored.joined(separator: ", ") + " (map them with --map 'Column=field', or keep them with --keep-extra)")
        }
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

    /// The row's values for custom fields (a money value naming no currency is in `currency`), or nil
    /// when a cell does not fit its field's type: the row is then rejected with its line and column.
    func customValues(_ cells: [String], place: String, currency: Currency,
                      rejecting rejected: inout ImportRejections) -> [(String, CustomFields.Stored)]? {
        switch custom.values(of: cells, header: columns.header, currency: currency) {
        case .success(let values): return values
        case .failure(let rejection):
            rejected.reject(place, ", column \"\(rejection.column)\": \(rejection.reason)")
            return nil
        }
    }

    /// Declares the custom fields the file makes (`--keep-extra`, `custom.NAME`): once nothing was
    /// rejected, before the first row is written.
    func declareCustomFields(in database: any SQLDatabase) throws {
        try custom.declare(in: database, entity: entity)
    }

    /// Stores one imported row's custom values on the record made of it.
    func setCustomValues(_ values: [(String, CustomFields.Stored)], record: Int64, in database: any SQLDatabase) throws {
        for (field, value) in values { try CustomFields.set(value, field: field, of: entity, record: record, in: database) }
    }

    /// `new custom fields: region (string)`, said after an import that declared fields.
    func noteNewFields(to output: any OutputSink) {
        if let note = custom.newFieldsNote { output.note(note) }
    }
}
