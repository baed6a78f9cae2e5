import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// The interactive loop: read an entry (continuing over lines while it is incomplete), remember it,
/// run it, repeat until Ctrl-D or `exit`.
public final class REPL {
    public static let prompt = "funnel> "
    public static let continuationPrompt = "   ...> "

    private let session: Session
    private let reader: any LineReader
    private var entryNumber = 0

    public init(session: Session, reader: any LineReader) {
        self.session = session
        self.reader = reader
    }

    /// Runs until the input ends; returns the exit status.
    public func run() -> Int32 {
        var buffer = ""
        while true {
            switch reader.readLine(prompt: buffer.isEmpty ? REPL.prompt : REPL.continuationPrompt) {
            case .end:
                return ExitCode.ok
            case .interrupted:
                buffer = ""
            case .line(let text):
                let line = text.hasSuffix("\n") ? String(text.dropLast()) : text
                buffer += buffer.isEmpty ? line : "\n" + line
                if REPL.needsMoreInput(buffer) { continue }
                let entry = buffer
                buffer = ""
                let trimmed = entry.trimmingCharacters(in: " \t\n")
                if trimmed.isEmpty { continue }
                reader.addHistory(entry)
                if trimmed == "exit" || trimmed == "quit" { return ExitCode.ok }
                entryNumber += 1
                let source = SourceFile(name: "<repl:\(entryNumber)>", text: entry)
                let session = self.session
                let cancellation = session.cancellation
                let store = session.store
                reader.runInterruptible({ _ = try? session.run(source) },
                                        onInterrupt: { cancellation.cancel(); store.interrupt() })
            }
        }
    }

    /// True when the text stops mid-way: an open quote, a trailing `|` or a trailing `\`.
    public static func needsMoreInput(_ text: String) -> Bool {
        if text.hasSuffix("\\") { return true }
        do {
            _ = try Parser.parse(SourceFile(name: "", text: text))
            return false
        } catch {
            return error.isIncompleteInput
        }
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return String(result)
    }
}
