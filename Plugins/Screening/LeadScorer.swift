import FunnelModel
import StageKit

/// A scorer's judgement of one lead: the points each rule gave, the total, and the verdict.
struct Score {
    struct Part {
        let rule: String
        let points: Int
        /// Why the rule gave fewer points than it could, if it did.
        let shortfall: String?
        /// Whether the explanation shows the points (`budget 30`) or the rule alone (`source web ×2.1`).
        var showsPoints = true
    }

    let parts: [Part]
    let threshold: Int

    var total: Int { parts.reduce(0) { $0 + $1.points } }
    var qualifies: Bool { total >= threshold }

    /// `budget 30 · authority 25 · need 17 · timeline 10`, or `chance 82 · source referral ×3.1 · ...`
    var explanation: String {
        parts.map { $0.showsPoints ? "\($0.rule) \($0.points)" : $0.rule }.joined(separator: " · ")
    }

    /// Why a lead did not qualify: the rules that fell short.
    var reasons: [String] { parts.compactMap(\.shortfall) }

    /// The explanation, and for a lead that did not qualify why: the rules that fell short, or (when
    /// every rule gave all it could) the threshold.
    var why: String {
        if qualifies { return explanation }
        let reasons = reasons
        return explanation + " — " + (reasons.isEmpty ? "\(total) is below the threshold \(threshold)" : reasons.joined(separator: "; "))
    }
}

/// How one implementation of the `screen` slot scores leads; settings come from `config set`.
protocol LeadScorer: Sendable {
    /// Reads the settings (or model) once for a run and returns the scoring of one lead.
    func scoring(_ context: StageContext) throws -> @Sendable (Lead) -> Score
    /// The same, for scorers that also read custom lead fields: `lead screen` reads those fields'
    /// values for each batch of leads in one query. By default no custom field is read.
    func batchScoring(_ context: StageContext) throws -> BatchScoring
}

/// A run's scoring of leads with the values of the custom fields it reads.
struct BatchScoring: Sendable {
    /// The custom lead fields whose values `score` needs.
    let customFields: [String]
    let score: @Sendable (LeadFeatures.Subject) -> Score
}

extension LeadScorer {
    func batchScoring(_ context: StageContext) throws -> BatchScoring {
        let score = try scoring(context)
        return BatchScoring(customFields: [], score: { score($0.lead) })
    }
}

/// Reading a scorer's numeric settings, with defaults and a clear error for a bad stored value.
struct ScoringSettings {
    let context: StageContext
    let prefix: String
    /// Weights and thresholds are points on a 0–100-ish scale; the bound keeps their sums exact.
    static let bounds = -1_000_000...1_000_000

    /// A weight or threshold, declared for `config set`.
    static func points(_ key: String, _ summary: String, default value: Int) -> Setting {
        .integer(key, summary, default: value, in: bounds)
    }

    func int(_ key: String, default value: Int) throws -> Int {
        guard let text = try context.setting("\(prefix).\(key)") else { return value }
        guard let number = Int(text.trimmingSpaces), ScoringSettings.bounds.contains(number) else {
            throw CommandError("setting \(prefix).\(key) is \"\(text)\", not a whole number from -1000000 to 1000000",
                               hint: "fix it with: config set \(prefix).\(key) N")
        }
        return number
    }

    func money(_ key: String, default value: Money) throws -> Money {
        guard let text = try context.setting("\(prefix).\(key)") else { return value }
        do { return try Money.parse(text) } catch {
            throw CommandError("setting \(prefix).\(key): \(error.description)",
                               hint: "fix it with: config set \(prefix).\(key) AMOUNT")
        }
    }

    func list(_ key: String, default value: [String]) throws -> [String] {
        guard let text = try context.setting("\(prefix).\(key)") else { return value }
        return text.split(separator: ",").map { String($0).trimmingSpaces.lowercased() }.filter { !$0.isEmpty }
    }
}
