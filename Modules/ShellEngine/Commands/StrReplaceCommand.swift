import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// `str replace FIND REPLACEMENT [--all] [--regex]`: text with the first (or every) match replaced.
enum StrReplaceCommand {
    static let command = EngineCommand(CommandSignature(
        "str replace",
        summary: "Replace the first match of some text (every match with --all; a regular expression with --regex).",
        positionals: [
            Positional("find", .string, "The text to find, or with --regex a regular expression."),
            Positional("replacement", .string, "What to put in its place; with --regex, $1 is the first group."),
            StringInput.columns,
        ],
        flags: [
            Flag("all", .bool, "Replace every match, not only the first."),
            Flag("regex", .bool, "Read FIND as a regular expression (ICU syntax)."),
        ],
        input: .any, output: .any,
        examples: [
            Example("'a-b-c' | str replace '-' '/'", "a/b-c."),
            Example("'a-b-c' | str replace '-' '/' --all", "a/b/c."),
            Example("'INV 2026 0042' | str replace --regex '(\\d+) (\\d+)' '$1-$2'", "INV 2026-0042."),
        ])) { invocation, context in
        let find = invocation.string("find") ?? "", replacement = invocation.string("replacement") ?? ""
        let all = invocation.flag("all")
        if invocation.flag("regex") {
            let expression: NSRegularExpression
            do { expression = try NSRegularExpression(pattern: find) } catch {
                throw CommandError("not a valid regular expression: \(find)", argument: "find",
                                   hint: "escape special characters with \\, or drop --regex to find the text as it is")
            }
            return try StringInput.map(invocation, context, "str replace") { text in
                let whole = NSRange(text.startIndex..., in: text)
                let range = all ? whole : (expression.firstMatch(in: text, range: whole)?.range ?? NSRange(location: NSNotFound, length: 0))
                guard range.location != NSNotFound else { return .string(text) }
                return .string(expression.stringByReplacingMatches(in: text, range: range, withTemplate: replacement))
            }
        }
        guard !find.isEmpty else { throw CommandError("str replace needs text to find", argument: "find") }
        return try StringInput.map(invocation, context, "str replace") { text in
            if all { return .string(text.replacingOccurrences(of: find, with: replacement)) }
            guard let range = text.range(of: find) else { return .string(text) }
            return .string(text.replacingCharacters(in: range, with: replacement))
        }
    }
}
