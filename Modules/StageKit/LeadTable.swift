import Foundation
import FunnelModel

/// Reading and writing leads in the shared `leads` table, for every stage that works on leads.
public enum LeadTable {
    static let columns = "id, name, company, email, phone, source, owner, region, industry, budget_minor, "
        + "budget_currency, authority, need, timeline_days, status, score, created_at"

    /// The lead with this id, or `nil`.
    public static func fetch(_ id: EntityID, in database: any SQLDatabase) throws -> Lead? {
        try database.query("SELECT \(columns) FROM leads WHERE id = ?", [.integer(id.number)]).first.map(lead)
    }

    /// The lead with this id, or a "no lead L-N" error pointing at `argument`.
    public static func require(_ id: EntityID, in database: any SQLDatabase, argument: String? = nil) throws -> Lead {
        guard let lead = try fetch(id, in: database) else { throw CommandError.notFound(id, argument: argument) }
        return lead
    }

    /// Leads in id order, optionally only those with a status.
    public static func fetchAll(status: LeadStatus? = nil, in database: any SQLDatabase) throws -> [Lead] {
        if let status {
            return try database.query("SELECT \(columns) FROM leads WHERE status = ? ORDER BY id", [.text(status.rawValue)]).map(lead)
        }
        return try database.query("SELECT \(columns) FROM leads ORDER BY id").map(lead)
    }

    /// Every lead (or those with a status) as a relation: filters and sorts on it run as SQL.
    public static func relation(status: LeadStatus? = nil) -> Relation {
        Relation(source: "leads", columns: [
            .init("id", .id(.lead, "id")), .init("name", .text("name")), .init("company", .text("company")),
            .init("source", .text("source")), .init("owner", .text("owner")), .init("region", .text("region")),
            .init("industry", .text("industry")), .init("budget", .money(minor: "budget_minor", currency: "budget_currency")),
            .init("authority", .bool("authority")), .init("need", .integer("need")),
            .init("timeline", .integer("timeline_days")), .init("status", .text("status")),
            .init("score", .integer("score")), .init("email", .text("email")), .init("phone", .text("phone")),
            .init("created", .date("created_at")),
        ], conditions: status.map { [Relation.Fragment("status = ?", [.text($0.rawValue)])] } ?? [], order: "id")
    }

    /// Inserts a new lead (its id is assigned) and returns it with that id.
    public static func insert(_ lead: Lead, in database: any SQLDatabase) throws -> Lead {
        try database.execute(
            "INSERT INTO leads (name, company, email, phone, source, owner, region, industry, budget_minor, "
                + "budget_currency, authority, need, timeline_days, status, score, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            Array(arguments(of: lead).dropFirst()))
        var stored = lead
        stored.id = EntityID(.lead, database.lastInsertedRowID)
        return stored
    }

    /// Writes every field of an existing lead.
    public static func update(_ lead: Lead, in database: any SQLDatabase) throws {
        var values = arguments(of: lead)
        let id = values.removeFirst()
        try database.execute(
            "UPDATE leads SET name = ?, company = ?, email = ?, phone = ?, source = ?, owner = ?, region = ?, "
                + "industry = ?, budget_minor = ?, budget_currency = ?, authority = ?, need = ?, timeline_days = ?, "
                + "status = ?, score = ?, created_at = ? WHERE id = ?",
            values + [id])
    }

    /// Deletes a lead.
    public static func delete(_ id: EntityID, in database: any SQLDatabase) throws {
        try database.execute("DELETE FROM leads WHERE id = ?", [.integer(id.number)])
    }

    private static func arguments(of lead: Lead) -> [SQLValue] {
        [
            .integer(lead.id.number), .text(lead.name), text(lead.company), text(lead.email), text(lead.phone),
            text(lead.source), text(lead.owner), text(lead.region), text(lead.industry),
            lead.budget.map { .integer($0.minorUnits) } ?? .null, text(lead.budget?.currency.code),
            lead.authority.map { .integer($0 ? 1 : 0) } ?? .null, int(lead.need), int(lead.timelineDays),
            .text(lead.status.rawValue), int(lead.score), .text(Day.formatTimestamp(lead.createdAt)),
        ]
    }

    private static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    private static func int(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }

    static func lead(_ row: SQLRow) -> Lead {
        let budget: Money? = row.integer("budget_minor").map { minor in
            Money(minorUnits: minor, currency: row.text("budget_currency").flatMap(Currency.init(code:)) ?? .cny)
        }
        return Lead(
            id: EntityID(.lead, row.integer("id") ?? 0), name: row.text("name") ?? "",
            company: row.text("company"), email: row.text("email"), phone: row.text("phone"),
            source: row.text("source"), owner: row.text("owner"), region: row.text("region"),
            industry: row.text("industry"), budget: budget, authority: row.integer("authority").map { $0 != 0 },
            need: row.integer("need").map { Int($0) }, timelineDays: row.integer("timeline_days").map { Int($0) },
            status: row.text("status").flatMap(LeadStatus.init(rawValue:)) ?? .new,
            score: row.integer("score").map { Int($0) },
            createdAt: row.text("created_at").flatMap { try? Day.parse($0) } ?? Date(timeIntervalSince1970: 0))
    }

    /// The lead as a record, with the columns `lead list` shows.
    public static func record(of lead: Lead) -> Record {
        Record([
            ("id", .id(lead.id)), ("name", .string(lead.name)), ("company", optional(lead.company)),
            ("email", optional(lead.email)), ("phone", optional(lead.phone)), ("source", optional(lead.source)),
            ("owner", optional(lead.owner)), ("region", optional(lead.region)), ("industry", optional(lead.industry)),
            ("budget", lead.budget.map(Value.money) ?? .null), ("authority", lead.authority.map(Value.bool) ?? .null),
            ("need", lead.need.map { .int(Int64($0)) } ?? .null),
            ("timeline", lead.timelineDays.map { .int(Int64($0)) } ?? .null),
            ("status", .string(lead.status.rawValue)), ("score", lead.score.map { .int(Int64($0)) } ?? .null),
            ("created", .date(lead.createdAt)),
        ])
    }

    private static func optional(_ text: String?) -> Value { text.map(Value.string) ?? .null }
}
