import FunnelModel
import StageKit

/// `field list [ENTITY]`: the custom fields declared, with their types and how many values each holds.
enum FieldListCommand {
    static let command = Command(CommandSignature(
        "field list",
        summary: "List the custom fields of leads, deals, products, customers, invoices and payments.",
        positionals: [Positional("entity", .choice(CustomFields.Entity.allCases.map(\.rawValue)), "Only this entity's fields.", optional: true)],
        examples: [Example("field list", "Every custom field.", setup: "field add lead employees int")]), catalog: true) { invocation, context in
        let entities = invocation.string("entity").flatMap(CustomFields.Entity.init(rawValue:)).map { [$0] } ?? CustomFields.Entity.allCases
        var rows: [Record] = []
        for entity in entities {
            let counts = try CustomFields.valueCounts(of: entity, in: context.database)
            for field in try CustomFields.fields(of: entity, in: context.database) {
                rows.append(Record([("entity", .string(entity.rawValue)), ("name", .string(field.name)),
                                    ("type", .string(field.type.rawValue)), ("values", .int(counts[field.name] ?? 0))]))
            }
        }
        return .table(Table(columns: ["entity", "name", "type", "values"], rows: rows))
    }
}
