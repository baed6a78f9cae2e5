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

/// A logistic regression of which leads convert, over the lead fields the user names
/// (`LeadFeatures`). Categorical fields become one indicator per value (the 30 most frequent values
/// seen at least twice in training; a lead without the field has the value `(none)`); numeric fields
/// are standardised (mean 0, standard deviation 1 over the training leads), a missing number counts as
/// the mean and sets an indicator of its own. The lead's custom fields the model learned from are
/// kept with their type (`custom`), so a scored lead is read as the trained ones were. Fitted by Newton's method with an L2 penalty (λ = 1, the
/// intercept unpenalised): no randomness, so the same history gives the same model on every machine.
struct LogisticModel {
    /// One input of the model.
    struct Feature: Equatable {
        enum Role: Equatable {
            /// 1 when the field has this value (for tags: one of its tags).
            case value(String)
            /// The standardised number.
            case number(mean: Double, deviation: Double)
            /// 1 when the numeric field is missing.
            case missing
        }
        let field: String
        let role: Role
    }

    static let maximumValues = 30
    static let penalty = 1.0

    var fields: [String]
    /// The custom lead fields among `fields`, with the type they had when the model was trained.
    var custom: [String: CustomFields.FieldType] = [:]
    var features: [Feature]
    var weights: [Double]
    var intercept: Double

    // MARK: - Encoding

    /// The value of `field` on a lead: a custom field by its stored type, a built-in one from the lead.
    func reading(_ field: String, of subject: LeadFeatures.Subject) -> LeadFeatures.Reading {
        if let type = custom[field] { return LeadFeatures.value(custom: field, type, of: subject) }
        return LeadFeatures.value(field, of: subject.lead)
    }

    /// Whether `field` is a category or a number.
    func kind(of field: String) -> LeadFeatures.Kind? {
        if let type = custom[field] { return LeadFeatures.kind(of: type) }
        return LeadFeatures.kind(of: field)
    }

    /// The lead's nonzero inputs, as (feature index, value).
    func inputs(_ lead: LeadFeatures.Subject) -> [(Int, Double)] {
        var result: [(Int, Double)] = []
        var index = 0
        while index < features.count {
            let field = features[index].field
            var end = index
            while end < features.count && features[end].field == field { end += 1 }
            let reading = reading(field, of: lead)
            for position in index..<end {
                switch features[position].role {
                case .value(let value):
                    switch reading {
                    case .categories(let values): if values.contains(value) { result.append((position, 1)) }
                    case .missing: if value == LogisticModel.none { result.append((position, 1)) }
                    case .number: break
                    }
                case .number(let mean, let deviation):
                    if case .number(let number) = reading {
                        result.append((position, min(5, max(-5, (number - mean) / deviation))))
                    }
                case .missing:
                    if reading == .missing { result.append((position, 1)) }
                }
            }
            index = end
        }
        return result
    }

    static let none = "(none)"

    /// The features the training leads call for, field by field in the order given.
    func features(from leads: [LeadFeatures.Subject]) -> [Feature] {
        let none = LogisticModel.none, maximumValues = LogisticModel.maximumValues
        var features: [Feature] = []
        for field in fields {
            let readings = leads.map { reading(field, of: $0) }
            switch kind(of: field) {
            case .category?:
                var counts: [String: Int] = [:]
                for reading in readings {
                    switch reading {
                    case .categories(let values): for value in Set(values) { counts[value, default: 0] += 1 }
                    case .missing: counts[none, default: 0] += 1
                    case .number: break
                    }
                }
                let kept = counts.filter { $0.value >= 2 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                // A value every lead has tells nothing.
                features += kept.prefix(maximumValues).filter { $0.value < leads.count }.map { Feature(field: field, role: .value($0.key)) }
            case .number?:
                let numbers = readings.compactMap { reading -> Double? in if case .number(let n) = reading { return n }; return nil }
                guard !numbers.isEmpty else { continue }
                let mean = numbers.reduce(0, +) / Double(numbers.count)
                let variance = numbers.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(numbers.count)
                if variance > 0 { features.append(Feature(field: field, role: .number(mean: mean, deviation: variance.squareRoot()))) }
                if numbers.count < leads.count { features.append(Feature(field: field, role: .missing)) }
            case nil:
                continue
            }
        }
        return features
    }

    // MARK: - Training

    /// Fits the model to leads with a known outcome.
    static func train(_ examples: [(lead: LeadFeatures.Subject, converted: Bool)], fields: [String],
                      custom: [String: CustomFields.FieldType] = [:]) -> LogisticModel {
        var model = LogisticModel(fields: fields, custom: custom, features: [], weights: [], intercept: 0)
        model.features = model.features(from: examples.map(\.lead))
        let d = model.features.count + 1 // the intercept last
        let rows = examples.map { model.inputs($0.lead) + [(d - 1, 1.0)] }
        let labels = examples.map { $0.converted ? 1.0 : 0.0 }
        var w = [Double](repeating: 0, count: d)
        for _ in 0..<30 {
            var gradient = [Double](repeating: 0, count: d)
            var hessian = [Double](repeating: 0, count: d * d)
            for (row, label) in zip(rows, labels) {
                var z = 0.0
                for (i, x) in row { z += w[i] * x }
                let p = 1 / (1 + exp(-z))
                let curvature = max(p * (1 - p), 1e-10)
                for (i, xi) in row {
                    gradient[i] += (p - label) * xi
                    for (j, xj) in row { hessian[i * d + j] += curvature * xi * xj }
                }
            }
            for i in 0..<(d - 1) {
                gradient[i] += penalty * w[i]
                hessian[i * d + i] += penalty
            }
            hessian[(d - 1) * d + (d - 1)] += 1e-9
            guard let step = solve(hessian, gradient, size: d) else { break }
            var largest = 0.0
            for i in 0..<d {
                w[i] -= step[i]
                largest = max(largest, abs(step[i]))
            }
            if largest < 1e-7 { break }
        }
        model.weights = Array(w.dropLast())
        model.intercept = w[d - 1]
        return model
    }

    /// Solves the symmetric positive-definite system `matrix · x = vector` (Cholesky); nil if it is not.
    static func solve(_ matrix: [Double], _ vector: [Double], size n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = matrix[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = vector[i]
            for k in 0..<i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<n { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x
    }

    // MARK: - Scoring

    /// The probability the lead converts, and what each of its inputs adds to the log odds, strongest first.
    func predict(_ lead: LeadFeatures.Subject) -> (probability: Double, evidence: [(feature: String, logOdds: Double)]) {
        var logOdds = intercept
        var evidence: [(String, Double)] = []
        for (index, x) in inputs(lead) {
            let contribution = weights[index] * x
            logOdds += contribution
            evidence.append((label(index, lead: lead), contribution))
        }
        return (1 / (1 + exp(-logOdds)), evidence.enumerated().sorted {
            abs($0.element.1) != abs($1.element.1) ? abs($0.element.1) > abs($1.element.1) : $0.offset < $1.offset
        }.map(\.element))
    }

    /// How an input reads in an explanation: `source referral`, `timeline 30`, `budget unknown`.
    func label(_ index: Int, lead: LeadFeatures.Subject) -> String {
        let feature = features[index]
        switch feature.role {
        case .value(let value): return "\(feature.field) \(value == LogisticModel.none ? "unknown" : value)"
        case .missing: return "\(feature.field) unknown"
        case .number:
            if case .number(let number) = reading(feature.field, of: lead) {
                // A date field reads as the days from the lead's creation to it.
                let unit = custom[feature.field] == .date ? " days" : ""
                return "\(feature.field) \(number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))\(unit)"
            }
            return feature.field
        }
    }

    // MARK: - Storage as JSON

    var json: String {
        let items: [Value] = zip(features, weights).map { feature, weight in
            var fields: [(String, Value)] = [("field", .string(feature.field))]
            switch feature.role {
            case .value(let value): fields.append(("value", .string(value)))
            case .number(let mean, let deviation): fields += [("mean", .string(String(mean))), ("deviation", .string(String(deviation)))]
            case .missing: fields.append(("missing", .bool(true)))
            }
            fields.append(("weight", .string(String(weight))))
            return .record(Record(fields))
        }
        return Value.record(Record([
            ("kind", .string("logistic")), ("fields", .list(fields.map(Value.string))),
            ("custom", .record(Record(custom.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value.rawValue)) }))),
            ("intercept", .string(String(intercept))), ("features", .list(items)),
        ])).json
    }

    init(fields: [String], custom: [String: CustomFields.FieldType] = [:], features: [Feature], weights: [Double], intercept: Double) {
        self.fields = fields; self.custom = custom; self.features = features; self.weights = weights; self.intercept = intercept
    }

    init?(json text: String) {
        guard case .record(let root)? = try? JSONReader.parse(text), root["kind"] == .string("logistic"),
              case .list(let names)? = root["fields"], case .string(let interceptText)? = root["intercept"],
              let intercept = Double(interceptText), let items = root["features"]?.rows ?? (root["features"] == .list([]) ? [] : nil)
        else { return nil }
        // Models trained before custom fields have no `custom`: every field is built in.
        var custom: [String: CustomFields.FieldType] = [:]
        if case .record(let types)? = root["custom"] {
            for field in types.fields {
                guard case .string(let text) = field.value, let type = CustomFields.FieldType(rawValue: text) else { return nil }
                custom[field.name] = type
            }
        }
        var features: [Feature] = [], weights: [Double] = []
        for item in items {
            guard case .string(let field)? = item["field"], case .string(let weightText)? = item["weight"],
                  let weight = Double(weightText) else { return nil }
            if case .string(let value)? = item["value"] {
                features.append(Feature(field: field, role: .value(value)))
            } else if case .string(let meanText)? = item["mean"], case .string(let deviationText)? = item["deviation"],
                      let mean = Double(meanText), let deviation = Double(deviationText), deviation > 0 {
                features.append(Feature(field: field, role: .number(mean: mean, deviation: deviation)))
            } else if item["missing"] == .bool(true) {
                features.append(Feature(field: field, role: .missing))
            } else {
                return nil
            }
            weights.append(weight)
        }
        self.init(fields: names.compactMap { if case .string(let s) = $0 { return s }; return nil }, custom: custom,
                  features: features, weights: weights, intercept: intercept)
    }
}
