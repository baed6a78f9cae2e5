import FunnelModel
import StageKit

/// Rule-based BANT: points for budget, authority, need and timeline, with weights and the
/// threshold in settings (`screen.bant.weight.budget`, `screen.bant.threshold`, ...).
struct BANTScorer: LeadScorer {
    func score(_ lead: Lead, context: StageContext) throws -> Score {
        let settings = ScoringSettings(context: context, prefix: "screen.bant")
        let budgetWeight = try settings.int("weight.budget", default: 30)
        let authorityWeight = try settings.int("weight.authority", default: 25)
        let needWeight = try settings.int("weight.need", default: 25)
        let timelineWeight = try settings.int("weight.timeline", default: 20)
        let minimumBudget = try settings.money("min-budget", default: Money(minorUnits: 1_000_000, currency: .cny))
        let horizon = try settings.int("timeline-days", default: 90)
        let threshold = try settings.int("threshold", default: 60)

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
        return Score(parts: [budget, authority, need, timeline], threshold: threshold)
    }
}
