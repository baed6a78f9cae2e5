import Foundation
import FunnelModel
import StageKit
import StageSupport

/// `payment import FILE`: historical payments against invoices by number, so days late can be analysed.
enum PaymentImportCommand {
    static let command = Command(CommandSignature(
        "payment import",
        summary: "Import historical payments from CSV (invoice number, amount, paid date, method, reference). All or nothing.",
        positionals: [Positional("file", .file, "The CSV file.")],
        output: .nothing, impact: .high,
        examples: [Example("payment import payments.csv --dry-run", "Check a payment history.",
                           setup: "[{number: '00017', customer: Acme, amount: 5000, due: 2025-02-01}] | save invoices.csv --force; invoice import invoices.csv --yes; "
                               + "[{invoice: '00017', amount: 5000, paid: 2025-02-11}] | save payments.csv --force")])) { invocation, context in
        let path = invocation.string("file") ?? ""
        let (stream, columns) = try CSVColumns.open(path)
        try columns.require([["invoice", "invoice number", "number"], ["amount"], ["paid", "paid on", "date"]], in: path)
        var rejected = ImportRejections()
        var rows: [(invoice: Int64, amount: Money, paid: Date, method: String, reference: String?)] = []
        var owed: [Int64: Int64] = [:]
        var total = 0
        do {
            while let record = try stream.next() {
                total += 1
                let place = "line \(record.line)"
                guard record.fields.count == columns.header.count else {
                    rejected.reject(place, "\(record.fields.count) fields where the header has \(columns.header.count)"); continue
                }
                guard let number = columns.value(["invoice", "invoice number", "number"], in: record.fields),
                      let invoice = try InvoiceState.all(context, where: .init("i.number = ?", [.text(number)])).first else {
                    rejected.reject(place, ", column invoice: no invoice \(columns.value(["invoice", "invoice number", "number"], in: record.fields) ?? "(empty)")"); continue
                }
                let amount: Money
                do { amount = try Money.parse(columns.value(["amount"], in: record.fields) ?? "", defaultCurrency: invoice.amount.currency) } catch let error as Money.ParseError {
                    rejected.reject(place, ", column amount: \(error.description)"); continue
                }
                guard amount.minorUnits > 0, amount.currency == invoice.amount.currency else {
                    rejected.reject(place, ", column amount: must be more than zero, in \(invoice.amount.currency)"); continue
                }
                let left = owed[invoice.id.number] ?? invoice.balance.minorUnits
                guard amount.minorUnits <= left else { rejected.reject(place, ", column amount: more than the \(Money(minorUnits: left, currency: amount.currency)) owed on \(number)"); continue }
                owed[invoice.id.number] = left - amount.minorUnits
                let paid: Date
                do { paid = try Day.parse(columns.value(["paid", "paid on", "date"], in: record.fields) ?? "") } catch let error as Day.ParseError {
                    rejected.reject(place, ", column paid: \(error.description)"); continue
                }
                rows.append((invoice.id.number, amount, paid, columns.value(["method"], in: record.fields)?.lowercased() ?? "transfer",
                             columns.value(["reference", "ref"], in: record.fields)))
            }
        } catch let failure as CSVStream.Failure {
            throw CommandError(failure.located(in: path) + "; nothing was imported", argument: "file")
        }
        if rejected.report(imported: rows.count, noun: "payment", dryRun: invocation.isDryRun, to: context.output) { return .null }
        try rejected.requireNone(outOf: total)
        for row in rows {
            try context.database.execute("INSERT INTO payments (invoice_id, amount_minor, currency, paid_on, method, reference) VALUES (?, ?, ?, ?, ?, ?)",
                                         [.integer(row.invoice), .integer(row.amount.minorUnits), .text(row.amount.currency.code),
                                          .text(Day.formatTimestamp(row.paid)), .text(row.method), row.reference.map { .text($0) } ?? .null])
        }
        for (invoice, left) in owed where left == 0 {
            try context.database.execute("UPDATE invoices SET status = 'paid' WHERE id = ?", [.integer(invoice)])
        }
        if let last = rows.last {
            try context.journal("payment.imported", subject: EntityID(.invoice, last.invoice),
                                details: Record([("file", .string(path)), ("imported", .int(Int64(rows.count)))]))
        }
        context.output.line("imported \(counted(rows.count, "payment"))")
        return .null
    }
}
