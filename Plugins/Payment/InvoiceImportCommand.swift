import Foundation
import FunnelModel
import StageKit
import StageSupport

/// `invoice import FILE`: historical invoices (number kept as text, so leading zeros survive),
/// customers matched by name or created. All or nothing.
enum InvoiceImportCommand {
    static let command = Command(CommandSignature(
        "invoice import",
        summary: "Import historical invoices from CSV (number, customer, amount, issued, due); numbers stay text.",
        positionals: [Positional("file", .file, "The CSV file.")],
        output: .nothing, impact: .high,
        examples: [Example("invoice import invoices.csv --dry-run", "Check an invoice history.",
                           setup: "[{number: '00017', customer: Acme, amount: 5000, issued: 2025-01-02, due: 2025-02-01}] | save invoices.csv --force")])) { invocation, context in
        let path = invocation.string("file") ?? ""
        let (stream, columns) = try CSVColumns.open(path)
        try columns.require([["number", "invoice number", "invoice"], ["customer", "account", "company"], ["amount", "total"], ["due", "due date"]], in: path)
        var rejected = ImportRejections()
        var rows: [(number: String, customer: String, amount: Money, issued: Date, due: Date)] = []
        var seen = Set<String>()
        var total = 0
        do {
            while let record = try stream.next() {
                total += 1
                let place = "line \(record.line)"
                guard record.fields.count == columns.header.count else {
                    rejected.reject(place, "\(record.fields.count) fields where the header has \(columns.header.count)"); continue
                }
                guard let number = columns.value(["number", "invoice number", "invoice"], in: record.fields) else { rejected.reject(place, ", column number: empty"); continue }
                guard seen.insert(number).inserted, try context.database.query("SELECT 1 FROM invoices WHERE number = ?", [.text(number)]).isEmpty else {
                    rejected.reject(place, ", column number: invoice \(number) already exists"); continue
                }
                guard let customer = columns.value(["customer", "account", "company"], in: record.fields) else { rejected.reject(place, ", column customer: empty"); continue }
                let currencyText = columns.value(["currency"], in: record.fields)
                let amount: Money
                do { amount = try Money.parse((columns.value(["amount", "total"], in: record.fields) ?? "") + (currencyText.map { " " + $0 } ?? "")) } catch let error as Money.ParseError {
                    rejected.reject(place, ", column amount: \(error.description)"); continue
                }
                guard amount.minorUnits > 0 else { rejected.reject(place, ", column amount: an invoice is for more than zero"); continue }
                let due: Date, issued: Date
                do {
                    due = try Day.parse(columns.value(["due", "due date"], in: record.fields) ?? "")
                    issued = try columns.value(["issued", "issue date", "date"], in: record.fields).map { try Day.parse($0) } ?? due
                } catch let error as Day.ParseError { rejected.reject(place, ", date: \(error.description)"); continue }
                guard issued <= due else { rejected.reject(place, ": due \(Day.format(due)) before it was issued \(Day.format(issued))"); continue }
                rows.append((number, customer, amount, issued, due))
            }
        } catch let failure as CSVStream.Failure {
            throw CommandError(failure.located(in: path) + "; nothing was imported", argument: "file")
        }
        if rejected.report(imported: rows.count, noun: "invoice", dryRun: invocation.isDryRun, to: context.output) { return .null }
        try rejected.requireNone(outOf: total)
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
        }
        if !rows.isEmpty {
            try context.journal("invoice.imported", subject: EntityID(.invoice, context.database.lastInsertedRowID),
                                details: Record([("file", .string(path)), ("imported", .int(Int64(rows.count)))]))
        }
        context.output.line("imported \(counted(rows.count, "invoice"))")
        return .null
    }
}
