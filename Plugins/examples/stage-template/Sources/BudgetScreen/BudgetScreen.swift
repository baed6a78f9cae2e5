import FunnelModel
import StageKit

// What funnel looks up when it loads this shared object: the StageKit interface it was built against
// (checked before anything else runs), then the plugin and its stages.
@_cdecl("funnel_stagekit_interface") public func stageKitInterface() -> Int32 { StagePlugin.interface }

@_cdecl("funnel_plugin_entry") public func pluginEntry() -> UnsafeMutableRawPointer {
    StagePlugin(name: "budget-screen", version: "0.1.0", stages: [BudgetScreenStage()]).handOver()
}

/// An implementation of the `screen` slot: a lead qualifies when its budget reaches the setting
/// `screen.budget-screen.minimum` (default 10,000.00 CNY), and each decision is kept in a table of the
/// plugin's own, `budget_screen_log`. Select it with `stage use screen budget-screen`.
///
/// For a slot of your own instead, give `StageSlot("trial")` and the slot it follows (`follows: .recommend`).
public struct BudgetScreenStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .screen, implementation: "budget-screen",
                        summary: "Qualify leads whose budget reaches a set minimum.",
                        version: "0.1.0", follows: .capture)
    }

    public var commands: [Command] { [BudgetScreenCommand.command, BudgetScreenLogCommand.command] }

    /// The settings it reads: `config set` checks their values, and `config list --known` lists them.
    public var settings: [Setting] {
        [.money(BudgetScreenCommand.setting, "The budget at which a lead qualifies.", default: "10,000.00 CNY")]
    }

    /// Tables of its own, created when the plugin is first loaded into a database. Each migration is
    /// applied once: never change one that has shipped, add the next.
    public var migrations: [Migration] {
        [Migration(module: "budget-screen", name: "v1-log", statements: [
            """
            CREATE TABLE budget_screen_log (
                lead_id INTEGER NOT NULL REFERENCES leads(id),
                minimum_minor INTEGER NOT NULL, currency TEXT NOT NULL,
                verdict TEXT NOT NULL, at TEXT NOT NULL
            )
            """,
        ])]
    }
}

/// `lead screen L-N`, or leads piped in (`lead list | where source == web | lead screen`): qualifies
/// or disqualifies each lead on its budget alone, and journals why.
enum BudgetScreenCommand {
    static let setting = "screen.budget-screen.minimum"

    static let command = Command(CommandSignature(
        "lead screen",
        summary: "Qualify leads whose budget reaches screen.budget-screen.minimum.",
        positionals: [Positional("id", .id(.lead), "The lead to screen, e.g. L-1; or pipe leads in.", optional: true)],
        input: .storedRows, output: .table, impact: .low,
        examples: [Example("lead screen L-1", "Screen one lead on its budget.", setup: "lead add Acme --budget 50000"),
                   Example("lead list | lead screen", "Screen every lead.", setup: "lead add Acme --budget 50000")])) { invocation, context in
        // The id given, or the ids of the leads piped in; converted leads are not screened again.
        let given = try invocation.ids("id", of: .lead, command: "lead screen", in: context.database)
        let ids = try LeadTable.screenable(given, named: invocation.id("id"), dryRun: invocation.isDryRun,
                                           in: context.database, output: context.output)
        guard !given.isEmpty else { throw CommandError("lead screen needs a lead id or leads piped in", argument: "id") }
        var minimum = Money(minorUnits: 1_000_000, currency: .cny)
        if let text = try context.setting(setting) {
            do { minimum = try Money.parse(text) } catch {
                throw CommandError("setting \(setting): \(error)", hint: "fix it with: config set \(setting) AMOUNT")
            }
        }
        var rows: [Record] = []
        for number in ids {
            try context.checkCancelled()  // Ctrl-C stops the command, and its transaction is rolled back
            let id = EntityID(.lead, number)
            var lead = try LeadTable.require(id, in: context.database, argument: "id")
            let comparison = lead.budget?.compare(minimum)  // nil: no budget, or another currency
            let verdict: LeadStatus = comparison == .same || comparison == .descending ? .qualified : .disqualified
            let why = lead.budget.map { "budget \($0), minimum \(minimum)" } ?? "budget unknown"
            // The score: the budget as a share of the minimum, in percent, at most 100.
            var score = 0
            if let budget = lead.budget, comparison != nil, minimum.minorUnits > 0 {
                let (scaled, overflow) = budget.minorUnits.multipliedReportingOverflow(by: 100)
                score = overflow ? 100 : Int(max(0, min(100, scaled / minimum.minorUnits)))
            }
            if !invocation.isDryRun {
                lead.status = verdict
                lead.score = score
                try LeadTable.update(lead, in: context.database)
                try context.journal("lead.screened", subject: id, details: Record([
                    ("score", .int(Int64(score))), ("verdict", .string(verdict.rawValue)), ("why", .string(why))]))
                try context.database.execute(
                    "INSERT INTO budget_screen_log (lead_id, minimum_minor, currency, verdict, at) VALUES (?, ?, ?, ?, ?)",
                    [.integer(number), .integer(minimum.minorUnits), .text(minimum.currency.code), .text(verdict.rawValue),
                     .text(Day.formatTimestamp(context.clock.now))])
            }
            rows.append(Record([("id", .id(id)), ("name", .string(lead.name)), ("score", .int(Int64(score))),
                                ("verdict", .string(verdict.rawValue)), ("why", .string(why))]))
        }
        return .table(Table(columns: ["id", "name", "score", "verdict", "why"], rows: rows))
    }
}
