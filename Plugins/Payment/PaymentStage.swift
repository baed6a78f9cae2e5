#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// The `payment` slot: invoices from a contract's payment terms, payments and credit notes,
/// overdue detection, dunning by days overdue, and the aging report with days sales outstanding.
public struct PaymentStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .payment, implementation: "receivables",
                        summary: "Invoice from payment terms, record payments, chase what is overdue, age receivables.",
                        version: "0.1.0", follows: .sign)
    }

    public var commands: [Command] { commandEntries.map { $0.make() } }

    public var commandEntries: [CommandEntry] {
        [
            CommandEntry("invoice generate") { InvoiceGenerateCommand.command },
            CommandEntry("invoice list") { InvoiceListCommand.command },
            CommandEntry("payment add") { PaymentAddCommand.command },
            CommandEntry("credit note") { CreditNoteCommand.command },
            CommandEntry("invoice remind") { InvoiceRemindCommand.command },
            CommandEntry("report aging") { AgingReportCommand.command },
            CommandEntry("invoice import") { InvoiceImportCommand.command },
            CommandEntry("payment import") { PaymentImportCommand.command },
            CommandEntry("payment list") { PaymentListCommand.command },
            CommandEntry("invoice edit") { InvoiceEditCommand.command },
        ]
    }

    public var settings: [Setting] { [DunningLevels.setting] }

    public var migrations: [Migration] {
        [Migration(module: "payment", name: "v1", statements: [
            """
            CREATE TABLE dunning (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                invoice_id INTEGER NOT NULL REFERENCES invoices(id),
                level INTEGER NOT NULL,
                action TEXT NOT NULL,
                sent_on TEXT NOT NULL
            )
            """,
        ]),
        // Dunning steps are the slot's hand-off now, in the core table `dunning_reminders` (`DunningReminder`)
        // whichever implementation takes them: the steps recorded here move there.
        Migration(module: "payment", name: "v2-reminders-in-core", statements: [
            "INSERT INTO dunning_reminders (invoice_id, level, note, sent_on, implementation) SELECT invoice_id, level, action, sent_on, 'receivables' FROM dunning ORDER BY id",
            "DROP TABLE dunning",
        ])]
    }
}

/// An invoice with what has been paid on it, read from the shared tables.
struct InvoiceState {
    let id: EntityID
    let number: String
    let customer: EntityID?
    let kind: String
    let amount: Money
    let paid: Money
    let issued: Date
    let due: Date
    let status: String
    /// The highest dunning level the invoice had (0 when never reminded).
    let dunned: Int64

    var balance: Money { Money(minorUnits: amount.minorUnits - paid.minorUnits, currency: amount.currency) }

    static func all(_ context: StageContext, where condition: Relation.Fragment? = nil) throws -> [InvoiceState] {
        var sql = "SELECT i.*, (SELECT coalesce(sum(p.amount_minor), 0) FROM payments p WHERE p.invoice_id = i.id) AS paid_minor, "
            + "(SELECT coalesce(max(r.level), 0) FROM dunning_reminders r WHERE r.invoice_id = i.id) AS dunned FROM invoices i"
        if let condition { sql += " WHERE " + condition.sql }
        sql += " ORDER BY i.id"
        return try context.database.query(sql, condition?.arguments ?? []).map { row in
            let currency = row.text("currency").flatMap(Currency.init(code:)) ?? .cny
            return InvoiceState(id: EntityID(.invoice, row.integer("id") ?? 0), number: row.text("number") ?? "",
                                customer: row.integer("customer_id").map { EntityID(.customer, $0) }, kind: row.text("kind") ?? "",
                                amount: Money(minorUnits: row.integer("amount_minor") ?? 0, currency: currency),
                                paid: Money(minorUnits: row.integer("paid_minor") ?? 0, currency: currency),
                                issued: row.text("issued_on").flatMap { try? Day.parse($0) } ?? Date(timeIntervalSince1970: 0),
                                due: row.text("due_on").flatMap { try? Day.parse($0) } ?? Date(timeIntervalSince1970: 0),
                                status: row.text("status") ?? "open", dunned: row.integer("dunned") ?? 0)
        }
    }

    static func require(_ id: EntityID, _ context: StageContext, argument: String = "invoice") throws -> InvoiceState {
        guard let invoice = try all(context, where: .init("i.id = ?", [.integer(id.number)])).first else {
            throw CommandError.notFound(id, argument: argument)
        }
        return invoice
    }
}
