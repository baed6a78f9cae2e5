import Foundation
import FunnelModel
import StageKit

/// `invoice generate K-N`: the invoices a contract's payment terms call for — a deposit due a week
/// after signing, then the balance (or its installments) due net days after delivery.
enum InvoiceGenerateCommand {
    static let command = Command(CommandSignature(
        "invoice generate",
        summary: "Issue the invoices a signed contract's payment terms call for: deposit, balance or installments.",
        positionals: [Positional("contract", .id(.contract), "The signed contract, e.g. K-1.")],
        output: .table, impact: .low,
        examples: [Example("invoice generate K-1", "Invoices from a contract.", setup: "lead add A; lead qualify L-1 --force; "
                           + "product add P Pee --price 1000; quote add D-1 --line 'P x 3' --override; quote send Q-1; quote accept Q-1; "
                           + "contract sign Q-1 --delivery 2026-03-01 --payment '30% deposit, 70% net 30' --signatory x --yes")])) { invocation, context in
        guard let contract = invocation.id("contract") else { throw CommandError("invoice generate needs a contract", argument: "contract") }
        guard let row = try context.database.query(
            "SELECT c.*, d.customer_id FROM contracts c JOIN deals d ON d.id = c.deal_id WHERE c.id = ?", [.integer(contract.number)]).first else {
            throw CommandError.notFound(contract, argument: "contract")
        }
        guard row.text("status") == "signed" else {
            throw CommandError("\(contract) is \(row.text("status") ?? "?"); invoices come from a signed contract", argument: "contract")
        }
        guard try context.database.query("SELECT 1 FROM invoices WHERE contract_id = ?", [.integer(contract.number)]).isEmpty else {
            throw CommandError("\(contract) is already invoiced", argument: "contract", hint: "see invoice list")
        }
        let currency = row.text("currency").flatMap(Currency.init(code:)) ?? .cny
        let total = Money(minorUnits: row.integer("total_minor") ?? 0, currency: currency)
        let signed = row.text("signed_on").flatMap { try? Day.parse($0) } ?? context.clock.now
        let delivery = row.text("delivery_date").flatMap { try? Day.parse($0) } ?? signed
        let netDays = row.integer("net_days") ?? 30, installments = max(1, row.integer("installments") ?? 1)
        var plan: [(kind: String, amount: Money, due: Date)] = []
        let deposit = total.scaled(by: row.integer("deposit_bp") ?? 0, over: 10_000) ?? Money(minorUnits: 0, currency: currency)
        if deposit.minorUnits > 0 { plan.append(("deposit", deposit, signed.addingTimeInterval(7 * 86_400))) }
        let balance = total.minorUnits - deposit.minorUnits
        if balance > 0 {
            // Installments split the balance evenly; the last takes the cents that do not divide.
            let share = balance / installments
            for index in 0..<installments {
                let amount = index == installments - 1 ? balance - share * (installments - 1) : share
                let due = delivery.addingTimeInterval(TimeInterval((netDays + 30 * index) * 86_400))
                plan.append((installments == 1 ? "balance" : "installment \(index + 1) of \(installments)", Money(minorUnits: amount, currency: currency), due))
            }
        }
        var rows: [Record] = []
        for item in plan {
            if invocation.isDryRun {
                rows.append(Record([("kind", .string(item.kind)), ("amount", .money(item.amount)), ("due", .date(item.due))]))
                continue
            }
            let next = (try context.database.query("SELECT coalesce(max(id), 0) + 1 AS n FROM invoices").first?.integer("n")) ?? 1
            let number = "INV-" + String(format: "%06lld", next)
            try context.database.execute(
                "INSERT INTO invoices (number, contract_id, customer_id, kind, amount_minor, currency, issued_on, due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [.text(number), .integer(contract.number), row["customer_id"], .text(item.kind), .integer(item.amount.minorUnits),
                 .text(currency.code), .text(Day.formatTimestamp(context.clock.now)), .text(Day.formatTimestamp(item.due))])
            let invoice = EntityID(.invoice, context.database.lastInsertedRowID)
            try context.journal("invoice.issued", subject: invoice, details: Record([
                ("contract", .id(contract)), ("kind", .string(item.kind)), ("amount", .money(item.amount)), ("due", .date(item.due)),
            ]))
            rows.append(Record([("invoice", .id(invoice)), ("number", .string(number)), ("kind", .string(item.kind)),
                                ("amount", .money(item.amount)), ("due", .date(item.due))]))
        }
        return .table(Table(rows: rows))
    }
}

/// `invoice list [--overdue]`: invoices with what is paid, the balance and days overdue.
enum InvoiceListCommand {
    static let command = Command(CommandSignature(
        "invoice list",
        summary: "List invoices with what is paid, the balance and how many days each is overdue.",
        flags: [Flag("overdue", .bool, "Only open invoices past their due date."),
                Flag("customer", .id(.customer), "Only this customer's invoices.")],
        examples: [Example("invoice list --overdue", "What customers owe late.")]), catalog: true) { invocation, context in
        var condition: Relation.Fragment?
        if let customer = invocation.id("customer") { condition = .init("i.customer_id = ?", [.integer(customer.number)]) }
        let now = context.clock.now
        let invoices = try InvoiceState.all(context, where: condition)
            .filter { !invocation.flag("overdue") || ($0.status == "open" && $0.daysOverdue(at: now) > 0) }
        return .table(Table(columns: ["id", "number", "customer", "kind", "amount", "paid", "balance", "due", "days overdue", "status"],
                            rows: invoices.map { $0.record(at: now) }))
    }
}

/// `payment add I-N AMOUNT --method M --ref R`: a full or partial payment of an invoice.
enum PaymentAddCommand {
    static let command = Command(CommandSignature(
        "payment add",
        summary: "Record a full or partial payment of an invoice, with its method and reference.",
        positionals: [Positional("invoice", .id(.invoice), "The invoice, e.g. I-7."), Positional("amount", .money, "How much was paid.")],
        flags: [Flag("method", .choice(["transfer", "card", "cash", "cheque", "other"]), "How it was paid.", default: .string("transfer")),
                Flag("ref", .string, "The bank or payment reference."), Flag("on", .date, "When it was paid (default: today).")],
        output: .nothing, impact: .high,
        examples: [Example("invoice list --overdue", "Then pay: payment add I-1 900.00 --method transfer --ref HZ-2231 --yes")])) { invocation, context in
        try Settling.settle(invocation, context, method: invocation.string("method") ?? "transfer", reference: invocation.string("ref"))
    }
}

/// `credit note I-N AMOUNT --reason TEXT`: reduces what an invoice asks for.
enum CreditNoteCommand {
    static let command = Command(CommandSignature(
        "credit note",
        summary: "Credit part or all of an invoice, with a reason.",
        positionals: [Positional("invoice", .id(.invoice), "The invoice, e.g. I-7."), Positional("amount", .money, "How much to credit.")],
        flags: [Flag("reason", .string, "Why.")],
        output: .nothing, impact: .high,
        examples: [Example("invoice list", "Then credit: credit note I-1 100.00 --reason 'damaged unit' --yes")])) { invocation, context in
        guard let reason = invocation.string("reason")?.trimmingSpaces, !reason.isEmpty else {
            throw CommandError("a credit note needs a reason: --reason TEXT", argument: "reason")
        }
        return try Settling.settle(invocation, context, method: "credit note", reference: reason)
    }
}

/// Payments and credit notes: never more than the balance, in the invoice's currency; the invoice is
/// paid when nothing is left.
enum Settling {
    static func settle(_ invocation: Invocation, _ context: StageContext, method: String, reference: String?) throws -> Value {
        guard let id = invocation.id("invoice") else { throw CommandError("name an invoice", argument: "invoice") }
        guard let amount = invocation.money("amount"), amount.minorUnits > 0 else { throw CommandError("the amount must be more than zero", argument: "amount") }
        let invoice = try InvoiceState.require(id, context)
        guard invoice.status == "open" else { throw CommandError("\(id) is \(invoice.status)", argument: "invoice") }
        guard amount.currency == invoice.amount.currency else {
            throw CommandError("\(id) is in \(invoice.amount.currency), the amount in \(amount.currency)", argument: "amount")
        }
        guard amount.minorUnits <= invoice.balance.minorUnits else {
            throw CommandError("\(amount) is more than the \(invoice.balance) still owed on \(id)", argument: "amount")
        }
        let paidOn: Date = if case .date(let date)? = invocation["on"] { date } else { context.clock.now }
        let remaining = Money(minorUnits: invoice.balance.minorUnits - amount.minorUnits, currency: amount.currency)
        if invocation.isDryRun {
            context.output.line("would record \(method) of \(amount) on \(id); \(remaining) would remain")
            return .null
        }
        try context.database.execute("INSERT INTO payments (invoice_id, amount_minor, currency, paid_on, method, reference) VALUES (?, ?, ?, ?, ?, ?)",
                                     [.integer(id.number), .integer(amount.minorUnits), .text(amount.currency.code),
                                      .text(Day.formatTimestamp(paidOn)), .text(method), reference.map { .text($0) } ?? .null])
        if remaining.minorUnits == 0 {
            try context.database.execute("UPDATE invoices SET status = 'paid' WHERE id = ?", [.integer(id.number)])
        }
        try context.journal(method == "credit note" ? "invoice.credited" : "payment.received", subject: id, details: Record([
            ("amount", .money(amount)), ("method", .string(method)), ("reference", reference.map(Value.string) ?? .null),
            ("paid on", .date(paidOn)), ("days late", .int(max(0, Int64((paidOn.timeIntervalSince(invoice.due) / 86_400).rounded(.down))))),
            ("remaining", .money(remaining)),
        ]))
        context.output.line("\(method == "credit note" ? "credited" : "received") \(amount) on \(id)"
                            + (remaining.minorUnits == 0 ? " · paid in full" : " · \(remaining) remaining"))
        return .null
    }
}
