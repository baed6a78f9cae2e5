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
    /// Appended piece by piece: a screening run writes it for every lead (a million at a time).
    var explanation: String {
        var text = ""
        text.reserveCapacity(96)
        for (index, part) in parts.enumerated() {
            if index > 0 { text += " · " }
            text += part.rule
            if part.showsPoints {
                text += " "
                text += String(part.points)
            }
        }
        return text
    }

    /// The explanation, and for a lead that did not qualify why: the rules that fell short, or (when
    /// every rule gave all it could) the threshold.
    var why: String {
        var text = explanation
        if qualifies { return text }
        text += " — "
        var first = true
        for part in parts {
            guard let shortfall = part.shortfall else { continue }
            if !first { text += "; " }
            first = false
            text += shortfall
        }
        if first { text += "\(total) is below the threshold \(threshold)" }
        return text
    }
}

/// How one implementation of the `screen` slot scores leads; settings come from `config set`.
protocol LeadScorer: Sendable {
    /// Reads the settings (or model) once for a run and returns the scoring of one lead.
    func scoring(_ context: StageContext) throws -> @Sendable (Lead) -> Score
    /// The same, for scorers that also read custom lead fields: `lead screen` reads those fields'
    /// values for each batch of leads in one query. By default no custom field is read.
    func batchScoring(_ context: StageContext) throws -> BatchScoring
    /// The stored lead columns the scoring reads (`budget_minor`, ...), so a large batch reads no
    /// other; nil for all of them.
    func columns(_ context: StageContext) throws -> Set<String>?
}

/// A run's scoring of leads with the values of the custom fields it reads.
struct BatchScoring: Sendable {
    /// The custom lead fields whose values `score` needs.
    let customFields: [String]
    /// The stored lead columns `score` reads (`LeadTable.rows(where:reading:in:)`); nil for all of them.
    var columns: Set<String>? = nil
    let score: @Sendable (LeadFeatures.Subject) -> Score
}

extension LeadScorer {
    func batchScoring(_ context: StageContext) throws -> BatchScoring {
        let score = try scoring(context)
        return BatchScoring(customFields: [], columns: try columns(context), score: { score($0.lead) })
    }

    /// The stored lead columns `scoring` reads; nil (the default) for all of them.
    func columns(_ context: StageContext) throws -> Set<String>? { nil }
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
