import Foundation
import FunnelModel
import StageKit
import StageSupport

/// `deal import FILE`: historical deals from another CRM (CSV): customer, title, owner, product,
/// stage reached, won/lost/open, dates entered and closed, value, lost reason — so a team's history
/// can be analysed in Funnel. Customers are matched by name or created. All or nothing.
enum DealImportCommand {
    static let stages = ["capture", "screen", "discover", "recommend", "negotiate", "sign", "payment", "service", "revisit"]
    static let statuses = ["open": "open", "won": "won", "closed won": "won", "closedwon": "won",
                           "lost": "lost", "closed lost": "lost", "closedlost": "lost"]
    static let aliases = ["customer": "customer", "account": "customer", "accountname": "customer", "company": "customer",
                          "title": "title", "dealname": "title", "opportunity": "title", "opportunityname": "title",
                          "owner": "owner", "dealowner": "owner", "product": "product", "stage": "stage", "stagereached": "stage",
                          "status": "status", "outcome": "status", "created": "created", "createddate": "created",
                          "entered": "created", "closed": "closed", "closedate": "closed", "closeddate": "closed",
                          "value": "value", "amount": "value", "lostreason": "lost_reason", "reason": "lost_reason"]

    static let command = Command(CommandSignature(
        "deal import",
        summary: "Import historical deals from another CRM's CSV: customer, owner, product, stage, outcome, dates, value.",
        positionals: [Positional("file", .file, "The CSV file.")],
        flags: [Flag("map", .string, "Column mapping, e.g. 'Account Name=customer,Amount=value'."),
                Flag("partial", .bool, "Import the good rows even when some are rejected.")],
        output: .nothing, impact: .high,
        examples: [Example("deal import history.csv --dry-run", "Check a history file.",
                           setup: "[{customer: Acme, status: won, value: 5000, created: 2025-03-01, closed: 2025-04-10, stage: sign}] | save history.csv --force")],
        importFields: importFields)) { invocation, context in
        let path = invocation.string("file") ?? ""
        var explicit: [String: String] = [:]
        for pair in (invocation.string("map") ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2 else { throw CommandError("\"\(pair)\" is not Column=field", argument: "map") }
            explicit[parts[0]] = parts[1].lowercased()
        }
        let stream: CSVStream
        var header: [String] = []
        do {
            stream = try CSVStream(path: path)
            guard let first = try stream.next() else { throw CommandError("\(path) is empty", argument: "file") }
            header = first.fields.map(\.trimmingSpaces)
        } catch let failure as CSVStream.Failure {
            throw CommandError(failure.located(in: path), argument: "file")
        }
        let fields = header.map { column -> String? in
            if let field = explicit[column] { return field }
            let key = String(column.lowercased().filter { $0.isLetter || $0.isNumber })
            // `Entered Negotiate`, `entered_recommend`: the day the deal entered that stage in the other CRM.
            if key.hasPrefix("entered"), stages.contains(String(key.dropFirst(7))) { return "entered " + key.dropFirst(7) }
            return aliases[key]
        }
        guard fields.contains("customer") else {
            throw CommandError("\(path) has no customer column (columns: \(header.joined(separator: ", ")))", argument: "file",
                               hint: "map one with --map 'Column=customer'")
        }
        struct Row { var customer = "", title: String?, owner: String?, product: String?, stage = "discover", status = "open"
                     var created: Date?, closed: Date?, value: Money?, lostReason: String?
                     var entered: [(stage: String, on: Date)] = [] }
        /// A stored deal with the same customer, title, stage, outcome, dates and value as `row`:
        /// running the same import twice would otherwise double the history.
        func alreadyImported(_ row: Row) throws -> EntityID? {
            guard let created = row.created else { return nil }
            let id = try context.database.query("""
                SELECT d.id FROM deals d JOIN customers c ON c.id = d.customer_id
                WHERE c.name = ? AND d.created_at = ? AND d.status = ? AND d.stage = ? AND d.title IS ?
                  AND d.closed_at IS ? AND d.value_minor IS ? AND d.value_currency IS ? LIMIT 1
                """, [.text(row.customer), .text(Day.formatTimestamp(created)), .text(row.status), .text(row.stage),
                      .text(row.title ?? "\(row.customer) deal"), row.closed.map { .text(Day.formatTimestamp($0)) } ?? .null,
                      row.value.map { .integer($0.minorUnits) } ?? .null, row.value.map { .text($0.currency.code) } ?? .null]).first?.integer("id")
            return id.map { EntityID(.deal, $0) }
        }
        var rows: [Row] = []
        var rejected = ImportRejections()
        var total = 0
        do {
            while let record = try stream.next() {
                total += 1
                guard record.fields.count == header.count else {
                    rejected.reject("line \(record.line)", "\(record.fields.count) fields where the header has \(header.count)"); continue
                }
                var row = Row()
                var problem: String?
                for (index, cell) in record.fields.enumerated() {
                    guard let field = fields[index], problem == nil else { continue }
                    let text = cell.trimmingSpaces
                    if text.isEmpty { continue }
                    let column = "column \"\(header[index])\""
                    switch field {
                    case "customer": row.customer = text
                    case "title": row.title = text
                    case "owner": row.owner = text
                    case "product": row.product = text
                    case "stage":
                        guard stages.contains(text.lowercased()) else { problem = "\(column): \"\(text)\" is not a stage (\(stages.joined(separator: ", ")))"; break }
                        row.stage = text.lowercased()
                    case "status":
                        guard let status = statuses[text.lowercased()] else { problem = "\(column): \"\(text)\" is not won, lost or open"; break }
                        row.status = status
                    case "created", "closed":
                        do throws(Day.ParseError) {
                            let date = try Day.parse(text)
                            if field == "created" { row.created = date } else { row.closed = date }
                        } catch { problem = "\(column): \(error.description)" }
                    case "value":
                        do throws(Money.ParseError) {
                            let value = try Money.parse(text)
                            if value.minorUnits < 0 { problem = "\(column): a deal's value cannot be negative" } else { row.value = value }
                        } catch { problem = "\(column): \(error.description)" }
                    case "lost_reason": row.lostReason = text
                    case let field where field.hasPrefix("entered "):
                        do throws(Day.ParseError) { row.entered.append((String(field.dropFirst(8)), try Day.parse(text))) } catch {
                            problem = "\(column): \(error.description)"
                        }
                    default: break
                    }
                }
                if problem == nil, row.customer.isEmpty { problem = "a deal needs a customer" }
                if problem == nil, let created = row.created, let closed = row.closed, closed < created {
                    problem = "closed \(Day.format(closed)) before it was created \(Day.format(created))"
                }
                if problem == nil, row.status != "open", row.closed == nil { problem = "a \(row.status) deal needs a close date" }
                if problem == nil { problem = enteredProblem(row.entered, created: row.created, closed: row.closed, reached: row.stage) }
                if problem == nil, let existing = try alreadyImported(row) {
                    problem = "the same deal is already \(existing) (was this file imported before?)"
                }
                if let problem { rejected.reject("line \(record.line)", problem) } else { rows.append(row) }
            }
        } catch let failure as CSVStream.Failure {
            throw CommandError(failure.located(in: path) + "; nothing was imported", argument: "file")
        }
        let partial = invocation.flag("partial")
        if rejected.report(imported: rows.count, noun: "deal", dryRun: invocation.isDryRun, partial: partial, to: context.output) { return .null }
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
                try context.database.execute("INSERT INTO customers (name, created_at) VALUES (?, ?)",
                                             [.text(row.customer), .text(Day.formatTimestamp(row.created ?? context.clock.now))])
                customer = context.database.lastInsertedRowID
                created += 1
            }
            customers[row.customer] = customer
            try context.database.execute(
                "INSERT INTO deals (customer_id, title, stage, status, value_minor, value_currency, owner, created_at, closed_at, product, lost_reason) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [.integer(customer), .text(row.title ?? "\(row.customer) deal"), .text(row.stage), .text(row.status),
                 row.value.map { .integer($0.minorUnits) } ?? .null, row.value.map { .text($0.currency.code) } ?? .null,
                 row.owner.map { .text($0) } ?? .null, .text(Day.formatTimestamp(row.created ?? context.clock.now)),
                 row.closed.map { .text(Day.formatTimestamp($0)) } ?? .null, row.product.map { .text($0) } ?? .null,
                 row.lostReason.map { .text($0) } ?? .null])
            let deal = EntityID(.deal, context.database.lastInsertedRowID)
            try journalStages(row.entered, of: deal, created: row.created ?? context.clock.now, context)
            try context.journal("deal.imported", subject: deal, details: Record([
                ("customer", .id(EntityID(.customer, customer))), ("stage", .string(row.stage)), ("status", .string(row.status)),
                ("created", row.created.map(Value.date) ?? .null), ("closed", row.closed.map(Value.date) ?? .null),
                ("value", row.value.map(Value.money) ?? .null), ("file", .string(path)),
            ]))
        }
        context.output.line("imported \(counted(rows.count, "deal")) · \(counted(created, "new customer"))"
            + (rejected.isEmpty ? "" : " · \(rejected.count) rejected"))
        return .null
    }


    /// Why a row's stage dates cannot be right: out of lifecycle order, before the deal was created,
    /// after it closed, or past the stage it reached.
    static func enteredProblem(_ entered: [(stage: String, on: Date)], created: Date?, closed: Date?, reached: String) -> String? {
        let ordered = entered.sorted { stages.firstIndex(of: $0.stage) ?? 0 < stages.firstIndex(of: $1.stage) ?? 0 }
        for (index, entry) in ordered.enumerated() {
            if let created, entry.on < created { return "entered \(entry.stage) \(Day.format(entry.on)) before the deal was created \(Day.format(created))" }
            if let closed, entry.on > closed { return "entered \(entry.stage) \(Day.format(entry.on)) after the deal closed \(Day.format(closed))" }
            if (stages.firstIndex(of: entry.stage) ?? 0) > (stages.firstIndex(of: reached) ?? 0) {
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
    /// creation day, then each stage entered.
    static func journalStages(_ entered: [(stage: String, on: Date)], of deal: EntityID, created: Date, _ context: StageContext) throws {
        guard !entered.isEmpty else { return }
        let ordered = entered.sorted { stages.firstIndex(of: $0.stage) ?? 0 < stages.firstIndex(of: $1.stage) ?? 0 }
        var current = "discover"
        try context.journal("deal.created", subject: deal, details: Record([("stage", .string(current)), ("imported", .bool(true))]),
                            at: ordered.first { $0.stage == "discover" }?.on ?? created)
        for entry in ordered where entry.stage != "discover" && (stages.firstIndex(of: entry.stage) ?? 0) > (stages.firstIndex(of: "discover") ?? 0) {
            try context.journal("deal.advanced", subject: deal, details: Record([
                ("from", .string(current)), ("to", .string(entry.stage)), ("imported", .bool(true)),
            ]), at: entry.on)
            current = entry.stage
        }
    }
}
