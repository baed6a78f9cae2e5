import FunnelModel
import StageKit

/// `field rm ENTITY NAME`: removes a custom field and every value it holds; journaled as
/// `field.removed` about `ENTITY.NAME`, with the field's type and how many values went.
enum FieldRemoveCommand {
    static let command = Command(CommandSignature(
        "field rm",
        summary: "Remove a custom field and all its values.",
        positionals: [
            Positional("entity", .choice(CustomFields.Entity.allCases.map(\.rawValue)), "What carries the field."),
            Positional("name", .string, "The field."),
        ],
        output: .nothing, impact: .high,
        examples: [Example("field rm lead employees --dry-run", "What removing it would lose.", setup: "field add lead employees int")]),
        catalog: true) { invocation, context in
        guard let entity = invocation.string("entity").flatMap(CustomFields.Entity.init(rawValue:)) else {
            throw CommandError("field rm needs an entity and a name", argument: "entity")
        }
        let name = (invocation.string("name") ?? "").trimmingSpaces
        guard let field = try CustomFields.field(name, of: entity, in: context.database) else {
            let known = try CustomFields.fields(of: entity, in: context.database).map(\.name)
            throw CommandError("\(entity.rawValue) has no custom field \"\(name)\"", argument: "name",
                               hint: known.isEmpty ? nil : "custom fields: " + known.joined(separator: ", "))
        }
        let removed = try CustomFields.remove(name, of: entity, in: context.database)
        let summary = "\(entity.rawValue) field \(name) and its \(counted(removed, "value"))"
        if invocation.isDryRun {
            context.output.line("would remove \(summary)")
            return .null
        }
        try context.journal("field.removed", about: "\(entity.rawValue).\(name)", details: Record([("entity", .string(entity.rawValue)),
                            ("name", .string(name)), ("type", .string(field.type.rawValue)), ("values", .int(removed))]))
        context.output.line("removed \(summary)")
        return .null
    }
}
