import FunnelModel
import StageKit

/// The `capture` slot's built-in implementation: adding, listing, editing and removing leads by hand.
public struct CaptureStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .capture, implementation: "manual",
                        summary: "Collect leads by hand and keep them tidy.", version: "0.1.0", follows: nil)
    }

    public var commands: [Command] { commandEntries.map { $0.make() } }

    public var commandEntries: [CommandEntry] {
        [
            CommandEntry("lead add") { LeadAddCommand.command },
            CommandEntry("lead list") { LeadListCommand.command },
            CommandEntry("lead show") { LeadShowCommand.command },
            CommandEntry("lead edit") { LeadEditCommand.command },
            CommandEntry("lead assign") { LeadAssignCommand.command },
            CommandEntry("lead rm") { LeadRemoveCommand.command },
            CommandEntry("lead import") { LeadImportCommand.command },
            CommandEntry("lead export") { LeadExportCommand.command },
            CommandEntry("lead dupes") { LeadDupesCommand.command },
            CommandEntry("lead merge") { LeadMergeCommand.command },
            CommandEntry("deal import") { DealImportCommand.command },
            CommandEntry("field add") { FieldAddCommand.command },
            CommandEntry("field list") { FieldListCommand.command },
            CommandEntry("field rm") { FieldRemoveCommand.command },
        ]
    }

    public func describeIDs(of kind: EntityKind, matching prefix: String, context: StageContext) throws -> [IDDescription] {
        guard kind == .lead else { return [] }
        let digits = prefix.split(separator: "-", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let rows = try context.database.query(
            "SELECT id, name, company, status FROM leads WHERE CAST(id AS TEXT) LIKE ? ORDER BY id LIMIT 50",
            [.text(digits + "%")])
        return rows.map { row in
            let name = [row.text("name"), row.text("company")].compactMap { $0 }.joined(separator: " ")
            return IDDescription(id: EntityID(.lead, row.integer("id") ?? 0),
                                 summary: "\(name) · \(row.text("status") ?? "")")
        }
    }
}
