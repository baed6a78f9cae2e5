#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// `screen train`: learns which leads convert from those whose outcome is known — converted or
/// disqualified (by hand or imported with an outcome), and for converted ones the deal won or lost —
/// with a logistic regression over the fields named by `--fields` (built-in lead fields and the leads'
/// custom fields, see `LeadFeatures`), reports accuracy on a held-out
/// fifth of them, then keeps a model trained on all of them for `lead screen`.
enum ScreenTrainCommand {
    static let command = Command(CommandSignature(
        "screen train",
        summary: "Train the predictive screening model on leads whose outcome is known, and report its accuracy.",
        flags: [Flag("fields", .string, "Comma-separated lead fields to learn from (default: "
                     + LeadFeatures.defaults.joined(separator: ",") + "); any of: "
                     + LeadFeatures.fields.map(\.name).joined(separator: ", ")
                     + ", or any custom lead field (field add lead NAME TYPE; custom.NAME when a built-in field has its name).")],
        output: .any, impact: .low,
        examples: [Example("screen train", "Train on history.", setup: exampleHistory),
                   Example("screen train --fields source,campaign,tags,industry,timeline", "Learn from the fields an imported history carries.",
                           setup: exampleHistory),
                   Example("screen train --fields source,employees", "Learn from a custom field too.",
                           setup: "field add lead employees int; " + exampleHistory + "; lead edit L-1 --set employees=500; lead edit L-3 --set employees=300")]))
    { invocation, context in
        let declared = try CustomFields.fields(of: .lead, in: context.database)
        var fields: [String] = []
        var custom: [String: CustomFields.FieldType] = [:]
        for name in (invocation.string("fields") ?? LeadFeatures.defaults.joined(separator: ",")).split(separator: ",") {
            let field = String(name).trimmingSpaces.lowercased()
            guard !field.isEmpty else { continue }
            if field.hasPrefix("custom.") || LeadFeatures.kind(of: field) == nil {
                guard let known = declared.first(where: { $0.name == LeadFeatures.storedName(field) }) else {
                    let customNames = declared.map(\.name)
                    throw CommandError("\(field) is not a field the model can learn from (built-in: \(LeadFeatures.fields.map(\.name).joined(separator: ", "));"
                                       + " custom: \(customNames.isEmpty ? "none declared" : customNames.joined(separator: ", ")))",
                                       argument: "fields", hint: "declare a custom field with: field add lead NAME string|int|date|bool")
                }
                custom[field] = known.type
            }
            if !fields.contains(field) { fields.append(field) }
        }
        guard !fields.isEmpty else { throw CommandError("name at least one field to learn from", argument: "fields") }
        let outcomes = try TrainingSet.examples(context, customFields: fields.filter { custom[$0] != nil })
        guard outcomes.count >= 4, outcomes.contains(where: \.converted), outcomes.contains(where: { !$0.converted }) else {
            throw CommandError("not enough history: \(outcomes.count) leads with a known outcome; at least 4, with both outcomes, are needed",
                               hint: "leads count once converted (lead qualify) or disqualified, once their deal is won or lost, or when imported with an outcome (lead import)")
        }
        // Every fifth lead (in id order) is held out to measure accuracy honestly: one of five or more.
        var trained: [(lead: LeadFeatures.Subject, converted: Bool)] = []
        var heldOut: [TrainingSet.Example] = []
        for (index, example) in outcomes.enumerated() {
            if index % 5 == 4 { heldOut.append(example) } else { trained.append((example.lead, example.converted)) }
        }
        let split = LogisticModel.train(trained, fields: fields, custom: custom)
        let full = LogisticModel.train(outcomes.map { ($0.lead, $0.converted) }, fields: fields, custom: custom)
        if full.features.isEmpty {
            context.output.note("the leads carry nothing to learn from in \(fields.joined(separator: ", ")): every lead scores the share converted")
        }
        if heldOut.isEmpty {
            context.output.note("accuracy not measured: \(outcomes.count) leads are too few to hold any out (5 or more are needed)")
        } else if heldOut.count < 20 {
            context.output.note("accuracy measured on only \(counted(heldOut.count, "held-out lead")): treat it as a rough guide")
        }
        var right = 0, truePositive = 0, predictedPositive = 0, actualPositive = 0
        for example in heldOut {
            let predicted = split.predict(example.lead).probability >= 0.5
            if predicted == example.converted { right += 1 }
            if predicted { predictedPositive += 1 }
            if example.converted { actualPositive += 1 }
            if predicted && example.converted { truePositive += 1 }
        }
        // Shares rounded half to even, as every report rounds them.
        let accuracy = Rounding.percent(Int64(right), of: Int64(heldOut.count))
        let converted = outcomes.filter(\.converted).count
        let report = Record([
            ("examples", .int(Int64(outcomes.count))), ("converted", .int(Int64(converted))),
            ("held out", .int(Int64(heldOut.count))), ("accuracy %", accuracy),
            ("precision %", Rounding.percent(Int64(truePositive), of: Int64(predictedPositive))),
            ("recall %", Rounding.percent(Int64(truePositive), of: Int64(actualPositive))),
            ("baseline %", Rounding.percent(Int64(max(converted, outcomes.count - converted)), of: Int64(outcomes.count))),
            ("fields", .string(fields.joined(separator: ","))),
        ])
        if invocation.isDryRun { return .record(report) }
        try context.database.execute(
            "INSERT INTO screen_models (trained_at, examples, converted, held_out, accuracy_permille, model) VALUES (?, ?, ?, ?, ?, ?)",
            [.text(Day.formatTimestamp(context.clock.now)), .integer(Int64(outcomes.count)), .integer(Int64(converted)),
             .integer(Int64(heldOut.count)), heldOut.isEmpty ? .null : .integer(Int64(clamping: Rounding.tenths(Int128(right) * 100, Int128(heldOut.count)))), .text(full.json)])
        try context.journal("screen.trained", subject: EntityID(.lead, outcomes.last?.lead.lead.id.number ?? 1), details: report)
        return .record(report)
    }
}

extension ScreenTrainCommand {
    /// Two converted and two disqualified leads, for examples.
    static let exampleHistory = "stage use screen bant; lead add A --source referral --need 3; lead add B --source web --need 0; "
        + "lead add C --source referral --need 3; lead add D --source web; lead qualify L-1 --force; lead qualify L-3 --force; "
        + "config set screen.bant.threshold 101; lead screen L-2; lead screen L-4; config set screen.bant.threshold 60; "
        + "stage use screen predictive"
}

/// The leads whose outcome is known, and that outcome.
enum TrainingSet {
    struct Example {
        /// The lead, with its values of the custom fields trained on.
        let lead: LeadFeatures.Subject
        let converted: Bool
    }

    static func examples(_ context: StageContext, customFields: [String] = []) throws -> [Example] {
        var dealOutcome: [Int64: Bool] = [:]
        for row in try context.database.query("SELECT id, status FROM deals WHERE status IN ('won', 'lost')") {
            dealOutcome[row.integer("id") ?? 0] = row.text("status") == "won"
        }
        let leads = try LeadTable.fetchAll(where: .init("status IN ('converted', 'disqualified')"), in: context.database)
        let dealOf = Dictionary(try context.database.query("SELECT id, deal_id FROM leads WHERE deal_id IS NOT NULL").map {
            ($0.integer("id") ?? 0, $0.integer("deal_id") ?? 0)
        }, uniquingKeysWith: { a, _ in a })
        let custom = try LeadFeatures.customValues(customFields, records: leads.map(\.id.number), in: context.database)
        return leads.map { lead in
            let outcome = dealOf[lead.id.number].flatMap { dealOutcome[$0] } ?? (lead.status == .converted)
            return Example(lead: LeadFeatures.Subject(lead: lead, custom: custom[lead.id.number] ?? [:]), converted: outcome)
        }
    }
}
