#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `deal recommend D-N`: products ranked by how many of the deal's needs (weighted by priority)
/// they address, with evidence from the deal's industry preferred and over-budget products marked
/// down; records what was proposed and which evidence was shown.
enum DealRecommendCommand {
    static let weights = ["critical": 4, "high": 3, "medium": 2, "low": 1]

    static let command = Command(CommandSignature(
        "deal recommend",
        summary: "Rank products for a deal's needs, industry and budget, with the reason for each and evidence to show.",
        positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1.")],
        flags: [Flag("limit", .int, "How many products to propose.", default: .int(3))],
        output: .table, impact: .low,
        examples: [Example("deal recommend D-1", "Products for a deal.", setup: """
            lead add Acme --industry manufacturing --budget 200000; lead qualify L-1 --force; need add D-1 "ERP integration" --priority high
            product add GTX-PRO "GTX Pro" --price 4821 --addresses 'erp integration,reporting'
            evidence add case-study "Ningbo Port" --products GTX-PRO --industries manufacturing --summary "+18% throughput"
            """)])) { invocation, context in
        guard let deal = invocation.id("deal") else { throw CommandError("deal recommend needs a deal", argument: "deal") }
        let limit = invocation.int("limit") ?? 3
        guard limit >= 1 else { throw CommandError("--limit must be at least 1", argument: "limit") }
        let database = context.database
        guard let dealRow = try database.query(
            "SELECT d.value_minor, d.value_currency, l.industry FROM deals d LEFT JOIN leads l ON l.id = d.lead_id WHERE d.id = ?",
            [.integer(deal.number)]).first else { throw CommandError.notFound(deal, argument: "deal") }
        let needs = try database.query("SELECT description, priority FROM needs WHERE deal_id = ?", [.integer(deal.number)]).map {
            (text: ($0.text("description") ?? "").lowercased(), label: $0.text("description") ?? "", priority: $0.text("priority") ?? "medium")
        }
        guard !needs.isEmpty else {
            throw CommandError("\(deal) has no needs recorded to match products against", argument: "deal",
                               hint: "record them first: need add \(deal) \"...\"")
        }
        let budget: Money? = dealRow.integer("value_minor").map {
            Money(minorUnits: $0, currency: dealRow.text("value_currency").flatMap(Currency.init(code:)) ?? .cny)
        }
        let industry = dealRow.text("industry")?.lowercased()
        let evidence = try database.query("SELECT id, kind, title, products, industries, summary FROM evidence ORDER BY id")
        var ranked: [(score: Int, record: Record, productID: Int64, evidenceID: Int64?, reason: String)] = []
        for product in try database.query("SELECT id, sku, name, price_minor, price_currency, addresses, stock, lead_time_days FROM products") {
            let addresses = (product.text("addresses") ?? "").split(separator: ",").map(String.init)
            let matched = needs.filter { need in addresses.contains { NeedMatch.matches($0, need.text) } }
            guard !matched.isEmpty else { continue }
            let fit = matched.reduce(0) { $0 + (weights[$1.priority] ?? 2) }
            let sku = product.text("sku") ?? ""
            let price = Money(minorUnits: product.integer("price_minor") ?? 0,
                              currency: product.text("price_currency").flatMap(Currency.init(code:)) ?? .cny)
            var notes: [String] = []
            var score = fit * 10
            if let budget, let order = price.compare(budget), order == .descending {
                score -= 5
                notes.append("price above the deal's value")
            }
            if (product.integer("stock") ?? 0) == 0 {
                let leadTime = product.integer("lead_time_days") ?? 0
                notes.append(leadTime > 0 ? "made to order: \(leadTime) days" : "out of stock")
            }
            let candidates = evidence.filter { ($0.text("products") ?? "").split(separator: ",").contains(Substring(sku)) }
            let fitting = candidates.first { row in
                industry.map { (row.text("industries") ?? "").split(separator: ",").contains(Substring($0)) } ?? false
            }
            let shown = fitting ?? candidates.first
            score += fitting != nil ? 3 : shown != nil ? 1 : 0
            let evidenceText = shown.map { row -> String in
                let details = [row.text("industries"), row.text("summary")].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
                return "\(row.text("kind") == "testimonial" ? "testimonial" : "case study") \"\(row.text("title") ?? "")\""
                    + (details.isEmpty ? "" : " (\(details))")
            }
            let fits = matched.map { "\($0.label) (\($0.priority))" }.joined(separator: ", ")
            ranked.append((score, Record([
                ("sku", .string(sku)), ("product", .string(product.text("name") ?? "")), ("price", .money(price)),
                ("fits", .string(fits)), ("evidence to show", evidenceText.map(Value.string) ?? .null),
                ("notes", notes.isEmpty ? .null : .string(notes.joined(separator: "; "))),
            ]), product.integer("id") ?? 0, shown?.integer("id"), fits))
        }
        guard !ranked.isEmpty else {
            throw CommandError("no product addresses the needs of \(deal)", argument: "deal",
                               hint: "see need list \(deal) and product list; products list the needs they address with --addresses")
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : ($0.record["sku"]?.plainText ?? "") < ($1.record["sku"]?.plainText ?? "") }
        let chosen = Array(ranked.prefix(Int(clamping: limit)))
        var rows: [Record] = []
        for (index, entry) in chosen.enumerated() {
            var record = Record([("rank", .int(Int64(index + 1)))])
            for field in entry.record.fields { record[field.name] = field.value }
            rows.append(record)
        }
        if !invocation.isDryRun {
            // The hand-off to negotiation, journaled as deal.recommended.
            try Proposal.record(chosen.enumerated().map { index, entry in
                Proposal(deal: deal, product: EntityID(.product, entry.productID), rank: Int64(index + 1), reason: entry.reason,
                         evidence: entry.evidenceID.map { EntityID(.evidence, $0) })
            }, in: context)
        }
        return .table(Table(rows: rows))
    }
}
