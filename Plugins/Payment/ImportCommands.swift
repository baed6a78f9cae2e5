import Foundation
import FunnelModel
import StageKit

/// Columns of a CSV found by name (case and spacing ignored), for the receivables imports.
struct CSVColumns {
    let header: [String]
    private let positions: [String: Int]

    init(_ header: [String]) {
        self.header = header
        var positions: [String: Int] = [:]
        for (index, name) in header.enumerated() { positions[CSVColumns.key(name)] = index }
        self.positions = positions
    }

    static func key(_ name: String) -> String { String(name.lowercased().filter { $0.isLetter || $0.isNumber }) }

    /// Whether the file has any of these columns.
    func has(_ names: [String]) -> Bool { names.contains { positions[CSVColumns.key($0)] != nil } }

    /// Refuses the file unless it has one column of every group (named by the group's first name).
    func require(_ groups: [[String]], in path: String) throws {
        for group in groups where !has(group) {
            throw CommandError("\(path) has no \(group[0]) column (columns: \(header.joined(separator: ", ")))", argument: "file")
        }
    }

    /// The trimmed cell of the first of `names` the file has; `nil` when empty or absent.
    func value(_ names: [String], in fields: [String]) -> String? {
        for name in names {
            if let index = positions[CSVColumns.key(name)], index < fields.count {
                let text = fields[index].trimmingSpaces
                return text.isEmpty ? nil : text
            }
        }
        return nil
    }

    static func open(_ path: String) throws -> (CSVStream, CSVColumns) {
        do {
            let stream = try CSVStream(path: path)
            guard let first = try stream.next() else { throw CommandError("\(path) is empty", argument: "file") }
            return (stream, CSVColumns(first.fields.map(\.trimmingSpaces)))
        } catch let failure as CSVStream.Failure {
            throw CommandError(failure.located(in: path), argument: "file")
        }
    }
}

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
