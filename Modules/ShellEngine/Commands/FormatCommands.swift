#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit
import StageSupport

/// `to json`, `to csv`, `to md`: the input as text in that format.
enum ToCommand {
    static func make(_ format: String, _ summary: String, render: @escaping @Sendable (Value) -> String?) -> EngineCommand {
        EngineCommand(CommandSignature(
            "to \(format)",
            summary: summary,
            input: .any, output: .any,
            examples: [Example("lead list | select id name | to \(format)", "Leads as \(format).", setup: "lead add Acme")])) { invocation, context in
            .string(render(try context.interpreter.materialize(invocation.input, at: context.node)) ?? "")
        }
    }

    static let json = make("json", "Turn the input into JSON text (money exact, as amount and currency; nothing as null).") {
        Renderer.render($0, as: .json) ?? "null"
    }
    static let csv = make("csv", "Turn a table into CSV text: money as a plain amount beside a currency column, dates ISO, lists as JSON.") {
        Renderer.render($0, as: .csv)
    }
    static let markdown = make("md", "Turn a table into a Markdown table.") { MarkdownRenderer.render($0) }
}

/// `from json`, `from csv`: text parsed into values.
enum FromCommand {
    static let json = EngineCommand(CommandSignature(
        "from json",
        summary: "Parse JSON text into values (numbers exact).",
        input: .any, output: .any,
        examples: [Example("'{\"a\": 1.50}' | from json", "A record with an exact decimal.")])) { invocation, _ in
        guard case .string(let text) = invocation.input else { throw CommandError("from json needs text as input") }
        do { return try JSONReader.parse(text) } catch let error as JSONReader.Failure { throw CommandError("invalid JSON at \(error.description)") }
    }

    static let csv = EngineCommand(CommandSignature(
        "from csv",
        summary: "Parse CSV text (with a header line) into a table.",
        input: .any, output: .table,
        examples: [Example("\"name,budget\\nAcme,5000\\n\" | from csv", "A one-row table.")])) { invocation, _ in
        guard case .string(let text) = invocation.input else { throw CommandError("from csv needs text as input") }
        do { return .table(try CSVReader.parse(text)) } catch let error as CSVReader.Failure { throw CommandError("invalid CSV at \(error.description)") }
    }
}

/// `save FILE`: writes the input to a file, as the file's extension says (.json, .csv, .md, else text).
enum SaveCommand {
    static let command = EngineCommand(CommandSignature(
        "save",
        summary: "Write the input to a file: .json, .csv and .md by their format, anything else as text.",
        positionals: [Positional("file", .file, "Where to write.")],
        flags: [Flag("force", .bool, "Overwrite the file if it exists.")],
        input: .any, output: .nothing, impact: .low,
        examples: [Example("lead list | save leads.csv --force --dry-run", "Leads as CSV.", setup: "lead add Acme")])) { invocation, context in
        let path = invocation.string("file") ?? ""
        let value = try context.interpreter.materialize(invocation.input, at: context.node)
        let text: String
        switch PathName.extension(path).lowercased() {
        case "json": text = Renderer.render(value, as: .json) ?? ""
        case "csv": text = Renderer.render(value, as: .csv) ?? ""
        case "md": text = MarkdownRenderer.render(value) ?? ""
        default: text = value.plainText
        }
        try OutputFile.check(path, force: invocation.flag("force"))
        if invocation.isDryRun {
            context.output.line("would write \(text.utf8.count + 1) bytes to \(path)")
            return .null
        }
        try OutputFile.write(text, to: path)
        return .null
    }
}

/// `open FILE`: reads a file, parsing .json and .csv.
enum OpenCommand {
    static let command = EngineCommand(CommandSignature(
        "open",
        summary: "Read a file: .json and .csv are parsed, anything else is text.",
        positionals: [Positional("file", .file, "The file to read.")],
        flags: [Flag("raw", .bool, "Return the text without parsing it.")],
        output: .any,
        examples: [Example("open data.json", "Parse a JSON file.", setup: "[{a: 1}] | save data.json --force")])) { invocation, _ in
        let path = invocation.string("file") ?? ""
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("cannot read \(path)", argument: "file")
        }
        let text: String
        do throws(UnicodeText.Refusal) { text = try UnicodeText.decode(data) } catch { throw CommandError("\(path): \(error.description)", argument: "file") }
        if invocation.flag("raw") { return .string(text) }
        switch PathName.extension(path).lowercased() {
        case "json":
            do { return try JSONReader.parse(text) } catch let error as JSONReader.Failure { throw CommandError("\(path): invalid JSON at \(error.description)", argument: "file") }
        case "csv":
            do { return .table(try CSVReader.parse(text)) } catch let error as CSVReader.Failure { throw CommandError("\(path): invalid CSV at \(error.description)", argument: "file") }
        default:
            return .string(text)
        }
    }
}
