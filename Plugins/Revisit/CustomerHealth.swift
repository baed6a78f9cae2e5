#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// What a customer is worth and how the relationship stands.
enum CustomerHealth {
    /// The chance an open deal in each stage is won (`revisit.probability.STAGE`, percent).
    static let defaultProbability: [String: Int64] = ["discover": 20, "recommend": 30, "negotiate": 50, "sign": 80, "screen": 10]

    static func record(_ customer: EntityID, lapsedAfterDays: Int64, _ context: StageContext) throws -> Record {
        let name = try Cadence.requireCustomer(customer, context)
        let database = context.database
        let id: SQLValue = .integer(customer.number)
        let paid = try database.query(
            "SELECT coalesce(sum(p.amount_minor), 0) AS s, max(p.currency) AS c FROM payments p JOIN invoices i ON i.id = p.invoice_id "
                + "WHERE i.customer_id = ? AND p.method <> 'credit note'", [id]).first
        let invoiced = try database.query(
            "SELECT i.amount_minor - (SELECT coalesce(sum(p.amount_minor), 0) FROM payments p WHERE p.invoice_id = i.id) AS balance, i.currency "
                + "FROM invoices i WHERE i.customer_id = ? AND i.status = 'open'", [id])
        let currency = paid?.text("c").flatMap(Currency.init(code:)) ?? invoiced.first?.text("currency").flatMap(Currency.init(code:)) ?? .cny
        let receivable = invoiced.reduce(Int64(0)) { $0 + ($1.integer("balance") ?? 0) }
        var expected: Int64 = 0
        for deal in try database.query("SELECT stage, value_minor FROM deals WHERE customer_id = ? AND status = 'open' AND value_minor IS NOT NULL", [id]) {
            let stage = deal.text("stage") ?? ""
            let percent = try context.setting("revisit.probability.\(stage)").flatMap { Int64($0.trimmingSpaces.replacing("%", with: "")) }
                ?? defaultProbability[stage] ?? 10
            expected += (deal.integer("value_minor") ?? 0) * percent / 100
        }
        let paidMinor = paid?.integer("s") ?? 0
        let lastPurchase = try database.query(
            "SELECT max(c.signed_on) AS d FROM contracts c JOIN deals d ON d.id = c.deal_id WHERE d.customer_id = ? AND c.status IN ('signed', 'amended')", [id])
            .first?.text("d").flatMap { try? Day.parse($0) }
        let lastRevisit = try database.query("SELECT max(done_on) AS d FROM revisits WHERE customer_id = ? AND done_on IS NOT NULL", [id])
            .first?.text("d").flatMap { try? Day.parse($0) }
        let scores = try database.query("SELECT nps FROM revisits WHERE customer_id = ? AND nps IS NOT NULL", [id]).compactMap { $0.integer("nps") }
        let latest = [lastPurchase, lastRevisit].compactMap { $0 }.max()
        let lapsed = latest.map { context.clock.now.timeIntervalSince($0) > Double(lapsedAfterDays * 86_400) } ?? true
        let averageNPS: Value = scores.isEmpty ? .null : .decimal(Decimal(scores.reduce(0, +)) / Decimal(scores.count))
        return Record([
            ("customer", .id(customer)), ("name", .string(name)),
            ("paid to date", .money(Money(minorUnits: paidMinor, currency: currency))),
            ("receivable", .money(Money(minorUnits: receivable, currency: currency))),
            ("expected from open deals", .money(Money(minorUnits: expected, currency: currency))),
            ("lifetime value", .money(Money(minorUnits: paidMinor + expected, currency: currency))),
            ("last purchase", lastPurchase.map(Value.date) ?? .null), ("last revisit", lastRevisit.map(Value.date) ?? .null),
            ("average nps", averageNPS), ("lapsed", .bool(lapsed)),
        ])
    }
}
