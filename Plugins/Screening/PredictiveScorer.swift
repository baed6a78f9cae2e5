#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import FunnelModel
import StageKit
import StageSupport

/// Scores a lead with the trained logistic model: the chance in percent that it converts, the
/// inputs that weighed most as the explanation, qualified at `screen.predictive.threshold` (50).
struct PredictiveScorer: LeadScorer {
    static let settings = [ScoringSettings.points("screen.predictive.threshold", "The chance (percent) at which a lead qualifies.", default: 50)]

    func scoring(_ context: StageContext) throws -> @Sendable (Lead) -> Score {
        let batch = try batchScoring(context)
        return { lead in batch.score(LeadFeatures.Subject(lead: lead)) }
    }

    func batchScoring(_ context: StageContext) throws -> BatchScoring {
        guard let model = try PredictiveModelStore.load(context) else {
            throw CommandError("no model trained yet", hint: "train one on leads whose outcome is known: screen train")
        }
        // A custom field the model learned from must still be there, of the same type, or every lead
        // would silently read as missing it.
        let declared = try CustomFields.fields(of: .lead, in: context.database)
        for (field, type) in model.custom.sorted(by: { $0.key < $1.key }) {
            let name = LeadFeatures.storedName(field)
            guard let now = declared.first(where: { $0.name == name }) else {
                throw CommandError("the screening model learned from the custom field \(name), which leads no longer have",
                                   hint: "train it again without it: screen train --fields ...")
            }
            guard now.type == type else {
                throw CommandError("the screening model learned from the custom field \(name) as \(type.rawValue); it is now \(now.type.rawValue)",
                                   hint: "train it again: screen train --fields \(model.fields.joined(separator: ","))")
            }
        }
        let threshold = try ScoringSettings(context: context, prefix: "screen.predictive").int("threshold", default: 50)
        return BatchScoring(customFields: model.custom.keys.sorted()) { lead in PredictiveScorer.score(lead, model: model, threshold: threshold) }
    }

    static func score(_ lead: LeadFeatures.Subject, model: LogisticModel, threshold: Int) -> Score {
        let (probability, evidence) = model.predict(lead)
        let percent = Int((probability * 100).rounded())
        // The score's parts: the chance, then the three strongest pieces of evidence (0 points each,
        // so the total is the chance) with a shortfall for those that count against the lead.
        var parts = [Score.Part(rule: "chance", points: percent, shortfall: nil)]
        for item in evidence.prefix(3) {
            let effect = PredictiveScorer.effect(item.logOdds)
            parts.append(Score.Part(rule: "\(item.feature) \(effect)", points: 0,
                                    shortfall: item.logOdds < 0 ? "\(item.feature) divides the odds by \(effect.dropFirst())" : nil,
                                    showsPoints: false))
        }
        return Score(parts: parts, threshold: threshold)
    }

    /// How a feature moves the odds: `×3.1` (up) or `÷3.1` (down).
    static func effect(_ logOdds: Double) -> String {
        let factor = exp(abs(logOdds))
        return (logOdds >= 0 ? "×" : "÷") + PrintfFormat.string(factor >= 10 ? "%.0f" : "%.1f", factor)
    }
}

/// The trained model, kept in the `screen_models` table (the newest row is used).
enum PredictiveModelStore {
    static let migrations = [
        Migration(module: "screening-predictive", name: "v1", statements: [
            """
            CREATE TABLE screen_models (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                trained_at TEXT NOT NULL,
                examples INTEGER NOT NULL,
                converted INTEGER NOT NULL,
                held_out INTEGER NOT NULL,
                accuracy_permille INTEGER,
                model TEXT NOT NULL
            )
            """,
        ]),
    ]

    static func load(_ context: StageContext) throws -> LogisticModel? {
        guard let text = try context.database.query("SELECT model FROM screen_models ORDER BY id DESC LIMIT 1").first?.text("model")
        else { return nil }
        guard let model = LogisticModel(json: text) else {
            // Models trained before the logistic regression (naive Bayes) are not read: training again replaces them.
            throw CommandError("the stored screening model is damaged or from an older Funnel", hint: "train it again: screen train")
        }
        return model
    }
}
