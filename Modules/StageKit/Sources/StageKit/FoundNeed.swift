import FunnelModel

/// A need of a deal, found in discovery: a pain point, an expectation or a requirement, with a
/// priority. The hand-off from discover to recommend (which matches products against it), kept in the
/// core `needs` table; any implementation of discover records its needs through `record(in:)`.
public struct FoundNeed: Sendable, Equatable {
    /// The kinds of need, from what hurts to what is required.
    public static let kinds = ["pain", "expectation", "requirement"]
    /// How much a need matters, lowest first.
    public static let priorities = ["low", "medium", "high", "critical"]

    public var deal: EntityID
    public var description: String
    /// One of `kinds`.
    public var kind: String
    /// One of `priorities`.
    public var priority: String

    public init(deal: EntityID, description: String, kind: String = "requirement", priority: String = "medium") {
        self.deal = deal
        self.description = description
        self.kind = kind
        self.priority = priority
    }

    /// Checks the need (the deal exists, a description, a known kind and priority) and says what is wrong.
    public func check(in database: any SQLDatabase) throws {
        guard try !database.query("SELECT 1 FROM deals WHERE id = ?", [.integer(deal.number)]).isEmpty else { throw CommandError.notFound(deal) }
        guard !description.trimmingSpaces.isEmpty else { throw CommandError("a need needs a description") }
        guard Self.kinds.contains(kind) else { throw CommandError("a need's kind is one of \(Self.kinds.joined(separator: ", ")), not \"\(kind)\"") }
        guard Self.priorities.contains(priority) else {
            throw CommandError("a need's priority is one of \(Self.priorities.joined(separator: ", ")), not \"\(priority)\"")
        }
    }

    /// Checks the need, records it and journals `need.added` on the deal, as the context's
    /// implementation. Returns the need's id (`N-3`).
    @discardableResult
    public func record(in context: StageContext) throws -> EntityID {
        try check(in: context.database)
        let text = description.trimmingSpaces
        try context.database.execute("INSERT INTO needs (deal_id, kind, description, priority) VALUES (?, ?, ?, ?)",
                                     [.integer(deal.number), .text(kind), .text(text), .text(priority)])
        let id = EntityID(.need, context.database.lastInsertedRowID)
        try context.journal("need.added", subject: deal, details: Record([
            ("need", .id(id)), ("kind", .string(kind)), ("description", .string(text)), ("priority", .string(priority)),
        ]))
        return id
    }
}

/// Whether a deal's customer has confirmed the budget: found in discovery, asked by the discover
/// slot's gate whichever implementation is active. Kept on the core `deals` row.
public enum BudgetConfirmation {
    /// Records whether the budget of `deal` is confirmed. Journals nothing: the caller journals it
    /// with what else it changed (`deal.edited`, or its own event).
    public static func record(_ confirmed: Bool, of deal: EntityID, in database: any SQLDatabase) throws {
        guard try !database.query("SELECT 1 FROM deals WHERE id = ?", [.integer(deal.number)]).isEmpty else { throw CommandError.notFound(deal) }
        try database.execute("UPDATE deals SET budget_confirmed = ? WHERE id = ?", [.integer(confirmed ? 1 : 0), .integer(deal.number)])
    }

    /// Whether the budget of `deal` is confirmed.
    public static func isConfirmed(_ deal: EntityID, in database: any SQLDatabase) throws -> Bool {
        (try database.query("SELECT budget_confirmed FROM deals WHERE id = ?", [.integer(deal.number)]).first?.integer("budget_confirmed") ?? 0) != 0
    }
}
