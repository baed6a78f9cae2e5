#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// `payment import FILE`: historical payments against invoices by number, so days late can be analysed;
/// other columns fill custom fields of payments (`--keep-extra`, `custom.NAME`). All or nothing.
enum PaymentImportCommand {
    /// The columns the import reads; `help payment import` lists them from here.
    static let fields = [
        ImportField("invoice", "text", required: true, headers: ["invoice number", "invoice no", "invoice id", "number"],
                    "the number of an invoice already in Funnel (or its id, I-N, as payment list writes it)"),
        ImportField("amount", "amount", required: true, headers: ["amount paid", "paid amount", "payment amount", "total"],
                    "more than zero, at most what is still owed, in the invoice's currency"),
        ImportField("currency", "currency code", headers: ["amount currency", "currency code"],
                    "the amount's currency when it names none; it must be the invoice's (default: the invoice's)"),
        ImportField("paid", "date", required: true, headers: ["paid on", "payment date", "date paid", "date"]),
        ImportField("method", "text", headers: ["payment method", "paid by"], "default transfer"),
        ImportField("reference", "text", headers: ["ref", "payment reference", "transaction id"]),
    ]

    static let command = Command(CommandSignature(
        "payment import",
        summary: "Import historical payments from CSV (invoice number, amount, paid date, method, reference). All or nothing.",
        positionals: [Positional("file", .file, "The CSV file.")],
        flags: [ReceivablesFile.mapFlag, ReceivablesFile.keepExtraFlag],
        output: .nothing, impact: .high,
        examples: [Example("payment import payments.csv --dry-run", "Check a payment history.",
                           setup: "[{number: '00017', customer: Acme, amount: 5000, issued: 2025-01-02, due: 2025-02-01}] | save invoices.csv --force; invoice import invoices.csv --yes; "
                               + "[{invoice: '00017', amount: 5000, paid: 2025-02-11}] | save payments.csv --force"),
                   Example("payment import bank.csv --map 'Doc=invoice,Value Date=paid' --dry-run", "A bank export with headers of its own.",
                           setup: "[{number: '00017', customer: Acme, amount: 5000, issued: 2025-01-02, due: 2025-02-01}] | save invoices.csv --force; invoice import invoices.csv --yes; "
                               + "[{Doc: '00017', amount: 5000, 'Value Date': 2025-02-11}] | save bank.csv --force")],
        importFields: fields)) { invocation, context in
        let file = try ReceivablesFile(invocation, fields: fields, entity: .payment, context: context)
        let columns = file.columns
        var rows: [(invoice: Int64, amount: Money, paid: Date, method: String, reference: String?, custom: [(String, CustomFields.Stored)])] = []
        var owed: [Int64: Int64] = [:]
        var rejected = ImportRejections()
        let total = try file.eachRow(rejecting: &rejected) { cells, place, rejected in
            guard let number = columns.value("invoice", in: cells), let invoice = try invoice(number, context) else {
                rejected.reject(place, file.place("invoice") + ": no invoice \(columns.value("invoice", in: cells) ?? "(empty)")"); return
            }
            var currency = invoice.amount.currency
            if let code = columns.value("currency", in: cells) {
                do throws(Currency.UnknownCode) { currency = try Currency.read(code) } catch {
                    rejected.reject(place, file.place("currency") + ": \(error.description)"); return
                }
            }
            let amount: Money
            do { amount = try Money.parse(columns.value("amount", in: cells) ?? "", defaultCurrency: currency) } catch let error as Money.ParseError {
                rejected.reject(place, file.place("amount") + ": \(error.description)"); return
            }
            guard amount.minorUnits > 0, amount.currency == invoice.amount.currency else {
                rejected.reject(place, file.place("amount") + ": must be more than zero, in \(invoice.amount.currency)"); return
            }
            let left = owed[invoice.id.number] ?? invoice.balance.minorUnits
            guard amount.minorUnits <= left else {
                rejected.reject(place, file.place("amount") + ": more than the \(Money(minorUnits: left, currency: amount.currency)) owed on \(number)"); return
            }
            let paid: Date
            do { paid = try Day.parse(columns.value("paid", in: cells) ?? "") } catch let error as Day.ParseError {
                rejected.reject(place, file.place("paid") + ": \(error.description)"); return
            }
            guard let custom = file.customValues(cells, place: place, currency: amount.currency, rejecting: &rejected) else { return }
            owed[invoice.id.number] = left - amount.minorUnits
            rows.append((invoice.id.number, amount, paid, columns.value("method", in: cells)?.lowercased() ?? "transfer",
                         columns.value("reference", in: cells), custom))
        }
        if rejected.report(imported: rows.count, noun: "payment", dryRun: invocation.isDryRun, to: context.output) { return .null }
        try rejected.requireNone(outOf: total)
        try file.declareCustomFields(in: context.database)
        for row in rows {
            try context.database.execute("INSERT INTO payments (invoice_id, amount_minor, currency, paid_on, method, reference) VALUES (?, ?, ?, ?, ?, ?)",
                                         [.integer(row.invoice), .integer(row.amount.minorUnits), .text(row.amount.currency.code),
                                          .text(Day.formatTimestamp(row.paid)), .text(row.method), row.reference.map { .text($0) } ?? .null])
            try file.setCustomValues(row.custom, record: context.database.lastInsertedRowID, in: context.database)
        }
        for (invoice, left) in owed where left == 0 {
            try context.database.execute("UPDATE invoices SET status = 'paid' WHERE id = ?", [.integer(invoice)])
        }
        if let last = rows.last {
            try context.journal("payment.imported", subject: EntityID(.invoice, last.invoice),
                                details: Record([("file", .string(file.path)), ("imported", .int(Int64(rows.count)))]))
        }
        file.noteNewFields(to: context.output)
        context.output.line("imported \(counted(rows.count, "payment"))")
        return .null
    }

    /// The invoice a file names: by its number, else by its id (`I-7`, as `payment list` writes it
    /// beside the number), so a saved payment list imports back.
    static func invoice(_ text: String, _ context: StageContext) throws -> InvoiceState? {
        if let invoice = try InvoiceState.all(context, where: .init("i.number = ?", [.text(text)])).first { return invoice }
        guard let id = EntityID(parsing: text, as: .invoice) else { return nil }
        return try InvoiceState.all(context, where: .init("i.id = ?", [.integer(id.number)])).first
    }
}
