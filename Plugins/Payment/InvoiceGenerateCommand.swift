#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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
        // Each invoice goes through the payment slot's hand-off (`IssuedInvoice`), which checks it against the
        // contract and journals it; a dry run issues them in a savepoint rolled back, so it is checked the same.
        // Invoiced late, an invoice whose date under the terms has passed is due on issue (an invoice is
        // never due before it is issued), and the user is told.
        let today = Day.format(context.clock.now)
        let invoices = plan.map { item in
            guard Day.format(item.due) < today else { return IssuedInvoice(contract: contract, kind: item.kind, amount: item.amount, due: item.due) }
            context.output.note("the \(item.kind)'s date under the terms, \(Day.format(item.due)), has passed: it is due on issue, \(today)")
            return IssuedInvoice(contract: contract, kind: item.kind, amount: item.amount, due: context.clock.now)
        }
        let rows: [Record]
        if invocation.isDryRun {
            rows = try context.database.savepoint(rollingBack: true) {
                try invoices.map { invoice in
                    try invoice.record(in: context)
                    return Record([("kind", .string(invoice.kind)), ("amount", .money(invoice.amount)), ("due", .date(invoice.due))])
                }
            }
        } else {
            rows = try invoices.map { invoice in
                let issued = try invoice.record(in: context)
                return Record([("invoice", .id(issued.invoice)), ("number", .string(issued.number)), ("kind", .string(invoice.kind)),
                               ("amount", .money(invoice.amount)), ("due", .date(invoice.due))])
            }
        }
        return .table(Table(rows: rows))
    }
}
