#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit

/// The interactive loop: read an entry (continuing over lines while it is incomplete), remember it,
/// run it, repeat until Ctrl-D or `exit`.
public final class REPL {
    public static let continuationPrompt = "   ...> "

    private let session: Session
    private let reader: any LineReader
    /// Shown in the prompt: the database's file name.
    private let name: String
    private var entryNumber = 0

    public init(session: Session, reader: any LineReader, name: String = "funnel") {
        self.session = session
        self.reader = reader
        self.name = name
        session.setHistoryProvider { [weak reader] in reader?.historyEntries ?? [] }
        session.confirm = { [weak reader] question in
            guard let reader else { return false }
            session.output.line(question)
            guard case .line(let answer) = reader.readLine(prompt: "proceed? [y/N] ") else { return false }
            return ["y", "yes"].contains(answer.trimmingCharacters(in: " \t\n").lowercased())
        }
    }

    /// `funnel.db> `, or `funnel.db*> ` while a transaction is open.
    public var prompt: String { name + (session.isInTransaction ? "*> " : "> ") }

    /// Runs until the input ends or `exit`; returns the exit status.
    public func run() -> Int32 {
        var buffer = ""
        while true {
            switch reader.readLine(prompt: buffer.isEmpty ? prompt : REPL.continuationPrompt) {
            case .end:
                if session.isInTransaction {
                    session.output.note("the open transaction was rolled back")
                    try? session.store.rollback()
                }
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
                if trimmed == "quit" { return ExitCode.ok }
                if let code = run(entry) { return code }
            }
        }
    }

    /// Runs one entry; returns an exit status when the entry asked to exit.
    private func run(_ entry: String) -> Int32? {
        entryNumber += 1
        let source = SourceFile(name: "<repl:\(entryNumber)>", text: entry)
        let session = self.session
        let cancellation = session.cancellation
        let store = session.store
        var exitCode: Int32?
        reader.runInterruptible({
            do {
                try session.run(source)
                session.recordEntry(entry)
            } catch let request as ExitRequest {
                exitCode = request.code
            } catch {
                // What ran before the failure stays (bindings included), so the saved session keeps it too.
                if !session.succeededStatements.isEmpty { session.recordEntry(session.succeededStatements.joined(separator: "; ")) }
            }
        }, onInterrupt: { cancellation.cancel(); store.interrupt() })
        return exitCode
    }

    /// True when the text stops mid-way: an open quote or bracket, a trailing `|` or a trailing `\`.
    public static func needsMoreInput(_ text: String) -> Bool {
        if text.hasSuffix("\\") { return true }
        do throws(Diagnostic) {
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
