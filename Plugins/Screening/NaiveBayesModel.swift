import Foundation
import FunnelModel
import StageKit
import StageSupport

/// A naive-Bayes model of which leads convert: for each feature value (source, industry, budget band,
/// ...), how many converted and how many did not. Trained from leads whose outcome is known; scores a
/// lead with the probability it converts, explained by the features that weighed most.
struct NaiveBayesModel {
    /// Counts of [did not convert, converted] per feature, per value.
    var counts: [String: [String: [Int]]] = [:]
    var totals = [0, 0]

    /// The features of a lead, as `name → value`.
    static func features(of lead: Lead) -> [String: String] {
        var features: [String: String] = [
            "source": lead.source ?? "unknown", "industry": lead.industry?.lowercased() ?? "unknown",
            "region": lead.region ?? "unknown", "frequency": lead.purchaseFrequency?.rawValue ?? "unknown",
            "authority": lead.authority.map { $0 ? "yes" : "no" } ?? "unknown",
            "need": lead.need.map(String.init) ?? "unknown",
        ]
        if let budget = lead.budget {
            let major = budget.minorUnits / max(1, budget.scale)
            features["budget"] = major < 10_000 ? "under 10k" : major < 100_000 ? "10k-100k" : major < 1_000_000 ? "100k-1m" : "1m and more"
        } else {
            features["budget"] = "unknown"
        }
        if let days = lead.timelineDays {
            features["timeline"] = days <= 30 ? "within 30 days" : days <= 90 ? "within 90 days" : days <= 180 ? "within 180 days" : "later"
        } else {
            features["timeline"] = "unknown"
        }
        return features
    }

    mutating func learn(_ lead: Lead, converted: Bool) {
        let label = converted ? 1 : 0
        totals[label] += 1
        for (name, value) in NaiveBayesModel.features(of: lead) {
            counts[name, default: [:]][value, default: [0, 0]][label] += 1
        }
    }

    /// The probability the lead converts, and each feature's weight of evidence (log odds it adds).
    func predict(_ lead: Lead) -> (probability: Double, evidence: [(feature: String, logOdds: Double)]) {
        let prior = log(Double(totals[1] + 1) / Double(totals[0] + 1))
        var logOdds = prior
        var evidence: [(String, Double)] = []
        for (name, value) in NaiveBayesModel.features(of: lead).sorted(by: { $0.key < $1.key }) {
            let values = counts[name] ?? [:]
            let seen = values[value] ?? [0, 0]
            let vocabulary = Double(values.count + 1)
            // Laplace smoothing: every value, seen or not, counts once more in each class.
            let positive = (Double(seen[1]) + 1) / (Double(totals[1]) + vocabulary)
            let negative = (Double(seen[0]) + 1) / (Double(totals[0]) + vocabulary)
            let weight = log(positive / negative)
            logOdds += weight
            evidence.append(("\(name) \(value)", weight))
        }
        return (1 / (1 + exp(-logOdds)), evidence.sorted { abs($0.1) > abs($1.1) })
    }

    // MARK: - Storage as JSON

    var json: String {
        let features = Record(counts.keys.sorted().map { name in
            (name, Value.record(Record((counts[name] ?? [:]).keys.sorted().map { value in
                (value, Value.list((counts[name]?[value] ?? [0, 0]).map { .int(Int64($0)) }))
            })))
        })
        return Value.record(Record([("totals", .list(totals.map { .int(Int64($0)) })), ("features", .record(features))])).json
    }

    init() {}

    init?(json text: String) {
        guard case .record(let root)? = try? JSONReader.parse(text), let totals = NaiveBayesModel.pair(root["totals"]),
              case .record(let features)? = root["features"] else { return nil }
        self.totals = totals
        for feature in features.fields {
            guard case .record(let values) = feature.value else { return nil }
            for value in values.fields {
                guard let pair = NaiveBayesModel.pair(value.value) else { return nil }
                counts[feature.name, default: [:]][value.name] = pair
            }
        }
    }

    private static func pair(_ value: Value?) -> [Int]? {
        guard case .list(let items)? = value, items.count == 2,
              case .int(let a) = items[0], case .int(let b) = items[1] else { return nil }
        return [Int(a), Int(b)]
    }
}
