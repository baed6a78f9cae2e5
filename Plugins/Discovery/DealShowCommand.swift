import FunnelModel
import StageKit

/// `deal show D-N`: one deal with what discovery has gathered.
enum DealShowCommand {
    static let command = Command(CommandSignature(
        "deal show",
        summary: "Show a deal with its needs, activities, stakeholders, competitors and the discovery gate.",
        positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1.")],
        output: .any,
        examples: [Example("deal show D-1", "Everything about one deal.", setup: "lead add Acme; lead qualify L-1 --force")]), catalog: true) { invocation, context in
        guard let id = invocation.id("deal") else { throw CommandError("deal show needs a deal id", argument: "deal") }
        let row = try DealRecords.require(id, context)
        func count(_ table: String) throws -> Value {
            .int(try context.database.query("SELECT count(*) AS n FROM \(table) WHERE deal_id = ?", [.integer(id.number)]).first?.integer("n") ?? 0)
        }
        let confirmed = try BudgetConfirmation.isConfirmed(id, in: context.database) ? 1 : 0
        let value: Value = row.integer("value_minor").map { minor in
            .money(Money(minorUnits: minor, currency: row.text("value_currency").flatMap(Currency.init(code:)) ?? .cny))
        } ?? .null
        let gate = try StageSlot.discover.handOffMissing(for: id, in: context.database) + DiscoveryGate.reasons(id, context: context)
        var record = Record([
            ("id", .id(id)), ("title", .string(row.text("title") ?? "")),
            ("customer", row.integer("customer_id").map { .id(EntityID(.customer, $0)) } ?? .null),
            ("stage", row.text("stage").map(Value.string) ?? .null), ("status", .string(row.text("status") ?? "")), ("value", value),
            ("owner", row.text("owner").map(Value.string) ?? .null), ("budget confirmed", .bool(confirmed != 0)),
            ("needs", try count("needs")), ("activities", try count("activities")),
            ("stakeholders", try count("stakeholders")), ("competitors", try count("competitors")),
            ("discovery gate", .string(gate.isEmpty ? "passes" : gate.joined(separator: "; "))),
        ])
        for (name, value) in try CustomFields.values(of: .deal, record: id.number, in: context.database) { record[name] = value }
        return .record(record)
    }
}
