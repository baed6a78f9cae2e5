#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `str downcase`: text in small letters (full Unicode: `ÉCOLE` becomes `école`).
enum StrDowncaseCommand {
    static let command = EngineCommand(CommandSignature(
        "str downcase",
        summary: "Text in lower case (full Unicode rules).",
        positionals: [StringInput.columns],
        input: .any, output: .any,
        examples: [Example("'ACME Ltd' | str downcase", "acme ltd.")])) { invocation, context in
        try StringInput.map(invocation, context, "str downcase") { .string($0.lowercased()) }
    }
}
