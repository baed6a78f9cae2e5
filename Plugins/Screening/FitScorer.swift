import FunnelModel
import StageKit

/// Fit scoring: how well the lead matches the ideal customer — target industry, budget against the
/// typical deal size, and strength of need — ignoring authority and timing. Settings under `screen.fit`.
struct FitScorer: LeadScorer {
    static let settings: [Setting] = [
        Setting("screen.fit.industries", "Target industries, comma-separated.", default: "manufacturing, retail, logistics"),
        .money("screen.fit.typical-deal", "The deal size a full budget score is measured against.", default: "100,000.00 CNY"),
        ScoringSettings.points("screen.fit.weight.industry", "Points for a target industry.", default: 40),
        ScoringSettings.points("screen.fit.weight.budget", "Points for a budget of a typical deal (less in proportion).", default: 30),
        ScoringSettings.points("screen.fit.weight.need", "Points for an urgent need.", default: 30),
        ScoringSettings.points("screen.fit.threshold", "The score at which a lead qualifies.", default: 50),
    ]

    /// Industry, budget and need.
    func columns(_ context: StageContext) throws -> Set<String>? {
        ["industry", "budget_minor", "budget_currency", "need"]
    }

    func scoring(_ context: StageContext) throws -> @Sendable (Lead) -> Score {
        let settings = ScoringSettings(context: context, prefix: "screen.fit")
        let industries = try settings.list("industries", default: ["manufacturing", "retail", "logistics"])
        let typicalDeal = try settings.money("typical-deal", default: Money(minorUnits: 10_000_000, currency: .cny))
        let industryWeight = try settings.int("weight.industry", default: 40)
        let budgetWeight = try settings.int("weight.budget", default: 30)
        let needWeight = try settings.int("weight.need", default: 30)
        let threshold = try settings.int("threshold", default: 50)

        return { lead in
            let industry: Score.Part
            if let name = lead.industry, industries.contains(name.lowercased()) {
                industry = .init(rule: "industry", points: industryWeight, shortfall: nil)
            } else {
                industry = .init(rule: "industry", points: 0,
                                 shortfall: lead.industry.map { "industry \($0) not targeted" } ?? "industry unknown")
            }
            let budget: Score.Part
            if let amount = lead.budget, amount.currency == typicalDeal.currency, typicalDeal.minorUnits > 0 {
                let ratio = Int64(clamping: max(0, min(100, Int128(amount.minorUnits) * 100 / Int128(typicalDeal.minorUnits))))
                let points = Int(Int64(budgetWeight) * ratio / 100)
                budget = .init(rule: "budget", points: points,
                               shortfall: ratio < 100 ? "budget \(ratio)% of a typical deal" : nil)
            } else {
                budget = .init(rule: "budget", points: 0, shortfall: lead.budget == nil ? "budget unknown" : "budget in another currency")
            }
            let needLevel = lead.need ?? 0
            let need = Score.Part(rule: "need", points: needWeight * needLevel / 3,
                                  shortfall: needLevel < 2 ? "need weak (\(needLevel)/3)" : nil)
            return Score(parts: [industry, budget, need], threshold: threshold)
        }
    }
}
