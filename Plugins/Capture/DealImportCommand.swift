#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// `deal import FILE`: historical deals from another CRM (CSV): customer, title, owner, product,
/// stage reached, won/lost/open, dates entered and closed, value, lost reason — so a team's history
/// can be analysed in Funnel. Customers are matched by name or created. All or nothing.
enum DealImportCommand {
    /// The built-in lifecycle, for help; an import reads the registered one (`context.lifecycle`),
    /// so a team's own stage (say `trial` after `recommend`) is a stage a file may name.
    static let stages = ["capture", "screen", "discover", "recommend", "negotiate", "sign", "payment", "service", "revisit"]
    static let statuses = ["open": "open", "won": "won", "closed won": "won", "closedwon": "won",
                           "lost": "lost", "closed lost": "lost", "closedlost": "lost"]
    static let command = Command(CommandSignature(
        "deal import",
        summary: "Import historical deals from another CRM's CSV: customer, owner, product, stage, outcome, dates, value.",
        positionals: [Positional("file", .file, "The CSV file.")],
        flags: [Flag("map", .string, "Column mapping, e.g. 'Account Name=customer,Amount=value'."),
                Flag("map-values", .string, "Values of a column, e.g. 'Deal Stage:Engaging=discover,Won=won' (several columns separated by ';')."),
                Flag("currency", .string, "The currency of values that name none (default CNY); a currency column wins."),
                Flag("partial", .bool, "Import the good rows even when some are rejected."),
                Flag("keep-extra", .bool, "Keep the columns no deal field takes, each as a text custom field named after its header."),
                Flag("missing-customer", .string, "The customer to file deals under when their row names none, e.g. '(no account)'; without it such rows are refused."),
                Flag("quiet", .bool, "Leave out the data-quality notes (blanks, placeholders, unknown products).")],
        output: .nothing, impact: .high,
        examples: [Example("deal import history.csv --dry-run", "Check a history file.",
                           setup: "[{customer: Acme, status: won, value: 5000, created: 2025-03-01, closed: 2025-04-10, stage: sign}] | save history.csv --force"),
                   Example("deal import export.csv --map 'Deal Stage=stage' --map-values 'Deal Stage:Engaging=discover,Prospecting=discover,Won=won,Lost=lost' --currency USD",
                           "An export mixing outcome and stage in one column, in dollars.",
                           setup: "[{customer: Acme, \"Deal Stage\": Won, value: 5000, created: 2025-03-01, closed: 2025-04-10}] | save export.csv --force")],
        importFields: importFields)) { invocation, context in
        let path = invocation.string("file") ?? ""
        let stages = lifecycleStages(context)
        let missingCustomer = invocation.string("missing-customer")?.trimmingSpaces
        if let missingCustomer, missingCustomer.isEmpty {
            throw CommandError("--missing-customer needs a customer name, e.g. '(no account)'", argument: "missing-customer")
        }
        var explicit: [String: String]
        do throws(ImportColumns.MappingError) { explicit = try ImportColumns.pairs(invocation.string("map") ?? "") } catch {
            throw CommandError(error.message, argument: "map")
        }
        let declared = try CustomFields.fields(of: .deal, in: context.database)
        let customExplicit = try CustomColumns.takeCustom(from: &explicit, entity: .deal, declared: declared, builtInFields: fields)
        let valueMaps = try parseValueMaps(invocation.string("map-values") ?? "")
        let currency = try invocation.currency("currency")
        let stream: CSVStream
        var header: [String] = []
        do {
            stream = try CSVStream(path: path)
            guard let first = try stream.next() else { throw CommandError("\(path) is empty", argument: "file") }
            header = first.fields.map(\.trimmingSpaces)
        } catch let failure as CSVStream.Failure {
            throw CommandError(failure.located(in: path), argument: "file")
        }
        // The field each column fills: mapped, else recognised by its header (the first column wins).
        let columns: ImportColumns.Resolution
        do throws(ImportColumns.Refusal) {
            columns = try ImportColumns.resolve(header: header, fields: importFields(stages: stages), explicit: explicit, file: path, noun: "deal")
        } catch {
            throw CommandError(error.message, argument: error.argument, hint: error.hint)
        }
        for column in customExplicit.keys where !header.contains(column) {
            throw CommandError("\(path) has no column \"\(column)\" (columns: \(header.joined(separator: ", ")))", argument: "map")
        }
        for column in valueMaps.keys where !header.contains(column) {
            throw CommandError("\(path) has no column \"\(column)\" (columns: \(header.joined(separator: ", ")))", argument: "map-values")
        }
        let fieldOfColumn = columns.fieldOfColumn
        let custom = CustomColumns(header: header, unused: header.indices.filter { fieldOfColumn[$0] == nil }, explicit: customExplicit,
                                   entity: .deal, declared: declared, keepExtra: invocation.flag("keep-extra"))
        try custom.declare(in: context.database, entity: .deal)
        let unused = header.indices.filter { fieldOfColumn[$0] == nil && !custom.takes($0) }.map { header[$0] }
        if !unused.isEmpty {
            context.output.note("ignored columns: \(unused.joined(separator: ", ")) (map them with --map 'Column=field', or keep them with --keep-extra)")
        }
        struct Row { var customer = "", title: String?, owner: String?, product: String?, stage: String?, status = "open"
                     var created: Date?, closed: Date?, value: Money?, lostReason: String?
                     var entered: [(stage: String, on: Date)] = []
                     var custom: [(String, CustomFields.Stored)] = []
                     var customerMissing = false }
        /// A stored deal with the same customer, title, stage, outcome, dates as the file gives them
        /// (unknown ones included) and value as `row`: running the same import twice would otherwise
        /// double the history. Nothing of the moment of the import is compared.
        func alreadyImported(_ row: Row, stage: String?) throws -> EntityID? {
            let id = try context.database.query("""
                SELECT d.id FROM deals d JOIN customers c ON c.id = d.customer_id
                WHERE c.name = ? AND d.created_at IS NOT DISTINCT FROM ? AND d.status = ? AND d.stage IS NOT DISTINCT FROM ?
                  AND d.title IS NOT DISTINCT FROM ? AND d.closed_at IS NOT DISTINCT FROM ?
                  AND d.value_minor IS NOT DISTINCT FROM ? AND d.value_currency IS NOT DISTINCT FROM ? LIMIT 1
                """, [.text(row.customer), row.created.map { .text(Day.formatTimestamp($0)) } ?? .null, .text(row.status), stage.map(SQLValue.text) ?? .null,
                      .text(row.title ?? "\(row.customer) deal"), row.closed.map { .text(Day.formatTimestamp($0)) } ?? .null,
                      row.value.map { .integer($0.minorUnits) } ?? .null, row.value.map { .text($0.currency.code) } ?? .null]).first?.integer("id")
            return id.map { EntityID(.deal, $0) }
        }
        var rows: [Row] = []
        var rejected = ImportRejections()
        var total = 0
        var quality = invocation.flag("quiet") ? nil : ImportQuality(header: header, nullTexts: [], takesNull: false)
        /// Products the catalog does not know, with how many rows name them, in first-seen order.
        var unknownProducts: [(name: String, rows: Int)] = []
        let checksProducts = try !ProductAlias.catalogIsEmpty(in: context.database)
        do {
            while let record = try stream.next() {
                total += 1
                quality?.count(record.fields)
                guard record.fields.count == header.count else {
                    rejected.reject("line \(record.line)", "\(record.fields.count) fields where the header has \(header.count)"); continue
                }
                var row = Row()
                var problem: String?
                var valueText: (text: String, column: String)?
                var rowCurrency: Currency?
                var statusFrom: String?
                for (index, cell) in record.fields.enumerated() {
                    guard let field = fieldOfColumn[index], problem == nil else { continue }
                    var text = cell.trimmingSpaces
                    if text.isEmpty { continue }
                    let column = "column \"\(header[index])\""
                    var routed = false
                    if let values = valueMaps[header[index]] {
                        if let mapped = values.first(where: { $0.key.lowercased() == text.lowercased() })?.value {
                            text = mapped
                        } else if !accepts(field, text, stages: stages) {
                            problem = "\(column): \"\(text)\" is not mapped (--map-values gives \(values.map(\.key).joined(separator: ", ")))"
                            break
                        }
                        // Mapped or taken as it is (`Won` beside `Engaging=discover`), it is an outcome or a stage.
                        routed = field == "stage" || field == "status"
                    }
                    // A mapped value of a stage or status column says which it is: an outcome or a stage.
                    let target = routed ? (statuses[text.lowercased()] != nil ? "status" : "stage") : field
                    switch target {
                    case "customer": row.customer = text
                    case "title": row.title = text
                    case "owner": row.owner = text
                    case "product": row.product = text
                    case "stage":
                        guard stages.contains(text.lowercased()) else { problem = "\(column): \"\(text)\" is not a stage (\(stages.joined(separator: ", ")))"; break }
                        row.stage = text.lowercased()
                    case "status":
                        guard let status = statuses[text.lowercased()] else { problem = "\(column): \"\(text)\" is not won, lost or open"; break }
                        if let earlier = statusFrom, row.status != status {
                            problem = "\(column) says \(status) where \(earlier) says \(row.status)"; break
                        }
                        row.status = status
                        statusFrom = column
                    case "created", "closed":
                        do throws(Day.ParseError) {
                            let date = try Day.parse(text)
                            if field == "created" { row.created = date } else { row.closed = date }
                        } catch { problem = "\(column): \(error.description)" }
                    case "value": valueText = (text, column)
                    case "currency":
                        do throws(Currency.UnknownCode) { rowCurrency = try Currency.read(text) } catch { problem = "\(column): \(error.description)" }
                    case "lost_reason": row.lostReason = text
                    case let field where isEntered(field, stages: stages):
                        do throws(Day.ParseError) { row.entered.append((String(field.dropFirst(8)), try Day.parse(text))) } catch {
                            problem = "\(column): \(error.description)"
                        }
                    default: break
                    }
                }
                if problem == nil, let (text, column) = valueText {
                    do throws(Money.ParseError) {
                        let value = try Money.parse(text, defaultCurrency: rowCurrency ?? currency)
                        if value.minorUnits < 0 { problem = "\(column): a deal's value cannot be negative" }
                        else if let rowCurrency, value.currency != rowCurrency {
                            problem = "\(column): \(text) is in \(value.currency.code) where the currency column says \(rowCurrency.code)"
                        } else { row.value = value }
                    } catch { problem = "\(column): \(error.description)" }
                }
                if problem == nil {
                    switch custom.values(of: record.fields, header: header, placeholders: [], currency: rowCurrency ?? currency) {
                    case .success(let values): row.custom = values
                    case .failure(let rejection): problem = "column \"\(rejection.column)\": \(rejection.reason)"
                    }
                }
                if problem == nil, row.customer.isEmpty {
                    if let missingCustomer { row.customer = missingCustomer; row.customerMissing = true }
                    else { problem = "a deal needs a customer (file such deals under one with --missing-customer NAME)" }
                }
                if problem == nil, let created = row.created, let closed = row.closed, closed < created {
                    problem = "closed \(Day.format(closed)) before it was created \(Day.format(created))"
                }
                if problem == nil, row.status != "open", row.closed == nil { problem = "a \(row.status) deal needs a close date" }
                if problem == nil {
                    problem = enteredProblem(row.entered, stages: stages, created: row.created, closed: row.closed, reached: row.stage ?? (row.status == "won" ? "sign" : nil))
                }
                if problem == nil, let existing = try alreadyImported(row, stage: stage(of: row.stage, status: row.status, entered: row.entered, stages: stages)) {
                    problem = "the same deal is already \(existing) (was this file imported before?)"
                }
                if let problem { rejected.reject("line \(record.line)", problem); continue }
                if checksProducts, let product = row.product {
                    if let name = try ProductAlias.catalogName(of: product, in: context.database) {
                        row.product = name
                    } else if let index = unknownProducts.firstIndex(where: { $0.name == product }) {
                        unknownProducts[index].rows += 1
                    } else {
                        unknownProducts.append((product, 1))
                    }
                }
                rows.append(row)
            }
        } catch let failure as CSVStream.Failure {
            throw CommandError(failure.located(in: path) + "; nothing was imported", argument: "file")
        }
        for product in unknownProducts {
            let nearest = try ProductAlias.nearest(to: product.name, in: context.database)
            context.output.note("product \"\(product.name)\" (\(counted(product.rows, "deal"))) is not in the catalog"
                + (nearest.map { "; nearest: \"\($0)\" (product alias \"\(product.name)\" \"\($0)\" files such deals under it)" } ?? ""))
        }
        let partial = invocation.flag("partial")
        if !custom.newFields.isEmpty, rejected.isEmpty || partial {
            context.output.note("new custom fields: " + custom.newFields.map { "\($0.name) (\($0.type.rawValue))" }.joined(separator: ", "))
        }
        var qualityNotes = quality?.notes() ?? []
        let filedUnderMissing = rows.count { $0.customerMissing }
        if let missingCustomer, filedUnderMissing > 0 {
            qualityNotes.append("\(counted(filedUnderMissing, "deal")) without a customer filed under \"\(missingCustomer)\"")
        }
        if quality != nil, !unknownProducts.isEmpty {
            let deals = unknownProducts.reduce(0) { $0 + $1.rows }
            qualityNotes.append("\(counted(unknownProducts.count, "product")) not in the catalog, on \(counted(deals, "deal")) (named above)")
        }
        if rejected.report(imported: rows.count, noun: "deal", dryRun: invocation.isDryRun, partial: partial, to: context.output) {
            for line in qualityNotes { context.output.note("data quality: " + line) }
            return .null
        }
        do { try rejected.requireNone(outOf: total, partial: partial) } catch let error as CommandError {
            throw CommandError(error.message, argument: "file", hint: "fix the rows above, or add --partial to import the good ones")
        }
        var customers: [String: Int64] = [:]
        var created = 0
        for row in rows {
            try context.checkCancelled()
            let customer: Int64
            if let known = customers[row.customer] {
                customer = known
            } else if let existing = try context.database.query("SELECT id FROM customers WHERE name = ?", [.text(row.customer)]).first?.integer("id") {
                customer = existing
            } else {
                // A customer is on record from its first known deal date, else from now (when Funnel learnt of it).
                try context.database.execute("INSERT INTO customers (name, created_at) VALUES (?, ?)",
                                             [.text(row.customer), .text(Day.formatTimestamp(row.created ?? row.closed ?? context.clock.now))])
                customer = context.database.lastInsertedRowID
                created += 1
            }
            customers[row.customer] = customer
            let stage = stage(of: row.stage, status: row.status, entered: row.entered, stages: stages)
            try context.database.execute(
                "INSERT INTO deals (customer_id, title, stage, status, value_minor, value_currency, owner, created_at, closed_at, product, lost_reason) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [.integer(customer), .text(row.title ?? "\(row.customer) deal"), stage.map(SQLValue.text) ?? .null, .text(row.status),
                 row.value.map { .integer($0.minorUnits) } ?? .null, row.value.map { .text($0.currency.code) } ?? .null,
                 row.owner.map { .text($0) } ?? .null, row.created.map { .text(Day.formatTimestamp($0)) } ?? .null,
                 row.closed.map { .text(Day.formatTimestamp($0)) } ?? .null, row.product.map { .text($0) } ?? .null,
                 row.lostReason.map { .text($0) } ?? .null])
            let deal = EntityID(.deal, context.database.lastInsertedRowID)
            for (field, value) in row.custom { try CustomFields.set(value, field: field, of: .deal, record: deal.number, in: context.database) }
            try journalStages(row.entered, stages: stages, of: deal, created: row.created, context)
            try context.journal("deal.imported", subject: deal, details: Record([
                ("customer", .id(EntityID(.customer, customer))), ("stage", stage.map(Value.string) ?? .null), ("status", .string(row.status)),
                ("created", row.created.map(Value.date) ?? .null), ("closed", row.closed.map(Value.date) ?? .null),
                ("value", row.value.map(Value.money) ?? .null), ("file", .string(path)),
            ]))
        }
        context.output.line("imported \(counted(rows.count, "deal")) · \(counted(created, "new customer"))"
            + (rejected.isEmpty ? "" : " · \(rejected.count) rejected"))
        for line in qualityNotes { context.output.note("data quality: " + line) }
        return .null
    }

    /// The registered lifecycle up to `revisit`, a team's inserted stages included; the slots after it
    /// (analysis, review) are no stage a deal is in.
    static func lifecycleStages(_ context: StageContext) -> [String] {
        let slots = context.lifecycle.map(\.rawValue)
        return slots.firstIndex(of: "revisit").map { Array(slots[...$0]) } ?? slots
    }

    static func isEntered(_ field: String, stages: [String]) -> Bool { field.hasPrefix("entered ") && stages.contains(String(field.dropFirst(8))) }

    /// Whether `text` is a value `field` takes as it is (so a value map need not name it).
    static func accepts(_ field: String, _ text: String, stages: [String]) -> Bool {
        switch field {
        case "stage", "status": return stages.contains(text.lowercased()) || statuses[text.lowercased()] != nil
        default: return true
        }
    }

    /// The stage a deal is stored at: the file's; else a won deal went through `sign`, a lost one's
    /// furthest stage is the last it entered or unknown (nil, stored as NULL and counted apart by
    /// `report funnel`), and an open one is in `discover`.
    static func stage(of given: String?, status: String, entered: [(stage: String, on: Date)], stages: [String]) -> String? {
        if let given { return given }
        switch status {
        case "won": return "sign"
        case "lost": return entered.map(\.stage).max { (stages.firstIndex(of: $0) ?? 0) < (stages.firstIndex(of: $1) ?? 0) }
        default: return entered.map(\.stage).max { (stages.firstIndex(of: $0) ?? 0) < (stages.firstIndex(of: $1) ?? 0) } ?? "discover"
        }
    }

    /// `--map-values 'Deal Stage:Engaging=discover,Won=won; Region:N=north'`: per file column, each
    /// value and what it stands for.
    static func parseValueMaps(_ text: String) throws -> [String: [(key: String, value: String)]] {
        var maps: [String: [(key: String, value: String)]] = [:]
        for piece in text.split(separator: ";") where !String(piece).trimmingSpaces.isEmpty {
            let part = String(piece).trimmingSpaces
            guard let colon = part.firstIndex(of: ":") else {
                throw CommandError("\"\(part)\" is not COLUMN:value=meaning,...", argument: "map-values")
            }
            let column = String(part[..<colon]).trimmingSpaces
            var pairs: [(key: String, value: String)] = []
            for item in part[part.index(after: colon)...].split(separator: ",") {
                let pair = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
                guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else {
                    throw CommandError("\"\(String(item).trimmingSpaces)\" in column \"\(column)\" is not value=meaning", argument: "map-values")
                }
                pairs.append((pair[0], pair[1]))
            }
            guard !column.isEmpty, !pairs.isEmpty else {
                throw CommandError("\"\(part)\" is not COLUMN:value=meaning,...", argument: "map-values")
            }
            maps[column, default: []] += pairs
        }
        return maps
    }

    /// Why a row's stage dates cannot be right: out of lifecycle order, before the deal was created,
    /// after it closed, or past the stage it reached.
    static func enteredProblem(_ entered: [(stage: String, on: Date)], stages: [String], created: Date?, closed: Date?, reached: String?) -> String? {
        let ordered = entered.sorted { stages.firstIndex(of: $0.stage) ?? 0 < stages.firstIndex(of: $1.stage) ?? 0 }
        for (index, entry) in ordered.enumerated() {
            if let created, entry.on < created { return "entered \(entry.stage) \(Day.format(entry.on)) before the deal was created \(Day.format(created))" }
            if let closed, entry.on > closed { return "entered \(entry.stage) \(Day.format(entry.on)) after the deal closed \(Day.format(closed))" }
            if let reached, (stages.firstIndex(of: entry.stage) ?? 0) > (stages.firstIndex(of: reached) ?? 0) {
                return "entered \(entry.stage), past the stage it reached (\(reached))"
            }
            if index > 0, entry.on < ordered[index - 1].on {
                return "entered \(entry.stage) \(Day.format(entry.on)) before \(ordered[index - 1].stage) \(Day.format(ordered[index - 1].on))"
            }
        }
        return nil
    }

    /// The stage history of an imported deal, journaled as it happened in the other CRM (`at` is the
    /// day there), so time in stage and paths cover imported history: opened in discover on its
    /// creation day (else the first day it entered a stage), then each stage entered.
    static func journalStages(_ entered: [(stage: String, on: Date)], stages: [String], of deal: EntityID, created: Date?, _ context: StageContext) throws {
        let ordered = entered.sorted { stages.firstIndex(of: $0.stage) ?? 0 < stages.firstIndex(of: $1.stage) ?? 0 }
        guard let first = ordered.first else { return }
        var current = "discover"
        try context.journal("deal.created", subject: deal, details: Record([("stage", .string(current)), ("imported", .bool(true))]),
                            at: ordered.first { $0.stage == "discover" }?.on ?? created ?? first.on)
        for entry in ordered where entry.stage != "discover" && (stages.firstIndex(of: entry.stage) ?? 0) > (stages.firstIndex(of: "discover") ?? 0) {
            try context.journal("deal.advanced", subject: deal, details: Record([
                ("from", .string(current)), ("to", .string(entry.stage)), ("imported", .bool(true)),
            ]), at: entry.on)
            current = entry.stage
        }
    }
}
