#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// `lead import FILE`: leads from a CSV or JSON export of another tool, validated row by row, in one
/// transaction (all or nothing, unless `--partial`), with every rejected row reported by line and
/// column, and possible duplicates reported, not merged.
enum LeadImportCommand {
    static let command = Command(CommandSignature(
        "lead import",
        summary: "Import leads from a CSV or JSON file, reporting every rejected row and possible duplicates.",
        positionals: [Positional("file", .file, "The CSV or JSON file (an array of objects).")],
        flags: [
            Flag("map", .string, "Column mapping, e.g. 'Company Name=company,Lead Source=source'."),
            Flag("mapping", .file, "A file of Column=field lines (# comments allowed)."),
            ImportColumns.nullFlag,
            Flag("source", .string, "The source of leads whose row gives none (default: import)."),
            Flag("campaign", .string, "The campaign of leads whose row gives none."),
            Flag("format", .choice(["csv", "json"]), "The file's format when its extension does not say."),
            Flag("partial", .bool, "Import the good rows even when some are rejected."),
            Flag("currency", .string, "The currency of budgets that name none (default CNY)."),
            Flag("keep-extra", .bool, "Keep the columns no lead field takes, each as a text custom field named after its header."),
            Flag("quiet", .bool, "Leave out the data-quality notes (blanks, placeholders, near-duplicate names)."),
        ],
        output: .nothing, impact: .high,
        examples: [
            Example("lead import expo.csv --map 'Company=company,Budget (CNY)=budget' --null Select --dry-run",
                    "Check a file without importing it.",
                    setup: "[{Company: Acme, 'Budget (CNY)': 5000}] | save expo.csv --force"),
            Example("lead import crm.json --partial --yes", "Import the good rows of a JSON export.",
                    setup: "[{name: Acme, email: a@acme.example}] | save crm.json --force"),
        ],
        importFields: importFields)) { invocation, context in
        let path = invocation.string("file") ?? ""
        var explicit: [String: String] = [:]
        if let mappingFile = invocation.string("mapping") {
            guard let data = FileManager.default.contents(atPath: mappingFile) else {
                throw CommandError("cannot read \(mappingFile)", argument: "mapping")
            }
            let text: String
            do throws(UnicodeText.Refusal) { text = try UnicodeText.decode(data) } catch { throw CommandError("\(mappingFile): \(error.description)", argument: "mapping") }
            do throws(ImportColumns.MappingError) { explicit = try ImportColumns.pairs(text, file: mappingFile) } catch {
                throw CommandError(error.message, argument: "mapping")
            }
        }
        if let map = invocation.string("map") {
            do throws(ImportColumns.MappingError) { explicit.merge(try ImportColumns.pairs(map)) { _, new in new } } catch {
                throw CommandError(error.message, argument: "map")
            }
        }
        let declared = try CustomFields.fields(of: .lead, in: context.database)
        let customExplicit = try CustomColumns.takeCustom(from: &explicit, entity: .lead, declared: declared, builtInFields: fieldNames)
        let format = invocation.string("format") ?? (path.lowercased().hasSuffix(".json") ? "json" : "csv")
        let rows: any ImportRows
        do {
            rows = format == "json" ? try JSONRows(path: path) : try CSVRows(path: path)
        } catch let failure as ImportFailure {
            throw CommandError("\(path): \(failure.message)", argument: "file")
        }
        // A mapping refused is blamed on --map when it is given, else on the mapping file.
        let mapArgument = invocation.string("map") != nil ? "map" : "mapping"
        let columns: ImportColumns.Resolution
        do throws(ImportColumns.Refusal) {
            columns = try ImportColumns.resolve(header: rows.header, fields: importFields, explicit: explicit, file: path, noun: "lead")
        } catch {
            throw CommandError(error.message, argument: error.argument == "map" ? mapArgument : error.argument, hint: error.hint)
        }
        guard columns.has("name") || columns.has("company") else {
            throw CommandError("no column gives the lead's name or company (columns: \(rows.header.joined(separator: ", ")))",
                               argument: "file", hint: "map one with --map 'Column=name'")
        }
        for column in customExplicit.keys where !rows.header.contains(column) {
            throw CommandError("\(path) has no column \"\(column)\" (columns: \(rows.header.joined(separator: ", ")))", argument: mapArgument)
        }
        let fieldOfColumn = columns.fieldOfColumn
        let custom = CustomColumns(header: rows.header, unused: rows.header.indices.filter { fieldOfColumn[$0] == nil },
                                   explicit: customExplicit, entity: .lead, declared: declared, keepExtra: invocation.flag("keep-extra"))
        try custom.declare(in: context.database, entity: .lead)
        let currency = try invocation.currency("currency")
        let placeholders = ImportColumns.placeholders(invocation.string("null"))
        let reader = LeadRowReader(fieldOfColumn: fieldOfColumn, header: rows.header, placeholders: placeholders,
                                   defaultSource: LeadFields.normalizedSource(invocation.string("source") ?? "import"),
                                   defaultCampaign: invocation.string("campaign"), currency: currency)
        // Reading and checking rows runs on a thread of its own while this one inserts them.
        let tally = ImportTally(quality: invocation.flag("quiet") ? nil : ImportQuality(header: rows.header, nullTexts: placeholders))
        let dryRun = invocation.isDryRun
        let producer = ProducerThread<ImportTally.Batch> { emit in
            var batch = ImportTally.Batch()
            while let row = try rows.next() {
                tally.total += 1
                tally.quality?.count(row.cells)
                if row.cells.count != rows.header.count {
                    tally.rejected.reject(row.place, "\(row.cells.count) fields where the header has \(rows.header.count)")
                } else {
                    switch reader.lead(from: row.cells) {
                    case .failure(let rejection):
                        tally.rejected.reject(row.place, ", column \"\(rejection.column)\": \(rejection.reason)")
                    case .success(let read):
                        switch custom.values(of: row.cells, header: rows.header, placeholders: placeholders, currency: currency) {
                        case .failure(let rejection):
                            tally.rejected.reject(row.place, ", column \"\(rejection.column)\": \(rejection.reason)")
                        case .success(let values):
                            tally.imported += 1
                            if read.lead.status != .new {
                                tally.outcomes += 1
                                if read.lead.status == .converted { tally.converted += 1 }
                            }
                            if !dryRun {
                                batch.rows.append(LeadTable.arguments(of: read.lead))
                                batch.custom.append(values)
                                if read.lead.status != .new {
                                    batch.outcomes.append((batch.rows.count - 1, read.lead.status == .converted, read.decided))
                                }
                            }
                        }
                    }
                }
                batch.read += 1
                if batch.read == ImportTally.Batch.size {
                    batch.fraction = rows.fraction
                    guard emit(batch) else { return }
                    batch = ImportTally.Batch()
                }
            }
            if batch.read > 0 { _ = emit(batch) }
        }
        defer { producer.finish() }
        var firstID: Int64?, lastID: Int64?
        do {
          try LeadTable.bulkLoad(expectedRows: invocation.isDryRun ? 0 : rows.estimatedCount, in: context.database) {
            var batches = 0
            while let batch = try producer.next() {
                try context.checkCancelled()
                var outcomes = batch.outcomes.makeIterator()
                var outcome = outcomes.next()
                // A batch at a time: PostgreSQL copies it in (COPY), SQLite inserts it row by row.
                let ids = try LeadTable.insert(rows: batch.rows, in: context.database)
                if firstID == nil { firstID = ids.first }
                lastID = ids.last ?? lastID
                let customRows = zip(ids, batch.custom).flatMap { id, values in
                    values.map { field, value in value.arguments(entity: .lead, field: field, record: id) }
                }
                if !customRows.isEmpty { try CustomFields.insertNew(rows: customRows, in: context.database) }
                for (index, id) in ids.enumerated() {
                    if let known = outcome, known.row == index {
                        // The imported outcome, journaled on the day it was decided (else now).
                        try context.journal("lead.outcome", subject: EntityID(.lead, id), details: Record([
                            ("outcome", .string(known.converted ? "converted" : "not converted")), ("imported", .string(path)),
                        ]), at: known.decided)
                        outcome = outcomes.next()
                    }
                }
                batches += 1
                if batches % 20 == 0 { context.output.progress(batch.fraction, "importing \(path)") }
            }
          }
        } catch let failure as ImportFailure {
            context.output.progress(1, "")
            throw CommandError("\(path): \(failure.message); nothing was imported", argument: "file")
        }
        producer.finish()
        let (imported, total, rejected) = (tally.imported, tally.total, tally.rejected)
        context.output.progress(1, "")
        let ignored = rows.header.indices.filter { fieldOfColumn[$0] == nil && !custom.takes($0) }.map { rows.header[$0] }
        if !ignored.isEmpty {
            context.output.note("ignored columns: " + ignored.joined(separator: ", ") + " (map them with --map 'Column=field', or keep them with --keep-extra)")
        }
        if !custom.newFields.isEmpty, rejected.isEmpty || invocation.flag("partial") {
            context.output.note("new custom fields: " + custom.newFields.map { "\($0.name) (\($0.type.rawValue))" }.joined(separator: ", "))
        }
        if rejected.report(imported: imported, noun: "lead", dryRun: invocation.isDryRun, partial: invocation.flag("partial"), to: context.output) {
            for line in tally.quality?.notes() ?? [] { context.output.note("data quality: " + line) }
            return .null
        }
        do { try rejected.requireNone(outOf: total, partial: invocation.flag("partial")) } catch let error as CommandError {
            throw CommandError(error.message, argument: "file", hint: "fix the rows above, or add --partial to import the good ones")
        }
        var duplicates: Int64 = 0
        var quality = tally.quality?.notes() ?? []
        if let firstID, let lastID {
            if tally.quality != nil {
                let found = try ImportQuality.duplicates(in: context.database, since: firstID)
                duplicates = found.shared
                quality += found.notes
            } else {
                duplicates = try DuplicateFinder.sharedKeyCount(in: context.database, since: firstID)
            }
            try context.journal("lead.imported", subject: EntityID(.lead, firstID), details: Record([
                ("file", .string(path)), ("imported", .int(Int64(imported))), ("rejected", .int(Int64(rejected.count))),
                ("first", .id(EntityID(.lead, firstID))), ("last", .id(EntityID(.lead, lastID))),
            ]))
        }
        if tally.outcomes > 0 {
            context.output.note("\(counted(tally.outcomes, "lead")) with an outcome: \(tally.converted) converted (status converted, without a deal), "
                + "\(tally.outcomes - tally.converted) not (disqualified); screen train learns from them")
        }
        context.output.line("imported \(counted(imported, "lead")) · \(rejected.count) rejected"
            + (duplicates > 0 ? " · possible duplicates: \(counted(duplicates, "e-mail, phone or company", plural: "e-mails, phones or companies")) "
                + "shared (see: lead dupes)" : ""))
        for line in quality { context.output.note("data quality: " + line) }
        return .null
    }
}

/// What the reading thread of `lead import` counted, read by the command once that thread has ended;
/// and the batches of checked rows it hands over for inserting.
private final class ImportTally: @unchecked Sendable {
    struct Batch {
        static let size = 1000
        var rows: [[SQLValue]] = []
        /// The rows (positions in `rows`) imported with an outcome: converted or not, and the day decided.
        var outcomes: [(row: Int, converted: Bool, decided: Date?)] = []
        /// Each row's custom field values, beside `rows`.
        var custom: [[(String, CustomFields.Stored)]] = []
        /// Rows read from the file for this batch, imported or rejected.
        var read = 0
        var fraction = 0.0
    }

    init(quality: ImportQuality?) { self.quality = quality }

    var total = 0
    var imported = 0
    /// Blanks and placeholders per column, counted as rows are read (nil with `--quiet`).
    var quality: ImportQuality?
    /// Leads imported with an outcome, and of those the converted.
    var outcomes = 0
    var converted = 0
    var rejected = ImportRejections()
}
