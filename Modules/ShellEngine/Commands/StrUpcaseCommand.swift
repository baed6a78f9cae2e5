#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `str upcase [COLUMN...]`: text in capitals (full Unicode: `straße` becomes `STRASSE`).
enum StrUpcaseCommand {
    static let command = EngineCommand(CommandSignature(
        "str upcase",
        summary: "Text in upper case (full Unicode rules).",
        positionals: [StringInput.columns],
        input: .any, output: .any,
        examples: [Example("'Acme Ltd' | str upcase", "ACME LTD."),
                   Example("lead list | str upcase name industry | select id name industry", "Two columns of every lead in capitals.",
                           setup: "lead add Acme --industry retail")])) { invocation, context in
        try StringInput.map(invocation, context, "str upcase") { .string($0.uppercased()) }
    }
}
