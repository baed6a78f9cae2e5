#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// `lead export FILE`: every lead (or the leads piped in) to a CSV or JSON file.
enum LeadExportCommand {
    static let command = Command(CommandSignature(
        "lead export",
        summary: "Write leads (all, or those piped in) to a CSV or JSON file that lead import reads back.",
        positionals: [Positional("file", .file, "The file to write: .csv or .json.")],
        flags: [Flag("force", .bool, "Overwrite the file if it exists.")],
        input: .table, output: .nothing, impact: .low,
        examples: [Example("lead list | where status == qualified | lead export qualified.csv --force",
                           "Qualified leads to CSV.", setup: "lead add Acme")]), catalog: true) { invocation, context in
        let path = invocation.string("file") ?? ""
        var rows = invocation.input.rows ?? []
        if invocation.input == .null {
            rows = try CustomFields.extend(LeadTable.relation(), entity: .lead, in: context.database).rows(in: context.database)
        }
        // Custom fields are written after the built-in columns, under their names, which `lead import` reads back.
        let custom = try CustomFields.fields(of: .lead, in: context.database).map(\.name)
        let table = Table(columns: (LeadTable.listColumns + custom).filter { column in rows.contains { $0[column] != nil } }, rows: rows)
        let text = path.lowercased().hasSuffix(".json") ? Value.table(table).json : CSVWriter.write(table)
        try OutputFile.check(path, force: invocation.flag("force"))
        if invocation.isDryRun {
            context.output.line("would write \(rows.count) leads to \(path)")
            return .null
        }
        try OutputFile.write(text, to: path)
        context.output.line("\(rows.count) leads written to \(path)")
        return .null
    }
}
