#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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
            Flag("regex", .bool, "Read FIND as a regular expression (Swift Regex syntax, much as PCRE)."),
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
            let expression: Regex<AnyRegexOutput>
            do { expression = try Regex(find) } catch {
                throw CommandError("not a valid regular expression: \(find)", argument: "find",
                                   hint: "escape special characters with \\, or drop --regex to find the text as it is")
            }
            return try StringInput.map(invocation, context, "str replace") { text in
                .string(text.replacing(expression, maxReplacements: all ? .max : 1) { match in expanded(replacement, match) })
            }
        }
        guard !find.isEmpty else { throw CommandError("str replace needs text to find", argument: "find") }
        return try StringInput.map(invocation, context, "str replace") { text in
            .string(text.replacing(find, with: replacement, maxReplacements: all ? .max : 1))
        }
    }

    /// The replacement template with `$N` put as the match's group N (`$0` the whole match) and `\X`
    /// as X itself, as `NSRegularExpression` templates read.
    static func expanded(_ template: String, _ match: Regex<AnyRegexOutput>.Match) -> String {
        var result = ""
        var characters = template[...]
        while let character = characters.popFirst() {
            if character == "\\", let escaped = characters.popFirst() {
                result.append(escaped)
            } else if character == "$", let first = characters.first, let digit = first.wholeNumberValue, first.isASCII {
                characters.removeFirst()
                var group = digit
                // More digits while they still name a group.
                while let next = characters.first, next.isASCII, let more = next.wholeNumberValue, group * 10 + more < match.output.count {
                    group = group * 10 + more
                    characters.removeFirst()
                }
                if group < match.output.count, let captured = match.output[group].substring { result += captured }
            } else {
                result.append(character)
            }
        }
        return result
    }
}
