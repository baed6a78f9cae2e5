import FunnelModel
import StageKit

/// `evidence add KIND TITLE`: a case study or testimonial, tied to products and industries.
enum EvidenceAddCommand {
    static let command = Command(CommandSignature(
        "evidence add",
        summary: "Add a case study or testimonial to the evidence library, tied to products and industries.",
        positionals: [Positional("kind", .choice(["case-study", "testimonial"]), "case-study or testimonial."),
                      Positional("title", .string, "Its title.")],
        flags: [Flag("products", .string, "SKUs it is about, comma-separated."),
                Flag("industries", .string, "Industries it speaks to, comma-separated."),
                Flag("summary", .string, "The result to quote, e.g. '+18% throughput'.")],
        output: .nothing, impact: .low,
        examples: [Example("evidence add case-study \"Ningbo Port\" --products GTX-PRO --industries manufacturing --summary \"+18% throughput\"",
                           "A case study.", setup: "product add GTX-PRO \"GTX Pro\" --price 4821")]).creating(), catalog: true) { invocation, context in
        let title = (invocation.string("title") ?? "").trimmingSpaces
        guard !title.isEmpty else { throw CommandError("evidence needs a title", argument: "title") }
        let skus = (invocation.string("products") ?? "").split(separator: ",").map { String($0).trimmingSpaces.uppercased() }.filter { !$0.isEmpty }
        for sku in skus where try !ProductTable.exists(sku, in: context.database) {
            throw CommandError("no product \(sku)", argument: "products")
        }
        let industries = ProductTable.needs(invocation.string("industries") ?? "")
        if invocation.isDryRun {
            context.output.line("would add \(invocation.string("kind") ?? "") \"\(title)\"")
            return .null
        }
        try context.database.execute("INSERT INTO evidence (kind, title, products, industries, summary) VALUES (?, ?, ?, ?, ?)",
                                     [.text(invocation.string("kind") ?? "case-study"), .text(title), .text(skus.joined(separator: ",")),
                                      .text(industries.joined(separator: ",")), invocation.string("summary").map { .text($0) } ?? .null])
        let id = EntityID(.evidence, context.database.lastInsertedRowID)
        try context.journal("evidence.added", subject: id, details: Record([("title", .string(title))]))
        if !invocation.isValueUsed { context.output.line("\(id) added: \(title)") }
        return .record(Record([("id", .id(id)), ("kind", .string(invocation.string("kind") ?? "case-study")), ("title", .string(title)),
                               ("products", skus.isEmpty ? .null : .string(skus.joined(separator: ","))),
                               ("industries", industries.isEmpty ? .null : .string(industries.joined(separator: ","))),
                               ("summary", invocation.string("summary").map(Value.string) ?? .null)]))
    }
}
