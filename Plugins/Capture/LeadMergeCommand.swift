import FunnelModel
import StageKit

/// `lead merge KEEP OTHER`: folds OTHER into KEEP — KEEP's fields stay, its empty ones are filled
/// from OTHER, tags are joined — deletes OTHER, and journals which field came from where.
enum LeadMergeCommand {
    static let command = Command(CommandSignature(
        "lead merge",
        summary: "Merge a duplicate into the lead to keep, filling its empty fields, and delete the duplicate.",
        positionals: [Positional("keep", .id(.lead), "The lead that stays."),
                      Positional("other", .id(.lead), "The duplicate merged into it and deleted.")],
        flags: [Flag("prefer-other", .bool, "Where both have a value, take the duplicate's.")],
        output: .nothing, impact: .high,
        examples: [Example("lead merge L-1 L-2 --dry-run", "Show what merging would do.",
                           setup: "lead add Acme --email a@acme.cn; lead add ACME --phone 13800001111 --budget 5000")])) { invocation, context in
        guard let keepID = invocation.id("keep"), let otherID = invocation.id("other") else {
            throw CommandError("lead merge needs two lead ids", argument: "keep")
        }
        guard keepID != otherID else { throw CommandError("a lead cannot be merged with itself", argument: "other") }
        let keep = try LeadTable.require(keepID, in: context.database, argument: "keep")
        let other = try LeadTable.require(otherID, in: context.database, argument: "other")
        // The duplicate is deleted, so it must not be a converted lead its customer and deal refer to.
        if let became = try LeadTable.conversion(of: otherID, in: context.database) {
            let keepConverted = try LeadTable.conversion(of: keepID, in: context.database) != nil
            throw CommandError("\(otherID) was converted (\(became)) and cannot be merged away", argument: "other",
                               hint: keepConverted ? "both leads were converted; keep them apart"
                                                   : "keep it instead: lead merge \(otherID) \(keepID)")
        }
        let preferOther = invocation.flag("prefer-other")
        var merged = keep
        var origins: [(String, Value)] = []
        func take<T: Equatable>(_ field: String, _ keyPath: WritableKeyPath<Lead, T?>) {
            let mine = keep[keyPath: keyPath], theirs = other[keyPath: keyPath]
            if theirs != nil, mine == nil || (preferOther && mine != theirs) {
                merged[keyPath: keyPath] = theirs
                origins.append((field, .id(otherID)))
            }
        }
        take("company", \.company); take("email", \.email); take("phone", \.phone); take("source", \.source)
        take("campaign", \.campaign); take("owner", \.owner); take("region", \.region); take("industry", \.industry)
        take("budget", \.budget); take("authority", \.authority); take("need", \.need); take("timeline", \.timelineDays)
        take("frequency", \.purchaseFrequency)
        let tags = keep.tags + other.tags.filter { !keep.tags.contains($0) }
        if tags != keep.tags {
            merged.tags = tags
            origins.append(("tags", .list([.id(keepID), .id(otherID)])))
        }
        // The earlier known creation day; an unknown one never replaces a known one.
        if let earlier = other.createdAt, keep.createdAt.map({ earlier < $0 }) ?? true {
            merged.createdAt = other.createdAt
            origins.append(("created", .id(otherID)))
        }
        // Custom fields by the same rule: the kept lead's values stay (unless --prefer-other), its empty ones are filled.
        let keptCustom = try CustomFields.values(of: .lead, record: keepID.number, in: context.database)
        let otherCustom = Dictionary(try CustomFields.values(of: .lead, record: otherID.number, in: context.database), uniquingKeysWith: { a, _ in a })
        var customTaken: [String] = []
        for (name, mine) in keptCustom {
            guard let theirs = otherCustom[name], theirs != .null, mine == .null || (preferOther && mine != theirs) else { continue }
            customTaken.append(name)
            origins.append((name, .id(otherID)))
        }
        let summary = origins.isEmpty ? "no fields taken" : "fields from \(otherID): " + origins.map(\.0).joined(separator: ", ")
        if invocation.isDryRun {
            context.output.line("would merge \(otherID) \(other.name) into \(keepID) \(keep.name) (\(summary)) and delete \(otherID)")
            return .null
        }
        try LeadTable.update(merged, in: context.database)
        for name in customTaken {
            try context.database.execute("INSERT INTO custom_values (entity, field, record, value, currency) "
                + "SELECT entity, field, ?, value, currency FROM custom_values WHERE entity = 'lead' AND field = ? AND record = ? "
                + "ON CONFLICT (entity, field, record) DO UPDATE SET value = excluded.value, currency = excluded.currency",
                [.integer(keepID.number), .text(name), .integer(otherID.number)])
        }
        try LeadTable.delete(otherID, in: context.database)
        var removed = LeadTable.record(of: other)
        removed["id"] = nil
        try context.journal("lead.merged", subject: keepID, details: Record([
            ("from", .id(otherID)), ("fields", .record(Record(origins))), ("merged_lead", .record(removed)),
        ]))
        try context.journal("lead.removed", subject: otherID, details: Record([("merged_into", .id(keepID))]))
        context.output.line("\(otherID) merged into \(keepID) (\(summary))")
        return .null
    }
}
