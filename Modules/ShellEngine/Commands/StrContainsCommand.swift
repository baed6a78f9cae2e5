#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `str contains TEXT [--ignore-case]`: whether text contains other text.
enum StrContainsCommand {
    static let command = EngineCommand(CommandSignature(
        "str contains",
        summary: "Whether text contains other text: exactly, or with --ignore-case as =~ compares (accents still count).",
        positionals: [Positional("text", .string, "The text to look for."), StringInput.columns],
        flags: [Flag("ignore-case", .bool, "Ignore upper and lower case, as =~ does.")],
        input: .any, output: .any,
        examples: [
            Example("'Acme Ltd' | str contains Ltd", "true."),
            Example("'Acme Ltd' | str contains ltd --ignore-case", "true."),
        ])) { invocation, context in
        let pattern = invocation.string("text") ?? ""
        let ignoreCase = invocation.flag("ignore-case")
        return try StringInput.map(invocation, context, "str contains") { text in
            let nfc = UnicodeText.nfc(text), wanted = UnicodeText.nfc(pattern)
            return .bool(ignoreCase ? UnicodeText.containsIgnoringCase(nfc, wanted) : pattern.isEmpty || nfc.contains(wanted))
        }
    }
}
