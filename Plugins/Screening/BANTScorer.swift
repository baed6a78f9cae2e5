import FunnelModel
import StageKit

/// Rule-based BANT: points for budget, authority, need and timeline, plus industry fit and purchase
/// frequency, with weights and the threshold in settings (`screen.bant.weight.budget`,
/// `screen.bant.threshold`, `screen.bant.industries`, ...; `config load FILE` reads them from a file).
struct BANTScorer: LeadScorer {
    static let settings: [Setting] = [
        ScoringSettings.points("screen.bant.weight.budget", "Points for a budget at or above the minimum (half below it).", default: 30),
        ScoringSettings.points("screen.bant.weight.authority", "Points when the contact can decide.", default: 25),
        ScoringSettings.points("screen.bant.weight.need", "Points for an urgent need (need 3 of 3; less in proportion).", default: 25),
        ScoringSettings.points("screen.bant.weight.timeline", "Points for buying within the horizon (half within twice it).", default: 20),
        ScoringSettings.points("screen.bant.weight.industry", "Points for a target industry (0: not scored).", default: 0),
        ScoringSettings.points("screen.bant.weight.frequency", "Points for frequent purchases (0: not scored).", default: 0),
        ScoringSettings.points("screen.bant.threshold", "The score at which a lead qualifies.", default: 60),
        ScoringSettings.points("screen.bant.timeline-days", "The buying horizon in days.", default: 90),
        .money("screen.bant.min-budget", "The budget that earns full budget points.", default: "10,000.00 CNY"),
        Setting("screen.bant.industries", "Target industries, comma-separated (empty: any industry).", default: ""),
    ]

    /// Budget, authority, need and timeline; industry and purchase frequency when they are weighted.
    func columns(_ context: StageContext) throws -> Set<String>? {
        let settings = ScoringSettings(context: context, prefix: "screen.bant")
        var columns: Set<String> = ["budget_minor", "budget_currency", "authority", "need", "timeline_days"]
        if try settings.int("weight.industry", default: 0) > 0 { columns.insert("industry") }
        if try settings.int("weight.frequency", default: 0) > 0 { columns.insert("purchase_frequency") }
        return columns
    }

    func scoring(_ context: StageContext) throws -> @Sendable (Lead) -> Score {
        let settings = ScoringSettings(context: context, prefix: "screen.bant")
        let budgetWeight = try settings.int("weight.budget", default: 30)
        let authorityWeight = try settings.int("weight.authority", default: 25)
        let needWeight = try settings.int("weight.need", default: 25)
        let timelineWeight = try settings.int("weight.timeline", default: 20)
        let minimumBudget = try settings.money("min-budget", default: Money(minorUnits: 1_000_000, currency: .cny))
        let horizon = try settings.int("timeline-days", default: 90)
        let threshold = try settings.int("threshold", default: 60)
        let industryWeight = try settings.int("weight.industry", default: 0)
        let frequencyWeight = try settings.int("weight.frequency", default: 0)
        let industries = try settings.list("industries", default: [])

        return { lead in
            let budget: Score.Part
            switch lead.budget.map({ $0.compare(minimumBudget) }) {
            case nil:
                budget = .init(rule: "budget", points: 0, shortfall: "budget unknown")
            case .some(nil):
                budget = .init(rule: "budget", points: 0,
                               shortfall: "budget in \(lead.budget?.currency.code ?? "?"), minimum in \(minimumBudget.currency.code)")
            case .some(.some(.ascending)):
                budget = .init(rule: "budget", points: budgetWeight / 2, shortfall: "budget below \(minimumBudget)")
            default:
                budget = .init(rule: "budget", points: budgetWeight, shortfall: nil)
            }
            let authority: Score.Part = lead.authority == true
                ? .init(rule: "authority", points: authorityWeight, shortfall: nil)
                : .init(rule: "authority", points: 0, shortfall: lead.authority == nil ? "authority unknown" : "contact cannot decide")
            let needLevel = lead.need ?? 0
            let need = Score.Part(rule: "need", points: needWeight * needLevel / 3,
                                  shortfall: lead.need == nil ? "need unknown" : needLevel < 2 ? "need weak (\(needLevel)/3)" : nil)
            let timeline: Score.Part
            switch lead.timelineDays {
            case nil: timeline = .init(rule: "timeline", points: 0, shortfall: "timeline unknown")
            case let days? where days <= horizon: timeline = .init(rule: "timeline", points: timelineWeight, shortfall: nil)
            case let days? where days <= horizon * 2:
                timeline = .init(rule: "timeline", points: timelineWeight / 2, shortfall: "buying in \(days) days")
            case let days?: timeline = .init(rule: "timeline", points: 0, shortfall: "buying in \(days) days")
            }
            var parts = [budget, authority, need, timeline]
            if industryWeight > 0 {
                if let industry = lead.industry, industries.isEmpty || industries.contains(industry.lowercased()) {
                    parts.append(.init(rule: "industry", points: industryWeight, shortfall: nil))
                } else {
                    parts.append(.init(rule: "industry", points: 0,
                                       shortfall: lead.industry.map { "industry \($0) not targeted" } ?? "industry unknown"))
                }
            }
            if frequencyWeight > 0 {
                let share: [PurchaseFrequency: Int] = [.weekly: 100, .monthly: 100, .quarterly: 75, .yearly: 50, .once: 0]
                let points = lead.purchaseFrequency.map { frequencyWeight * (share[$0] ?? 0) / 100 } ?? 0
                let shortfall = lead.purchaseFrequency == nil ? "purchase frequency unknown"
                    : points < frequencyWeight ? "buys \(lead.purchaseFrequency?.rawValue ?? "")" : nil
                parts.append(.init(rule: "frequency", points: points, shortfall: shortfall))
            }
            return Score(parts: parts, threshold: threshold)
        }
    }
}
