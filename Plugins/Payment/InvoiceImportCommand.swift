#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// `invoice import FILE`: historical invoices (number kept as text, so leading zeros survive),
/// customers matched by name or created, and, when the file says when each was settled, the payment
/// that settled it; other columns fill custom fields of invoices (`--keep-extra`, `custom.NAME`). All or nothing.
enum InvoiceImportCommand {
    /// The columns the import reads; `help invoice import` lists them from here.
    static let fields = [
        ImportField("number", "text", required: true, headers: ["invoice number", "invoice no", "invoice", "invoice id", "document number"],
                    "kept as text: 00017 stays 00017"),
        ImportField("customer", "text", required: true, headers: ["customer name", "account", "account name", "company", "client"],
                    "matched by name, or created"),
        ImportField("amount", "amount", required: true, headers: ["total", "invoice amount", "invoice total", "amount due"],
                    "more than zero; may carry its currency (120.50 USD)"),
        ImportField("currency", "currency code", headers: ["currency code", "ccy", "amount currency"], "the amount's currency when it names none (default --currency, else CNY)"),
        ImportField("issued", "date", required: true, headers: ["issue date", "issued on", "invoice date", "date issued", "document date", "date"]),
        ImportField("due", "date", required: true, headers: ["due date", "due on", "date due", "payment due"], "on or after the issue date"),
        ImportField("settled", "date", headers: ["settled date", "settled on", "date settled", "paid in full on"],
                    "the day it was paid in full, recorded as one payment of the whole amount (method other); blank when still open"),
    ]

    static let command = Command(CommandSignature(
        "invoice import",
        summary: "Import historical invoices from CSV (number, customer, amount, issued, due, settled); numbers stay text.",
        positionals: [Positional("file", .file, "The CSV file.")],
        flags: [ReceivablesFile.mapFlag, ReceivablesFile.keepExtraFlag,
                Flag("currency", .string, "The currency of amounts that name none (default CNY); a currency column wins.")],
        output: .nothing, impact: .high,
        examples: [Example("invoice import invoices.csv --dry-run", "Check an invoice history.",
                           setup: "[{number: '00017', customer: Acme, amount: 5000, issued: 2025-01-02, due: 2025-02-01}] | save invoices.csv --force"),
                   Example("invoice import ar.csv --map 'Posted=issued' --dry-run", "An export whose issue-date column has a name of its own.",
                           setup: "[{number: '00017', customer: Acme, amount: 5000, Posted: 2025-01-02, due: 2025-02-01}] | save ar.csv --force"),
                   Example("invoice import ar.csv --map 'Sales Region=custom.region' --keep-extra --dry-run",
                           "Keep the export's own columns as custom fields of invoices.",
                           setup: "[{number: '00017', customer: Acme, amount: 5000, issued: 2025-01-02, due: 2025-02-01, 'Sales Region': North, PO: 'PO-9'}] | save ar.csv --force")],
        importFields: fields)) { invocation, context in
        let currency = try invocation.currency("currency")
        let file = try ReceivablesFile(invocation, fields: fields, entity: .invoice, context: context)
        let columns = file.columns
        var rows: [(number: String, customer: String, amount: Money, issued: Date, due: Date, settled: Date?, custom: [(String, CustomFields.Stored)])] = []
        var seen = Set<String>()
        var rejected = ImportRejections()
        let total = try file.eachRow(rejecting: &rejected) { cells, place, rejected in
            guard let number = columns.value("number", in: cells) else { rejected.reject(place, file.place("number") + ": empty"); return }
            guard seen.insert(number).inserted, try context.database.query("SELECT 1 FROM invoices WHERE number = ?", [.text(number)]).isEmpty else {
                rejected.reject(place, file.place("number") + ": invoice \(number) already exists"); return
            }
            guard let customer = columns.value("customer", in: cells) else { rejected.reject(place, file.place("customer") + ": empty"); return }
            var rowCurrency: Currency?
            if let text = columns.value("currency", in: cells) {
                do throws(Currency.UnknownCode) { rowCurrency = try Currency.read(text) } catch {
                    rejected.reject(place, file.place("currency") + ": \(error.description)"); return
                }
            }
            let amount: Money
            do {
                amount = try Money.parse(columns.value("amount", in: cells) ?? "", defaultCurrency: rowCurrency ?? currency)
            } catch let error as Money.ParseError {
                rejected.reject(place, file.place("amount") + ": \(error.description)"); return
            }
            if let rowCurrency, amount.currency != rowCurrency {
                rejected.reject(place, file.place("amount") + ": \(amount) is in \(amount.currency) where the currency column says \(rowCurrency)"); return
            }
            guard amount.minorUnits > 0 else { rejected.reject(place, file.place("amount") + ": an invoice is for more than zero"); return }
            var dates: [String: Date] = [:]
            for field in ["issued", "due"] {
                do { dates[field] = try Day.parse(columns.value(field, in: cells) ?? "") } catch let error as Day.ParseError {
                    rejected.reject(place, file.place(field) + ": \(error.description)"); return
                }
            }
            guard let issued = dates["issued"], let due = dates["due"] else { return }
            guard issued <= due else { rejected.reject(place, file.place("due") + ": due \(Day.format(due)) before it was issued \(Day.format(issued))"); return }
            var settled: Date?
            if let text = columns.value("settled", in: cells) {
                do { settled = try Day.parse(text) } catch let error as Day.ParseError {
                    rejected.reject(place, file.place("settled") + ": \(error.description)"); return
                }
            }
            if let settled, settled < issued {
                rejected.reject(place, file.place("settled") + ": settled \(Day.format(settled)) before it was issued \(Day.format(issued))"); return
            }
            guard let custom = file.customValues(cells, place: place, currency: amount.currency, rejecting: &rejected) else { return }
            rows.append((number, customer, amount, issued, due, settled, custom))
        }
        if rejected.report(imported: rows.count, noun: "invoice", dryRun: invocation.isDryRun, to: context.output) { return .null }
        try rejected.requireNone(outOf: total)
        try file.declareCustomFields(in: context.database)
        var customers: [String: Int64] = [:]
        for row in rows {
            let customer: Int64
            if let known = customers[row.customer] { customer = known }
            else if let existing = try context.database.query("SELECT id FROM customers WHERE name = ?", [.text(row.customer)]).first?.integer("id") { customer = existing }
            else {
                try context.database.execute("INSERT INTO customers (name, created_at) VALUES (?, ?)", [.text(row.customer), .text(Day.formatTimestamp(row.issued))])
                customer = context.database.lastInsertedRowID
            }
            customers[row.customer] = customer
            try context.database.execute(
                "INSERT INTO invoices (number, customer_id, kind, amount_minor, currency, issued_on, due_on) VALUES (?, ?, 'imported', ?, ?, ?, ?)",
                [.text(row.number), .integer(customer), .integer(row.amount.minorUnits), .text(row.amount.currency.code),
                 .text(Day.formatTimestamp(row.issued)), .text(Day.formatTimestamp(row.due))])
            let invoice = context.database.lastInsertedRowID
            try file.setCustomValues(row.custom, record: invoice, in: context.database)
            if let settled = row.settled {
                try context.database.execute("INSERT INTO payments (invoice_id, amount_minor, currency, paid_on, method) VALUES (?, ?, ?, ?, 'other')",
                                             [.integer(invoice), .integer(row.amount.minorUnits), .text(row.amount.currency.code),
                                              .text(Day.formatTimestamp(settled))])
                try context.database.execute("UPDATE invoices SET status = 'paid' WHERE id = ?", [.integer(invoice)])
            }
        }
        if !rows.isEmpty {
            try context.journal("invoice.imported", subject: EntityID(.invoice, context.database.lastInsertedRowID),
                                details: Record([("file", .string(file.path)), ("imported", .int(Int64(rows.count)))]))
        }
        file.noteNewFields(to: context.output)
        let settled = rows.count { $0.settled != nil }
        context.output.line("imported \(counted(rows.count, "invoice"))" + (columns.has("settled") ? " · \(settled) settled" : ""))
        return .null
    }
}
