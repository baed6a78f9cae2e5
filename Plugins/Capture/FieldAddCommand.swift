import FunnelModel
import StageKit

/// `field add ENTITY NAME TYPE`: declares a custom field of leads, deals, products, customers, invoices
/// or payments, which their list and show commands then show, `where` filters, exports write, imports
/// read and edits set.
/// Journaled as `field.added` about `ENTITY.NAME`.
enum FieldAddCommand {
    static let command = Command(CommandSignature(
        "field add",
        summary: "Declare a custom field of leads, deals, products, customers, invoices or payments, with its type.",
        positionals: [
            Positional("entity", .choice(CustomFields.Entity.allCases.map(\.rawValue)), "What carries the field."),
            Positional("name", .string, "Its name: lower-case letters, digits and _, e.g. industry_segment."),
            Positional("type", .choice(CustomFields.FieldType.allCases.map(\.rawValue)),
                       "What it holds: " + CustomFields.FieldType.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: ", ") + "."),
        ],
        output: .nothing, impact: .low,
        examples: [
            Example("field add lead employees int", "A whole number on every lead."),
            Example("field add deal renewal_date date", "A date on every deal."),
            Example("field add product list_price money", "An amount with its currency on every product."),
            Example("field add deal discount_rate decimal", "An exact decimal number on every deal."),
            Example("field add invoice region string", "A text on every invoice, for `where` and `report receivables --by region`."),
        ]).creating(), catalog: true) { invocation, context in
        guard let entity = invocation.string("entity").flatMap(CustomFields.Entity.init(rawValue:)),
              let type = invocation.string("type").flatMap(CustomFields.FieldType.init(rawValue:)) else {
            throw CommandError("field add needs an entity, a name and a type", argument: "entity")
        }
        let name = (invocation.string("name") ?? "").trimmingSpaces
        let field = CustomFields.Field(entity: entity, name: name, type: type)
        let existed = try CustomFields.field(name, of: entity, in: context.database) != nil
        try CustomFields.define(field, builtIn: entity.builtIn, in: context.database)
        if !invocation.isValueUsed {
            context.output.line(existed ? "\(entity.rawValue) already has \(name) (\(type.rawValue))" : "\(entity.rawValue) field \(name) (\(type.rawValue)) added")
        }
        if !existed {
            try context.journal("field.added", about: "\(entity.rawValue).\(name)", details: Record([("entity", .string(entity.rawValue)),
                                ("name", .string(name)), ("type", .string(type.rawValue))]))
        }
        return .record(Record([("entity", .string(entity.rawValue)), ("name", .string(name)), ("type", .string(type.rawValue))]))
    }
}
