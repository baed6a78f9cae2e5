#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// The `revisit` slot's first record: when a customer is next to be revisited. Whatever implementation
/// revisits customers schedules through this type (by a tier's cadence, an NPS policy or by hand), so
/// `revisit list`, customer health and `customer lapsed` read every implementation's revisits alike.
///
/// Stored in the core table `revisits`; `record(in:)` replaces the customer's pending revisit (one
/// not yet done) with this one and journals `revisit.scheduled` on the customer.
public struct RevisitSchedule: Sendable, Equatable {
    /// The customer to revisit (`C-N`).
    public var customer: EntityID
    /// When: today or later.
    public var due: Date
    /// The cadence it follows, in days, if there is one (journaled as `every days`).
    public var everyDays: Int64?

    /// A revisit to schedule; `check(in:)` or `record(in:)` validates it.
    public init(customer: EntityID, due: Date, everyDays: Int64? = nil) {
        self.customer = customer
        self.due = due
        self.everyDays = everyDays
    }

    /// Checks it without storing it: an existing customer, due today or later, a positive cadence.
    /// Errors name the field at fault (`customer`, `due`, `every`).
    public func check(in context: StageContext) throws {
        try RevisitLog.checkSlot(context)
        _ = try RevisitLog.customerName(customer, context)
        guard Day.format(due) >= Day.format(context.clock.now) else {
            throw CommandError("a revisit is due today or later, not \(Day.format(due))", argument: "due")
        }
        if let everyDays, everyDays < 1 { throw CommandError("revisit at most daily, not every \(everyDays) days", argument: "every") }
    }

    /// Checks it (`check(in:)`), replaces the customer's pending revisit with it and journals
    /// `revisit.scheduled` with the due date (and the cadence, when there is one).
    public func record(in context: StageContext) throws {
        try check(in: context)
        try context.database.execute("DELETE FROM revisits WHERE customer_id = ? AND done_on IS NULL", [.integer(customer.number)])
        try context.database.execute("INSERT INTO revisits (customer_id, due_on) VALUES (?, ?)",
                                     [.integer(customer.number), .text(Day.formatTimestamp(due))])
        var details = Record([("due", .date(due))])
        if let everyDays { details["every days"] = .int(everyDays) }
        try context.journal("revisit.scheduled", subject: customer, details: details)
    }
}

/// The `revisit` slot's hand-off back to discovery: a revisit done, what came of it and the customer's
/// NPS; a new need found opens a repeat deal in `discover` (with the need), and the next revisit may be
/// scheduled with it. Whatever implementation revisits customers logs through this type.
///
/// Stored in the core tables `revisits` (the customer's earliest pending revisit is marked done, or a
/// done one is added), `deals` and `needs`; `record(in:)` journals `deal.created` on a repeat deal and
/// `revisit.done` on the customer.
public struct RevisitLog: Sendable, Equatable {
    /// The priorities a new need may have: `low`, `medium`, `high`, `critical`.
    public static let needPriorities = ["low", "medium", "high", "critical"]

    /// The customer revisited (`C-N`).
    public var customer: EntityID
    /// What came of it; not empty.
    public var outcome: String
    /// How likely they are to recommend us, 0 to 10, if asked.
    public var nps: Int64?
    /// A new need found: opens a repeat deal in discover, titled "CUSTOMER: NEED".
    public var need: String?
    /// The new need's priority, one of `needPriorities`.
    public var needPriority: String
    /// When to revisit next (today or later), if a next revisit is to be scheduled.
    public var next: Date?

    /// A revisit to log; `check(in:)` or `record(in:)` validates it.
    public init(customer: EntityID, outcome: String, nps: Int64? = nil, need: String? = nil, needPriority: String = "medium", next: Date? = nil) {
        self.customer = customer
        self.outcome = outcome
        self.nps = nps
        self.need = need
        self.needPriority = needPriority
        self.next = next
    }

    /// What logging came to: the repeat deal opened, if a need was found.
    public struct Logged: Sendable, Equatable {
        /// The repeat deal (`D-N`), in discover.
        public var deal: EntityID?
    }

    /// Checks it without storing it: an existing customer, an outcome, an NPS of 0 to 10, a need's
    /// priority of the list, a next revisit today or later. Errors name the field at fault
    /// (`customer`, `outcome`, `nps`, `priority`, `next`). Returns the customer's name.
    @discardableResult
    public func check(in context: StageContext) throws -> String {
        try RevisitLog.checkSlot(context)
        let name = try RevisitLog.customerName(customer, context)
        guard !outcome.trimmingSpaces.isEmpty else { throw CommandError("say what came of it: --outcome TEXT", argument: "outcome") }
        if let nps, !(0...10).contains(nps) { throw CommandError("NPS is 0 to 10, not \(nps)", argument: "nps") }
        guard RevisitLog.needPriorities.contains(needPriority) else {
            throw CommandError("a need's priority is low, medium, high or critical, not \"\(needPriority)\"", argument: "priority")
        }
        if let next, Day.format(next) < Day.format(context.clock.now) {
            throw CommandError("the next revisit is due today or later, not \(Day.format(next))", argument: "next")
        }
        return name
    }

    /// Checks it (`check(in:)`); opens the repeat deal and its need when a need was found (journaled
    /// `deal.created`, from revisit); marks the customer's earliest pending revisit done with the
    /// outcome, NPS and deal (or adds a done one, due today); schedules the next revisit when `next` is
    /// given; and journals `revisit.done` on the customer.
    @discardableResult
    public func record(in context: StageContext) throws -> Logged {
        let name = try check(in: context)
        let database = context.database
        let now = Day.formatTimestamp(context.clock.now)
        let outcome = self.outcome.trimmingSpaces
        var deal: EntityID?
        if let need = need?.trimmingSpaces, !need.isEmpty {
            try database.execute(
                "INSERT INTO deals (customer_id, title, stage, status, created_at) VALUES (?, ?, 'discover', 'open', ?)",
                [.integer(customer.number), .text("\(name): \(need)"), .text(now)])
            let id = EntityID(.deal, database.lastInsertedRowID)
            try database.execute("INSERT INTO needs (deal_id, kind, description, priority) VALUES (?, 'requirement', ?, ?)",
                                 [.integer(id.number), .text(need), .text(needPriority)])
            try context.journal("deal.created", subject: id, details: Record([("customer", .id(customer)), ("stage", .string("discover")),
                                                                               ("from", .string("revisit")), ("need", .string(need))]))
            deal = id
        }
        let npsValue: SQLValue = nps.map { .integer($0) } ?? .null, dealValue: SQLValue = deal.map { .integer($0.number) } ?? .null
        if let pending = try database.query("SELECT id FROM revisits WHERE customer_id = ? AND done_on IS NULL ORDER BY due_on LIMIT 1",
                                            [.integer(customer.number)]).first?.integer("id") {
            try database.execute("UPDATE revisits SET done_on = ?, outcome = ?, nps = ?, deal_id = ? WHERE id = ?",
                                 [.text(now), .text(outcome), npsValue, dealValue, .integer(pending)])
        } else {
            try database.execute("INSERT INTO revisits (customer_id, due_on, done_on, outcome, nps, deal_id) VALUES (?, ?, ?, ?, ?, ?)",
                                 [.integer(customer.number), .text(now), .text(now), .text(outcome), npsValue, dealValue])
        }
        if let next {
            try database.execute("INSERT INTO revisits (customer_id, due_on) VALUES (?, ?)", [.integer(customer.number), .text(Day.formatTimestamp(next))])
        }
        try context.journal("revisit.done", subject: customer, details: Record([
            ("outcome", .string(outcome)), ("nps", nps.map(Value.int) ?? .null), ("deal", deal.map(Value.id) ?? .null),
            ("next", next.map(Value.date) ?? .null),
        ]))
        return Logged(deal: deal)
    }

    /// Refuses a revisit record from an implementation of another slot.
    static func checkSlot(_ context: StageContext) throws {
        if let slot = context.stage?.slot, slot != .revisit {
            throw CommandError("a revisit is revisit's hand-off; \(slot) cannot record one")
        }
    }

    /// The name of an existing customer.
    static func customerName(_ customer: EntityID, _ context: StageContext) throws -> String {
        guard customer.kind == .customer else { throw CommandError("\(customer) is not a customer", argument: "customer") }
        guard let name = try context.database.query("SELECT name FROM customers WHERE id = ?", [.integer(customer.number)]).first?.text("name") else {
            throw CommandError.notFound(customer, argument: "customer")
        }
        return name
    }
}
