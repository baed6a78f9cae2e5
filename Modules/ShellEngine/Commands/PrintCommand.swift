#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `print VALUE...`: writes values to standard output now (scalars plainly, tables as tables, at a
/// terminal as a bare result is shown; with `--json` or `--csv`, every value in that format).
enum PrintCommand {
    static let command = EngineCommand(CommandSignature(
        "print",
        summary: "Write values to standard output: text as it is, tables as tables.",
        positionals: [Positional("values", .word, "What to print; the pipeline input when none is given.", optional: true, rest: true)],
        flags: [Flag("no-newline", .bool, "Do not end with a new line.")],
        input: .any, output: .nothing,
        examples: [Example("print \"hello, 杭州\"", "A line of text."),
                   Example("let n = 3; print $\"n is ($n)\"", "Interpolation: $\"…\" inserts each (expression).")])) { invocation, context in
        var values = invocation.list("values")
        if values.isEmpty, invocation.input != .null { values = [invocation.input] }
        // With --json or --csv every value, text too, is printed in that format: standard output stays parseable.
        let format = context.interpreter.resultFormat
        for value in values {
            let shown = try context.interpreter.materialize(value, at: context.node)
            let text: String
            switch shown {
            case .string(let s) where format == .table: text = s
            // Tables as a bare result shows them: at a terminal its width, a list's default columns.
            case _ where format == .table: text = context.interpreter.renderForPerson(shown, on: context.interpreter.terminalSize()) ?? ""
            default: text = Renderer.render(shown, as: format) ?? (format == .json ? "null" : "")
            }
            // Standard output itself, not the command's messages (which --json sends to standard error).
            if invocation.flag("no-newline") { Console.write(text, to: 1) } else { context.interpreter.output.line(text) }
        }
        return .null
    }
}

/// `now`: the clock's current time (fixed by --now or FUNNEL_NOW).
enum NowCommand {
    static let command = EngineCommand(CommandSignature(
        "now",
        summary: "The current date and time, from the session's clock.",
        output: .any,
        examples: [Example("now + 30day", "Thirty days from now."), Example("(now) - 2026-01-01", "Time since New Year.")])) { _, context in
        .date(context.interpreter.clock.now)
    }
}

/// `error make MESSAGE`: raises an error at this point of the script.
enum ErrorMakeCommand {
    static let command = EngineCommand(CommandSignature(
        "error make",
        summary: "Stop with an error message, which try/catch can catch.",
        positionals: [Positional("message", .string, "What went wrong.")],
        output: .nothing,
        examples: [Example("try { error make \"no budget\" } catch { |err| print $err.msg }", "Raise and catch an error.")])) { invocation, _ in
        throw CommandError(invocation.string("message") ?? "error")
    }
}

/// `exit [N]`: ends the script or the session with status N.
enum ExitCommand {
    static let command = EngineCommand(CommandSignature(
        "exit",
        summary: "End the script or the session with an exit status (0 by default).",
        positionals: [Positional("status", .int, "The exit status, 0 to 255.", optional: true)],
        output: .nothing,
        examples: [Example("if false { exit 3 }", "Exit with status 3 when something is wrong.")])) { invocation, _ in
        let status = invocation.int("status") ?? 0
        guard (0...255).contains(status) else { throw CommandError("an exit status is 0 to 255", argument: "status") }
        throw ExitRequest(code: Int32(status))
    }
}
