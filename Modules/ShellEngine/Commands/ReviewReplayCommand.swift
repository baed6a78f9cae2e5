#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageHost
import StageKit

/// `review replay SLOT IMPLEMENTATION`: runs another implementation of a slot over the recorded
/// decisions (`Decision`: screen's verdicts, recommend's first products, payment's dunning levels), changing nothing, and shows
/// where its decisions differ from what happened and how those cases ended — before anyone switches
/// to it with `stage use`.
///
/// A shell command because it spans stages (like `deal advance`): it calls the other
/// implementation's own command in dry-run mode inside a savepoint that is always rolled back.
enum ReviewReplayCommand {
    /// The command that decides in each replayable slot (`Decision.recordedSlots`).
    static let deciding: [StageSlot: String] = [.screen: "lead screen", .recommend: "deal recommend", .negotiate: "quote preview", .payment: "invoice remind"]

    static func make(registry: StageRegistry) -> EngineCommand {
        EngineCommand(CommandSignature(
            "review replay",
            summary: "Run another implementation of a stage over recorded history (nothing changes) and compare its decisions with what happened.",
            positionals: [Positional("slot", .word, "The stage slot to replay: screen, recommend, negotiate or payment."),
                          Positional("implementation", .word, "The implementation to try, e.g. predictive.")],
            flags: [Flag("differences", .bool, "Only the cases where it would have decided otherwise.")],
            output: .table,
            examples: [Example("review replay screen fit --differences", "Leads the fit scorer would have decided otherwise.",
                               setup: "lead add Acme --budget 50000 --authority yes --need 3 --timeline 30; lead screen L-1")]),
            writesAndUndoes: true) { [registry] invocation, call in
            let slotName = invocation.string("slot") ?? ""
            let name = invocation.string("implementation") ?? ""
            let slot = StageSlot(slotName)
            guard let deciding = deciding[slot] else {
                throw CommandError("\(slotName) cannot be replayed", argument: "slot",
                                   hint: "replayable: " + Decision.recordedSlots.map(\.rawValue).joined(separator: ", "))
            }
            let implementations = registry.implementations(of: slot)
            guard let stage = implementations.first(where: { $0.descriptor.implementation == name }) else {
                throw CommandError("no \(slotName) implementation \(name)", argument: "implementation",
                                   hint: "implementations: " + implementations.map(\.descriptor.implementation).joined(separator: ", "))
            }
            guard let command = stage.commands.first(where: { $0.name == deciding }) else {
                throw CommandError("\(slotName) \(name) has no \(deciding) command to replay", argument: "implementation")
            }
            let context = try call.stageContext().acting(as: stage.descriptor)
            let history = try Decision.recorded(in: slot, database: context.database)
            let differencesOnly = invocation.flag("differences")
            if slot == .payment {
                return try dunning(command, history, name: name, differencesOnly: differencesOnly, registry: registry, context: context, call: call)
            }
            if slot == .screen { return try screening(command, history, name: name, differencesOnly: differencesOnly, context: context, call: call) }
            if slot == .negotiate { return try negotiation(command, name: name, differencesOnly: differencesOnly, context: context, call: call) }
            return try recommendation(command, history, name: name, differencesOnly: differencesOnly, context: context, call: call)
        }
    }

    /// Every decided lead screened again (a dry run, in a savepoint rolled back), beside its verdict.
    static func screening(_ command: Command, _ history: [Decision], name: String, differencesOnly: Bool, context: StageContext,
                          call: CallContext) throws -> Value {
        var subjects = LeadTable.relation()
        subjects.conditions.append(.init("status IN ('qualified', 'converted', 'disqualified')"))
        let decisions = try context.database.savepoint(rollingBack: true) {
            try command.run(Invocation(input: .relation(subjects), isDryRun: true), context)
        }
        // What happened to each lead: its recorded verdict and how its deal ended.
        let outcomes = try context.database.query("SELECT l.id AS id, d.status AS outcome FROM leads l JOIN deals d ON d.id = l.deal_id")
        var outcome: [Int64: String] = [:]
        for row in outcomes { outcome[row.integer("id") ?? 0] = row.text("outcome") }
        var happened: [Int64: String] = [:]
        for decision in history { happened[decision.subject.number] = decision.decision }
        var rows: [Record] = []
        var agreed = 0, total = 0
        var wouldQualify: [String: Int] = [:], wouldDisqualify: [String: Int] = [:]
        for row in decisions.rows ?? [] {
            guard case .id(let lead)? = row["id"], let past = happened[lead.number] else { continue }
            let ended = outcome[lead.number] ?? "no deal"
            let would = row["verdict"]?.plainText ?? "?"
            total += 1
            if would == past { agreed += 1 } else if would == "qualified" { wouldQualify[ended, default: 0] += 1 } else { wouldDisqualify[ended, default: 0] += 1 }
            if differencesOnly, would == past { continue }
            rows.append(Record([("lead", .id(lead)), ("name", row["name"] ?? .null), ("happened", .string(past)),
                                ("would", .string(would)), ("agrees", .bool(would == past)), ("outcome", .string(ended)),
                                ("score", row["score"] ?? .null), ("why", row["why"] ?? .null)]))
        }
        call.output.note("screen \(name) agrees on \(agreed) of \(total) decided leads; it would have qualified "
            + "\(wouldQualify.values.reduce(0, +)) disqualified\(breakdown(wouldQualify)) and disqualified "
            + "\(wouldDisqualify.values.reduce(0, +)) qualified\(breakdown(wouldDisqualify)); nothing was changed")
        return .table(Table(columns: ["lead", "name", "happened", "would", "agrees", "outcome", "score", "why"], rows: rows))
    }

    /// Every deal proposals were made for, asked again for its first product (dry runs, in a savepoint
    /// rolled back), beside the first product proposed last time and how the deal ended.
    static func recommendation(_ command: Command, _ history: [Decision], name: String, differencesOnly: Bool, context: StageContext,
                               call: CallContext) throws -> Value {
        var rows: [Record] = []
        var agreed = 0, won = 0, wonAgreed = 0
        try context.database.savepoint(rollingBack: true) {
            for decision in history {
                try context.checkCancelled()
                let deal = decision.subject
                var would = "(none)", why: Value = .null
                do {
                    let result = try command.run(Invocation(arguments: ["deal": .id(deal), "limit": .int(1)], isDryRun: true), context)
                    if let first = result.rows?.first {
                        would = first["sku"]?.plainText ?? "?"
                        why = first["fits"] ?? .null
                    }
                } catch let error as CommandError {
                    why = .string(error.message)
                }
                let outcome = try context.database.query("SELECT status FROM deals WHERE id = ?", [.integer(deal.number)]).first?.text("status") ?? "?"
                let agrees = would == decision.decision
                if agrees { agreed += 1 }
                if outcome == "won" { won += 1; if agrees { wonAgreed += 1 } }
                if differencesOnly, agrees { continue }
                rows.append(Record([("deal", .id(deal)), ("happened", .string(decision.decision)), ("by", .string(decision.implementation)),
                                    ("would", .string(would)), ("agrees", .bool(agrees)), ("outcome", .string(outcome)), ("why", why)]))
            }
        }
        call.output.note("recommend \(name) proposes the same first product for \(agreed) of \(history.count) deals "
            + "(\(wonAgreed) of the \(won) won); nothing was changed")
        return .table(Table(columns: ["deal", "happened", "by", "would", "agrees", "outcome", "why"], rows: rows))
    }

    /// Every deal with an accepted quote, priced again (`quote preview` with the same deal, products
    /// and quantities piped in, as dry runs in a savepoint rolled back), beside the price agreed
    /// (`Decision.agreedPrices`) and how the deal ended. "off list" is the discount the total makes on
    /// the products' list prices, lines' and quote's discounts together.
    static func negotiation(_ command: Command, name: String, differencesOnly: Bool, context: StageContext,
                            call: CallContext) throws -> Value {
        let history = try Decision.agreedPrices(in: context.database)
        var rows: [Record] = []
        var same = 0, more = 0, less = 0, refused = 0, otherCurrency = 0, won = 0, wonSame = 0
        try context.database.savepoint(rollingBack: true) {
            for agreed in history {
                try context.checkCancelled()
                let deal = agreed.quote.deal
                // The same products and quantities, with what a plugin cannot read for itself: each
                // product's SKU, name and list price.
                var lines: [Record] = [], listValue: Money? = Money(minorUnits: 0, currency: agreed.total.currency), skus: [String] = []
                for line in agreed.quote.lines {
                    let product = try context.database.query("SELECT sku, name, price_minor, price_currency FROM products WHERE id = ?",
                                                             [.integer(line.product.number)]).first
                    let listPrice = product.flatMap { row in
                        row.text("price_currency").flatMap(Currency.init(code:)).map { Money(minorUnits: row.integer("price_minor") ?? 0, currency: $0) }
                    }
                    let sku = product?.text("sku") ?? line.product.description
                    skus.append(sku)
                    lines.append(Record([("deal", .id(deal)), ("product", .id(line.product)), ("sku", .string(sku)),
                                         ("name", product?.text("name").map(Value.string) ?? .null), ("quantity", .int(line.quantity)),
                                         ("list price", listPrice.map(Value.money) ?? .null)]))
                    let (gross, overflow) = (listPrice?.minorUnits ?? 0).multipliedReportingOverflow(by: line.quantity)
                    if let sum = listValue, let price = listPrice, price.currency == sum.currency, !overflow {
                        listValue = try? sum.adding(Money(minorUnits: gross, currency: price.currency))
                    } else {
                        listValue = nil
                    }
                }
                let agreedTerms = zip(skus, agreed.quote.lines).map { sku, line in
                    "\(sku) \(line.quantity) × \(line.unitPrice)" + (line.discountBasisPoints == 0 ? "" : " -\(percent(line.discountBasisPoints))")
                }.joined(separator: ", ") + (agreed.quote.discountBasisPoints == 0 ? "" : " · quote -\(percent(agreed.quote.discountBasisPoints))")
                var would: Money?, wouldTerms: String
                do {
                    let result = try command.run(Invocation(input: .table(Table(columns: ["deal", "product", "sku", "name", "quantity", "list price"], rows: lines)),
                                                            isDryRun: true), context)
                    (would, wouldTerms) = quoted(result.rows ?? [])
                } catch let error as CommandError {
                    wouldTerms = "refused: \(error.message)"
                }
                let outcome = try context.database.query("SELECT status FROM deals WHERE id = ?", [.integer(deal.number)]).first?.text("status") ?? "?"
                var difference: Money?
                if let would, would.currency == agreed.total.currency {
                    let (minor, overflow) = would.minorUnits.subtractingReportingOverflow(agreed.total.minorUnits)
                    if !overflow { difference = Money(minorUnits: minor, currency: would.currency) }
                }
                let agrees = difference?.minorUnits == 0
                switch (would, difference) {
                case (nil, _): refused += 1
                case (_, nil): otherCurrency += 1
                case (_, let difference?): if difference.minorUnits == 0 { same += 1 } else if difference.minorUnits > 0 { more += 1 } else { less += 1 }
                }
                if outcome == "won" { won += 1; if agrees { wonSame += 1 } }
                if differencesOnly, agrees { continue }
                rows.append(Record([("deal", .id(deal)), ("quote", .id(agreed.quote.quote)), ("by", .string(agreed.implementation)),
                                    ("agreed", .money(agreed.total)), ("off list", offList(agreed.total, listValue)),
                                    ("would", would.map(Value.money) ?? .null), ("would off list", would.map { offList($0, listValue) } ?? .null),
                                    ("difference", difference.map(Value.money) ?? .null), ("agrees", .bool(agrees)), ("outcome", .string(outcome)),
                                    ("agreed terms", .string(agreedTerms)), ("would terms", .string(wouldTerms))]))
            }
        }
        call.output.note("negotiate \(name) would quote the same total for \(same) of \(history.count) deals (\(wonSame) of the \(won) won), "
            + "more for \(more) and less for \(less)" + (otherCurrency == 0 ? "" : ", in another currency for \(otherCurrency)")
            + (refused == 0 ? "" : ", and priced \(refused) not at all") + "; nothing was changed")
        return .table(Table(columns: ["deal", "quote", "by", "agreed", "off list", "would", "would off list", "difference", "agrees", "outcome",
                                      "agreed terms", "would terms"], rows: rows))
    }

    /// The total of a `quote preview` answer (its `total` row's amount) and its terms in one line: each
    /// line's SKU, quantity, unit price and discount, then the quote's discount.
    static func quoted(_ rows: [Record]) -> (total: Money?, terms: String) {
        var total: Money?, lines: [String] = [], quoteDiscount: String?
        for row in rows {
            let line = row["line"]?.plainText ?? ""
            switch line {
            case "total": if case .money(let amount)? = row["amount"] { total = amount }
            case "discount": quoteDiscount = row["discount"].flatMap { $0 == .null ? nil : $0.plainText }
            case "subtotal", "margin": break
            default:
                let discount = row["discount"].flatMap { $0 == .null ? nil : $0.plainText }
                lines.append("\(line) \(row["quantity"]?.plainText ?? "?") × \(row["unit price"]?.plainText ?? "?")"
                             + (discount.map { $0 == "0%" ? "" : " -\($0)" } ?? ""))
            }
        }
        let terms = lines.joined(separator: ", ") + (quoteDiscount.map { $0 == "0%" ? "" : " · quote -\($0)" } ?? "")
        return (total, total == nil ? "its quote preview gave no total" : terms)
    }

    /// The discount `total` makes on `listValue`, as a percentage to two decimals (rounded half away
    /// from zero); null when either is unknown or in another currency.
    static func offList(_ total: Money, _ listValue: Money?) -> Value {
        guard let list = listValue, list.currency == total.currency, list.minorUnits > 0 else { return .null }
        let scaled = (Int128(list.minorUnits) - Int128(total.minorUnits)) * 10_000
        var points = scaled / Int128(list.minorUnits)
        let rest = scaled % Int128(list.minorUnits)
        if 2 * abs(rest) >= Int128(list.minorUnits) { points += scaled < 0 ? -1 : 1 }
        return .string(percent(Int64(clamping: points)))
    }

    /// Basis points as a percentage: `1200` → `12%`, `1250` → `12.5%`, `-25` → `-0.25%`.
    static func percent(_ basisPoints: Int64) -> String {
        let sign = basisPoints < 0 ? "-" : "", magnitude = basisPoints.magnitude
        let fraction = magnitude % 100
        guard fraction != 0 else { return "\(sign)\(magnitude / 100)%" }
        let digits = fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)")
        return "\(sign)\(magnitude / 100).\(digits)%"
    }

    static func breakdown(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "" : " (" + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")"
    }
}
