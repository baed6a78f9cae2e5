#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// A record of a slot's own kind, for slots the lifecycle does not know (a team's `trial` between
/// recommend and negotiate): "a pilot was agreed for D-3, 4 weeks". Any implementation of the slot
/// writes them; the slot's gate may ask for one before a deal leaves it (a plugin declares
/// `"gate": {"exit": ["pilot"]}`), whichever implementation is active.
///
/// Stored in the core table `slot_records` (core migration v16) with its fields as JSON; `record(in:)`
/// checks it and journals `SLOT.KIND` (e.g. `trial.pilot`) on its subject.
public struct SlotRecord: Sendable, Equatable {
    public var slot: StageSlot
    /// A lower-case word naming the kind of record, e.g. `pilot`.
    public var kind: String
    /// What it is about: a deal, a customer, a lead … (an id of a well-known kind).
    public var subject: EntityID
    public var fields: Record

    public init(slot: StageSlot, kind: String, subject: EntityID, fields: Record = Record()) {
        self.slot = slot
        self.kind = kind
        self.subject = subject
        self.fields = fields
    }

    /// Whether `kind` is a usable name: lower-case letters, digits and dashes, starting with a letter.
    public static func isKindName(_ kind: String) -> Bool {
        guard let first = kind.unicodeScalars.first, ("a"..."z").contains(first), kind.count <= 40 else { return false }
        return kind.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Checks the record (a kind name, a subject that exists), stores it and journals it.
    public func record(in context: StageContext) throws {
        guard SlotRecord.isKindName(kind) else {
            throw CommandError("\"\(kind)\" is not a kind of record: lower-case letters, digits and dashes, e.g. pilot")
        }
        guard let table = SlotRecord.tables[subject.kind] else {
            throw CommandError("a \(kind) record is about a lead, customer, contact, deal, contract, invoice or ticket, not \(subject)")
        }
        guard try !context.database.query("SELECT 1 FROM \(table) WHERE id = ?", [.integer(subject.number)]).isEmpty else {
            throw CommandError.notFound(subject)
        }
        try context.database.execute(
            "INSERT INTO slot_records (slot, kind, subject, fields, implementation, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
            [.text(slot.rawValue), .text(kind), .text(subject.description), .text(Value.record(fields).json),
             .text(context.stage?.implementation ?? ""), .text(Day.formatTimestamp(context.clock.now))])
        try context.journal("\(slot.rawValue).\(kind)", subject: subject, details: fields)
    }

    /// How many records of `kind` the slot holds about `subject`.
    public static func count(_ kind: String, in slot: StageSlot, about subject: EntityID, database: any SQLDatabase) throws -> Int64 {
        try database.query("SELECT count(*) AS n FROM slot_records WHERE slot = ? AND kind = ? AND subject = ?",
                           [.text(slot.rawValue), .text(kind), .text(subject.description)]).first?.integer("n") ?? 0
    }

    /// The core tables of the kinds a record may be about.
    static let tables: [EntityKind: String] = [
        .lead: "leads", .customer: "customers", .contact: "contacts", .deal: "deals", .contract: "contracts",
        .invoice: "invoices", .ticket: "tickets",
    ]

    /// The core table (core migration v16).
    static let schema = [
        """
        CREATE TABLE slot_records (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            slot TEXT NOT NULL,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            fields TEXT NOT NULL,
            implementation TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX slot_records_subject ON slot_records(slot, kind, subject)",
    ]
}
