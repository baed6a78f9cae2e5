#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `str trim [--left] [--right]`: text without the white space (spaces, tabs, new lines) at its ends.
enum StrTrimCommand {
    static let command = EngineCommand(CommandSignature(
        "str trim",
        summary: "Remove white space (spaces, tabs, new lines) from both ends of text, or one with --left or --right.",
        positionals: [StringInput.columns],
        flags: [
            Flag("left", .bool, "Only from the start."),
            Flag("right", .bool, "Only from the end."),
        ],
        input: .any, output: .any,
        examples: [
            Example("'  Acme Ltd  ' | str trim", "Acme Ltd."),
            Example("'  Acme' | str trim --left", "Acme."),
        ])) { invocation, context in
        let left = invocation.flag("left"), right = invocation.flag("right")
        let both = left == right
        return try StringInput.map(invocation, context, "str trim") { text in
            var slice = Substring(text)
            if both || left { slice = slice.drop { $0.isWhitespace } }
            if both || right {
                while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
            }
            return .string(String(slice))
        }
    }
}
