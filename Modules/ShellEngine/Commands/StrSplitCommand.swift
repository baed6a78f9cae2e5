#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `str split SEPARATOR`: text cut into a list at every separator.
enum StrSplitCommand {
    static let command = EngineCommand(CommandSignature(
        "str split",
        summary: "Cut text into a list of texts at every separator.",
        positionals: [Positional("separator", .string, "Where to cut: one or more characters."), StringInput.columns],
        input: .any, output: .any,
        examples: [
            Example("'north,south,,east' | str split ','", "[north, south, \"\", east]: empty pieces are kept."),
            Example("'a b  c' | str split ' '", "Every space cuts."),
        ])) { invocation, context in
        let separator = invocation.string("separator") ?? ""
        guard !separator.isEmpty else {
            throw CommandError("str split needs a separator of at least one character", argument: "separator")
        }
        return try StringInput.map(invocation, context, "str split") { text in
            .list(text.components(separatedBy: separator).map(Value.string))
        }
    }
}
