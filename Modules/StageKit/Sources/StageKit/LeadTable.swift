#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// Reading and writing leads in the shared `leads` table, for every stage that works on leads.
public enum LeadTable {
    /// The stored columns besides `id`, in the order `arguments(of:)` binds them.
    static let storedColumns = [
        "name", "company", "email", "phone", "source", "campaign", "tags", "owner", "region", "industry",
        "budget_minor", "budget_currency", "authority", "need", "timeline_days", "purchase_frequency",
        "status", "score", "created_at", "email_key", "phone_key", "company_key",
    ]
    /// The columns a `Lead` is read from: the stored ones but the duplicate keys, which are derived.
    static let selectColumns = "id, " + storedColumns.dropLast(3).joined(separator: ", ")

    /// `INSERT INTO leads (...) VALUES (?, ...)`, to prepare once for bulk inserts with `arguments(of:)`.
    public static let insertSQL = "INSERT INTO leads (" + storedColumns.joined(separator: ", ") + ") VALUES ("
        + storedColumns.map { _ in "?" }.joined(separator: ", ") + ")"

    /// The lead with this id, or `nil`.
    public static func fetch(_ id: EntityID, in database: any SQLDatabase) throws -> Lead? {
        try database.query("SELECT \(selectColumns) FROM leads WHERE id = ?", [.integer(id.number)]).first.map(lead(from:))
    }

    /// The lead with this id, or a "no lead L-N" error pointing at `argument`.
    public static func require(_ id: EntityID, in database: any SQLDatabase, argument: String? = nil) throws -> Lead {
        guard let lead = try fetch(id, in: database) else { throw CommandError.notFound(id, argument: argument) }
        return lead
    }

    /// The leads matching an SQL condition on `leads` (e.g. `status = ?`), in id order.
    public static func fetchAll(where condition: Relation.Fragment, in database: any SQLDatabase) throws -> [Lead] {
        try rows(where: condition, in: database).map(lead(from:))
    }

    /// The stored rows of the leads matching a condition, in id order, each made a `Lead` by
    /// `lead(from:)`: a command screening a million leads does that on another thread while this one
    /// writes (rows are `Sendable`, the database is not).
    public static func rows(where condition: Relation.Fragment, in database: any SQLDatabase) throws -> [SQLRow] {
        try database.query("SELECT \(selectColumns) FROM leads WHERE \(condition.sql) ORDER BY id", condition.arguments)
    }

    /// The stored rows of the leads matching a condition, in id order, with only `id` and `columns`
    /// (stored column names such as `budget_minor`) read; `leads(from:)` makes them leads with the
    /// other fields unknown. Screening a million leads reads only what its scorer looks at, so most of
    /// a row's text is never made a `String`.
    public static func rows(where condition: Relation.Fragment, reading columns: Set<String>, in database: any SQLDatabase) throws -> [SQLRow] {
        let selected = (["id"] + storedColumns.dropLast(3).filter { columns.contains($0) }).joined(separator: ", ")
        return try database.query("SELECT \(selected) FROM leads WHERE \(condition.sql) ORDER BY id", condition.arguments)
    }

    /// The leads rows of one query hold, whichever of the stored columns it read (`rows(where:in:)`,
    /// `rows(where:reading:in:)`): the columns are found once for all the rows, not once per row.
    public static func leads(from rows: [SQLRow]) -> [Lead] {
        guard let columns = rows.first?.columns else { return [] }
        // Each position of the full row (`id`, then `storedColumns`), where this query has it.
        let layout = (["id"] + storedColumns.dropLast(3)).map { columns.position(of: $0) ?? -1 }
        if layout == Array(layout.indices) { return rows.map(lead(from:)) }
        return rows.map { row in
            let values = row.values
            let full = layout.map { $0 >= 0 && $0 < values.count ? values[$0] : SQLValue.null }
            return lead(from: SQLRow(columns: columns, values: full))
        }
    }


    /// Inserts a new lead (its id is assigned) and returns it with that id.
    public static func insert(_ lead: Lead, in database: any SQLDatabase) throws -> Lead {
        try database.execute(insertSQL, arguments(of: lead))
        var stored = lead
        stored.id = EntityID(.lead, database.lastInsertedRowID)
        return stored
    }

    /// Inserts many new leads, each given as `arguments(of:)` makes it, in one call (a bulk load's
    /// batch; see `SQLDatabase.insert(into:columns:rows:returningIDs:)`); returns their ids in order.
    public static func insert(rows: [[SQLValue]], in database: any SQLDatabase) throws -> [Int64] {
        try database.insert(into: "leads", columns: storedColumns, rows: rows, returningIDs: true)
    }

    /// Writes every field of an existing lead.
    public static func update(_ lead: Lead, in database: any SQLDatabase) throws {
        let assignments = storedColumns.map { "\($0) = ?" }.joined(separator: ", ")
        try database.execute("UPDATE leads SET \(assignments) WHERE id = ?", arguments(of: lead) + [.integer(lead.id.number)])
    }

    /// Runs a bulk insert of about `expectedRows` leads. When that is more than the table holds, the
    /// secondary indexes new rows land all over are dropped first and rebuilt after (sorting once beats
    /// a million random index insertions); inside the caller's transaction, so a failure restores them
    /// too. The status and converted indexes stay: new leads, in id order, are appended to them.
    public static func bulkLoad<T>(expectedRows: Int, in database: any SQLDatabase, _ body: () throws -> T) throws -> T {
        let existing = expectedRows > BulkWrite.minimumRows
            ? try database.query("SELECT count(*) AS n FROM leads").first?.integer("n") ?? 0 : 0
        let scattered = CoreSchema.leadIndexes.filter { !["leads_status", "leads_converted"].contains($0.name) }
        return try BulkWrite.rebuilding(scattered, when: expectedRows > BulkWrite.minimumRows && Int64(expectedRows) > existing,
                                        in: database, body)
    }

    /// A statement setting many leads' status and score, a hundred to a run: its values are each lead's
    /// id, status and score (`RowsStatement`), as screening decides them. A lead whose status and score
    /// are already those is not written: screening the same leads again rewrites no wide row.
    public static func statusUpdates(in database: any SQLDatabase) -> RowsStatement {
        RowsStatement(in: database, valuesPerRow: 3) { rows in
            "UPDATE leads SET status = v.column2, score = v.column3 FROM (\(RowsStatement.values(rows: rows, width: 3))) AS v "
                + "WHERE leads.id = v.column1 AND (leads.status IS DISTINCT FROM v.column2 OR leads.score IS DISTINCT FROM v.column3)"
        }
    }

    /// Runs an update of the status of about `expectedRows` leads; for many, the status index is
    /// dropped first and rebuilt after, inside the caller's transaction.
    public static func bulkStatusUpdate<T>(expectedRows: Int, in database: any SQLDatabase, _ body: () throws -> T) throws -> T {
        try BulkWrite.rebuilding(CoreSchema.leadIndexes.filter { $0.name == "leads_status" }, when: expectedRows > BulkWrite.minimumRows,
                                 in: database, body)
    }

    /// A converted lead: a customer and a deal were made from it and refer to it (the `leads_converted`
    /// index holds exactly these).
    static let converted = "(customer_id IS NOT NULL OR deal_id IS NOT NULL)"

    /// The leads among `ids` that screening may change. A converted lead has become a customer and a
    /// deal: screening it again would mark it qualified and let it be converted twice. The lead named on
    /// the command line (`named`) is refused if converted; converted leads piped in are left out, and a
    /// note says which. A dry run changes nothing, so it scores them all (`review replay` relies on it).
    public static func screenable(_ ids: [Int64], named: EntityID?, dryRun: Bool, in database: any SQLDatabase,
                                  output: any OutputSink) throws -> [Int64] {
        if dryRun { return ids }
        // A few ids are looked up; for many, the converted leads are read from their index.
        let filter: Relation.Fragment = ids.count <= 500 ? .among("id", ids) : Relation.Fragment("TRUE")
        // A lead imported as converted (history from another tool) has no deal, but is converted all the same.
        let rows = try database.query("SELECT id, deal_id FROM leads WHERE (\(converted) OR status = 'converted') AND \(filter.sql)", filter.arguments)
        guard !rows.isEmpty else { return ids }
        var deals: [Int64: Int64?] = [:]
        for row in rows { if let id = row.integer("id") { deals[id] = row.integer("deal_id") } }
        if let named, let deal = deals[named.number] {
            throw CommandError("\(named) is converted\(deal.map { " (deal D-\($0))" } ?? ""): a converted lead is not screened again",
                               argument: "id", hint: deal.map { "its deal carries on: deal show D-\($0)" })
        }
        let skipped = ids.filter { deals[$0] != nil }
        guard !skipped.isEmpty else { return ids }
        let shown = skipped.prefix(5).map { "L-\($0)" }.joined(separator: ", ") + (skipped.count > 5 ? ", ..." : "")
        output.note("\(counted(skipped.count, "converted lead")) not screened again: \(shown)")
        return ids.filter { deals[$0] == nil }
    }

    /// What a converted lead became, "customer C-3, deal D-4": they refer to it, so it must stay.
    /// Nil for a lead that was not converted.
    public static func conversion(of id: EntityID, in database: any SQLDatabase) throws -> String? {
        guard let row = try database.query("SELECT customer_id, deal_id FROM leads WHERE id = ? AND \(converted)",
                                           [.integer(id.number)]).first else { return nil }
        let parts = [row.integer("customer_id").map { "customer \(EntityID(.customer, $0))" }, row.integer("deal_id").map { "deal \(EntityID(.deal, $0))" }]
        return parts.compactMap { $0 }.joined(separator: ", ")
    }

    /// Deletes a lead.
    public static func delete(_ id: EntityID, in database: any SQLDatabase) throws {
        try database.execute("DELETE FROM leads WHERE id = ?", [.integer(id.number)])
    }

    /// The values of `storedColumns` for a lead, duplicate keys included.
    public static func arguments(of lead: Lead) -> [SQLValue] {
        [
            .text(lead.name), text(lead.company), text(lead.email), text(lead.phone), text(lead.source),
            text(lead.campaign), text(lead.tags.isEmpty ? nil : lead.tags.joined(separator: ",")), text(lead.owner),
            text(lead.region), text(lead.industry),
            lead.budget.map { .integer($0.minorUnits) } ?? .null, text(lead.budget?.currency.code),
            lead.authority.map { .integer($0 ? 1 : 0) } ?? .null, int(lead.need), int(lead.timelineDays),
            text(lead.purchaseFrequency?.rawValue), .text(lead.status.rawValue), int(lead.score),
            lead.createdAt.map { .text(Day.formatTimestamp($0)) } ?? .null,
            text(DuplicateKeys.email(lead.email)), text(DuplicateKeys.phone(lead.phone)), text(DuplicateKeys.company(lead.company ?? lead.name)),
        ]
    }

    private static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    private static func int(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }

    /// The lead a row of `rows(where:in:)` holds, read by position: this runs once per lead, a million
    /// times in a screening, and looking every column up by name was a quarter of it.
    public static func lead(from row: SQLRow) -> Lead {
        let values = row.values
        // Positions: id first, then `storedColumns` in order.
        func text(_ column: Int) -> String? {
            guard column < values.count else { return nil }
            switch values[column] {
            case .text(let text): return text
            case .integer(let number): return String(number)
            case .real(let number): return String(number)
            case .null: return nil
            }
        }
        func integer(_ column: Int) -> Int64? {
            guard column < values.count else { return nil }
            switch values[column] {
            case .integer(let number): return number
            case .text(let text): return Int64(text)
            default: return nil
            }
        }
        let budget: Money? = integer(11).map { minor in
            Money(minorUnits: minor, currency: text(12).flatMap(Currency.init(code:)) ?? .cny)
        }
        return Lead(
            id: EntityID(.lead, integer(0) ?? 0), name: text(1) ?? "",
            company: text(2), email: text(3), phone: text(4), source: text(5), campaign: text(6),
            tags: text(7).map { $0.split(separator: ",").map(String.init) } ?? [],
            owner: text(8), region: text(9), industry: text(10), budget: budget,
            authority: integer(13).map { $0 != 0 }, need: integer(14).map { Int($0) },
            timelineDays: integer(15).map { Int($0) }, purchaseFrequency: text(16).flatMap(PurchaseFrequency.init(rawValue:)),
            status: text(17).flatMap(LeadStatus.init(rawValue:)) ?? .new, score: integer(18).map { Int($0) },
            createdAt: text(19).flatMap { try? Day.parse($0) })
    }

    /// The columns `lead list` shows, in order.
    public static let listColumns = ["id", "name", "company", "source", "campaign", "tags", "owner", "region", "industry",
                                     "budget", "authority", "need", "timeline", "frequency", "status", "score", "email",
                                     "phone", "created"]

    /// The lead as a record, with the columns `lead list` shows.
    public static func record(of lead: Lead) -> Record {
        Record([
            ("id", .id(lead.id)), ("name", .string(lead.name)), ("company", optional(lead.company)),
            ("source", optional(lead.source)), ("campaign", optional(lead.campaign)),
            ("tags", lead.tags.isEmpty ? .null : .string(lead.tags.joined(separator: ","))),
            ("owner", optional(lead.owner)), ("region", optional(lead.region)), ("industry", optional(lead.industry)),
            ("budget", lead.budget.map(Value.money) ?? .null), ("authority", lead.authority.map(Value.bool) ?? .null),
            ("need", lead.need.map { .int(Int64($0)) } ?? .null),
            ("timeline", lead.timelineDays.map { .int(Int64($0)) } ?? .null),
            ("frequency", optional(lead.purchaseFrequency?.rawValue)),
            ("status", .string(lead.status.rawValue)), ("score", lead.score.map { .int(Int64($0)) } ?? .null),
            ("email", optional(lead.email)), ("phone", optional(lead.phone)), ("created", lead.createdAt.map(Value.date) ?? .null),
        ])
    }

    /// Every lead (or those with a status) as a relation: filters and sorts on it run as SQL.
    public static func relation(status: LeadStatus? = nil) -> Relation {
        Relation(source: "leads", columns: [
            .init("id", .id(.lead, "id")), .init("name", .text("name")), .init("company", .text("company")),
            .init("source", .text("source")), .init("campaign", .text("campaign")), .init("tags", .text("tags")),
            .init("owner", .text("owner")), .init("region", .text("region")), .init("industry", .text("industry")),
            .init("budget", .money(minor: "budget_minor", currency: "budget_currency")),
            .init("authority", .bool("authority")), .init("need", .integer("need")),
            .init("timeline", .integer("timeline_days")), .init("frequency", .text("purchase_frequency")),
            .init("status", .text("status")), .init("score", .integer("score")), .init("email", .text("email")),
            .init("phone", .text("phone")), .init("created", .date("created_at")),
        ], conditions: status.map { [Relation.Fragment("status = ?", [.text($0.rawValue)])] } ?? [], order: "id")
    }

    private static func optional(_ text: String?) -> Value { text.map(Value.string) ?? .null }
}
