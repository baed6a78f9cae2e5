#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// A dunning step taken on an overdue invoice: the level reached (1 the first reminder, then higher
/// ones: a second notice, a final notice …) and a note of what was done. The payment slot's decision
/// about a late payer, whichever implementation makes it: `review replay payment IMPL` sets another
/// implementation's levels beside these (`Decision.recorded(in: .payment, …)`).
///
/// Stored in the core table `dunning_reminders` (core migration v17); `record(in:)` checks it and
/// journals `invoice.dunned` on the invoice with the level, the action (the note), the days overdue and
/// the balance, as the built-in `invoice remind` always has.
public struct DunningReminder: Sendable, Equatable {
    /// The overdue invoice (`I-N`).
    public var invoice: EntityID
    /// The dunning level reached: 1 or more, above any level the invoice already had.
    public var level: Int64
    /// What was done, e.g. `reminder`, `second notice`, `final notice`.
    public var note: String

    public init(invoice: EntityID, level: Int64, note: String) {
        self.invoice = invoice
        self.level = level
        self.note = note
    }

    /// Checks the reminder — an open invoice at least a whole day past due, a level from 1 to 100 above
    /// the highest it had, a note — stores it and journals `invoice.dunned`.
    public func record(in context: StageContext) throws {
        guard invoice.kind == .invoice else { throw CommandError("a reminder needs an invoice id such as I-1, not \(invoice)") }
        if let slot = context.stage?.slot, slot != .payment {
            throw CommandError("a dunning reminder is the payment slot's record; \(slot) cannot record one")
        }
        let note = self.note.trimmingSpaces
        guard !note.isEmpty, note.count <= 200 else {
            throw CommandError("a reminder of \(invoice) needs a note of what was done (e.g. reminder), at most 200 characters")
        }
        guard (1...100).contains(level) else { throw CommandError("a reminder's level is from 1 to 100, not \(level)") }
        let database = context.database
        guard let row = try database.query("""
            SELECT i.status, i.amount_minor, i.currency, i.due_on,
                   (SELECT coalesce(sum(p.amount_minor), 0) FROM payments p WHERE p.invoice_id = i.id) AS paid_minor,
                   (SELECT max(r.level) FROM dunning_reminders r WHERE r.invoice_id = i.id) AS sent
            FROM invoices i WHERE i.id = ?
            """, [.integer(invoice.number)]).first else {
            throw CommandError.notFound(invoice)
        }
        let status = row.text("status") ?? "?"
        guard status == "open" else { throw CommandError("\(invoice) is \(status); only an open invoice is reminded") }
        let now = context.clock.now
        let due = row.text("due_on").flatMap { try? Day.parse($0) } ?? now
        let daysOverdue = Int64((now.timeIntervalSince(due) / 86_400).rounded(.down))
        guard daysOverdue >= 1 else { throw CommandError("\(invoice) is not overdue (due \(Day.format(due)))") }
        if let sent = row.integer("sent"), level <= sent {
            throw CommandError("\(invoice) already had dunning level \(sent); a reminder goes to a higher level, not \(level)")
        }
        let currency = row.text("currency").flatMap(Currency.init(code:)) ?? .cny
        let balance = Money(minorUnits: (row.integer("amount_minor") ?? 0) - (row.integer("paid_minor") ?? 0), currency: currency)
        try database.execute("INSERT INTO dunning_reminders (invoice_id, level, note, sent_on, implementation) VALUES (?, ?, ?, ?, ?)",
                             [.integer(invoice.number), .integer(level), .text(note), .text(Day.formatTimestamp(now)),
                              .text(context.stage?.implementation ?? "")])
        try context.journal("invoice.dunned", subject: invoice, details: Record([
            ("level", .int(level)), ("action", .string(note)), ("days overdue", .int(daysOverdue)), ("balance", .money(balance)),
        ]))
    }

    /// The highest dunning level each invoice has had, by invoice number (its id's number).
    public static func levels(in database: any SQLDatabase) throws -> [Int64: Int64] {
        var levels: [Int64: Int64] = [:]
        for row in try database.query("SELECT invoice_id, max(level) AS level FROM dunning_reminders GROUP BY invoice_id") {
            levels[row.integer("invoice_id") ?? 0] = row.integer("level") ?? 0
        }
        return levels
    }

    /// An invoice's latest dunning step, as recorded.
    public struct Sent: Sendable, Equatable {
        /// The invoice reminded.
        public var invoice: EntityID
        /// The level it reached.
        public var level: Int64
        /// What was done.
        public var note: String
        /// When.
        public var sentOn: Date
        /// The implementation that took the step.
        public var implementation: String
    }

    /// Each reminded invoice's latest (highest) dunning step, in invoice order.
    public static func latest(in database: any SQLDatabase) throws -> [Sent] {
        try database.query("""
            SELECT invoice_id, level, note, sent_on, implementation FROM dunning_reminders
            WHERE id IN (SELECT max(id) FROM dunning_reminders GROUP BY invoice_id) ORDER BY invoice_id
            """).map { row in
            Sent(invoice: EntityID(.invoice, row.integer("invoice_id") ?? 0), level: row.integer("level") ?? 0, note: row.text("note") ?? "",
                 sentOn: row.text("sent_on").flatMap { try? Day.parse($0) } ?? Date(timeIntervalSince1970: 0),
                 implementation: row.text("implementation") ?? "")
        }
    }

    /// The core table (core migration v17).
    static let schema = [
        """
        CREATE TABLE dunning_reminders (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            invoice_id INTEGER NOT NULL REFERENCES invoices(id),
            level INTEGER NOT NULL,
            note TEXT NOT NULL,
            sent_on TEXT NOT NULL,
            implementation TEXT NOT NULL
        )
        """,
        "CREATE INDEX dunning_reminders_invoice ON dunning_reminders(invoice_id, level)",
    ]
}

extension Decision {
    /// The payment slot's decisions: the dunning level each reminded invoice reached last (its
    /// `DunningReminder`s), with the note of what was done.
    static func dunningLevels(in database: any SQLDatabase) throws -> [Decision] {
        try DunningReminder.latest(in: database).map {
            Decision(subject: $0.invoice, slot: .payment, implementation: $0.implementation, decision: String($0.level), reason: $0.note)
        }
    }
}
