#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// What reading one line of input gave.
public enum LineInput: Equatable, Sendable {
    case line(String)
    /// Ctrl-C while editing: drop the line being typed.
    case interrupted
    /// Ctrl-D or the end of input.
    case end
}

/// A source of input lines for the REPL. The shell knows nothing of libedit: the terminal reader
/// (LineEditing) and in-memory readers for tests both conform.
public protocol LineReader: AnyObject {
    func readLine(prompt: String) -> LineInput
    /// Remembers a complete entry (possibly several lines) for recall.
    func addHistory(_ entry: String)
    /// Runs a command; `onInterrupt` is called (on another thread) if the user presses Ctrl-C meanwhile.
    func runInterruptible(_ body: () -> Void, onInterrupt: @escaping @Sendable () -> Void)
    /// Past entries, oldest first (for the `history` command).
    var historyEntries: [String] { get }
}

// MARK: - Default implementations

extension LineReader {
    public func addHistory(_ entry: String) {}
    public func runInterruptible(_ body: () -> Void, onInterrupt: @escaping @Sendable () -> Void) { body() }
    public var historyEntries: [String] { [] }
}

/// Lines from memory, for tests.
public final class ScriptedLineReader: LineReader {
    private var lines: [String]
    public private(set) var history: [String] = []
    public private(set) var prompts: [String] = []

    public init(_ lines: [String]) { self.lines = lines }

    public func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return lines.isEmpty ? .end : .line(lines.removeFirst())
    }

    public func addHistory(_ entry: String) { history.append(entry) }
    public var historyEntries: [String] { history }
}
