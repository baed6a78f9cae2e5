#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `str length [--width]`: how many characters text has, or how many terminal columns it takes.
enum StrLengthCommand {
    static let command = EngineCommand(CommandSignature(
        "str length",
        summary: "How many characters text has (as a reader counts them), or with --width the terminal columns it takes.",
        positionals: [StringInput.columns],
        flags: [
            Flag("width", .bool, "Count terminal columns: wide (CJK) characters take two."),
            Flag("bytes", .bool, "Count the bytes of its UTF-8 encoding."),
        ],
        input: .any, output: .any,
        examples: [
            Example("'杭州 客户' | str length", "5 characters."),
            Example("'杭州 客户' | str length --width", "9 columns."),
            Example("'Café' | str length --bytes", "5 bytes."),
        ])) { invocation, context in
        let width = invocation.flag("width"), bytes = invocation.flag("bytes")
        if width && bytes { throw CommandError("give --width or --bytes, not both", argument: "bytes") }
        return try StringInput.map(invocation, context, "str length") { text in
            .int(Int64(width ? DisplayWidth.of(text) : bytes ? text.utf8.count : text.count))
        }
    }
}
