#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `discover` by MEDDIC-style discovery calls: each call records the pain found (a need, the hand-off to
/// recommend), whether the economic buyer confirmed the budget, and the champion; a deal leaves
/// discovery only with a champion named, besides the slot's own gate (needs, confirmed budget).
public struct MeddicDiscovery: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .discover, implementation: "meddic", summary: "Discovery calls: pain, budget, champion.", version: "1.0.0")
    }

    public var migrations: [Migration] {
        [Migration(module: "meddic", name: "v1", statements: [
            """
            CREATE TABLE meddic_calls (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deal_id INTEGER NOT NULL REFERENCES deals(id),
                held_on TEXT NOT NULL,
                champion TEXT,
                need_id INTEGER
            )
            """,
        ])]
    }

    public var settings: [Setting] { [StageSlot.minimumNeeds, StageSlot.budgetConfirmedRequired] }

    public func exitCheck(_ subject: Value, context: StageContext) throws -> [String] {
        guard case .id(let deal) = subject else { return [] }
        let champions = try context.database.query("SELECT count(*) AS n FROM meddic_calls WHERE deal_id = ? AND champion IS NOT NULL",
                                                   [.integer(deal.number)]).first?.integer("n") ?? 0
        return champions == 0 ? ["no champion named (discovery call \(deal) --champion NAME)"] : []
    }

    public var commands: [Command] {
        [Command(CommandSignature(
            "discovery call",
            summary: "Record a discovery call: the pain found, whether the budget is confirmed, the champion.",
            positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1.")],
            flags: [Flag("pain", .string, "The pain the customer described (recorded as a need)."),
                    Flag("priority", .choice(FoundNeed.priorities), "How much the pain matters.", default: .string("medium")),
                    Flag("budget", .choice(["confirmed", "unconfirmed"]), "What the economic buyer said of the budget."),
                    Flag("champion", .string, "Who inside sells for us."),
                    Flag("on", .date, "When the call was held (default: today).")],
            output: .nothing, impact: .low,
            examples: [Example("discovery call D-1 --pain 'month-end close takes 9 days' --budget confirmed --champion 王伟", "One call.")])) { invocation, context in
            guard let deal = invocation.id("deal") else { throw CommandError("name the deal", argument: "deal") }
            let need = invocation.string("pain").map {
                FoundNeed(deal: deal, description: $0, kind: "pain", priority: invocation.string("priority") ?? "medium")
            }
            try need?.check(in: context.database)
            let heldOn: Date = if case .date(let date)? = invocation["on"] { date } else { context.clock.now }
            if invocation.isDryRun {
                context.output.line("would record a discovery call on \(deal)")
                return .null
            }
            let needID = try need?.record(in: context)
            if let budget = invocation.string("budget") { try BudgetConfirmation.record(budget == "confirmed", of: deal, in: context.database) }
            let champion = invocation.string("champion")?.trimmingSpaces
            try context.database.execute("INSERT INTO meddic_calls (deal_id, held_on, champion, need_id) VALUES (?, ?, ?, ?)",
                                         [.integer(deal.number), .text(Day.formatTimestamp(heldOn)),
                                          champion.map { .text($0) } ?? .null, needID.map { .integer($0.number) } ?? .null])
            try context.journal("discovery.call", subject: deal, details: Record([
                ("held on", .date(heldOn)), ("need", needID.map(Value.id) ?? .null),
                ("budget", invocation.string("budget").map(Value.string) ?? .null), ("champion", champion.map(Value.string) ?? .null),
            ]))
            context.output.line("call on \(deal) recorded" + (needID.map { " · \($0) found" } ?? ""))
            return .null
        }]
    }
}
