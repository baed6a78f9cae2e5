import CEditLine
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import ShellEngine
import StageSupport

/// The terminal line reader: libedit with emacs keys, UTF-8 input, persistent history and Tab
/// completion. The only code that touches libedit.
public final class EditLineReader: LineReader {
    private var editLine: OpaquePointer?
    private var history: OpaquePointer?
    private let historyFile: HistoryFile
    private let completer: Completer
    /// Whether libedit could be opened (`libedit.so.2`, Debian's libedit2): the prompt needs it, scripts do not.
    public static var isAvailable: Bool { funnel_libedit_load() != 0 }

    /// Set by the Ctrl-C key while editing: the line el_gets returns is dropped.
    private var lineCancelled = false

    /// Prepares the terminal: UTF-8 locale, the SIGINT handler (so Ctrl-C cancels instead of killing),
    /// then libedit on stdin/stdout. `nil` when libedit cannot start on this terminal, or is not
    /// installed (it is opened here, for the prompt only: `isAvailable`).
    public init?(historyPath: String, completer: Completer) {
        self.historyFile = HistoryFile(path: historyPath)
        self.completer = completer
        guard EditLineReader.isAvailable else { return nil }
        funnel_use_utf8_locale()
        funnel_install_sigint_handler()
        guard let history = funnel_history_open(1000) else { return nil }
        self.history = history
        for entry in historyFile.load() { funnel_history_enter(history, entry) }
        // SAFETY: the reader outlives the EditLine (it is ended in deinit), so the unretained pointer
        // handed to libedit as client data stays valid for every callback.
        let client = Unmanaged.passUnretained(self).toOpaque()
        guard let editLine = funnel_el_open("funnel", history, client, editLineComplete, editLineInterrupt) else {
            funnel_history_end(history)
            return nil
        }
        self.editLine = editLine
    }

    deinit {
        if let editLine { funnel_el_end(editLine) }
        if let history { funnel_history_end(history) }
    }

    public func readLine(prompt: String) -> LineInput {
        guard let editLine else { return .end }
        funnel_set_prompt(prompt)
        funnel_sigint_clear()
        lineCancelled = false
        var count: Int32 = 0
        errno = 0
        let result = funnel_el_gets(editLine, &count)
        if lineCancelled {
            lineCancelled = false
            return .interrupted
        }
        guard let line = result else {
            if errno == EINTR || funnel_sigint_pending() != 0 {
                funnel_sigint_clear()
                Console.write("\n", to: STDOUT_FILENO)
                return .interrupted
            }
            Console.write("\n", to: STDOUT_FILENO)
            return .end
        }
        if count == 0 { return .end }
        return .line(String(cString: line))
    }

    public var historyEntries: [String] { historyFile.load() }

    public func addHistory(_ entry: String) {
        if let history { funnel_history_enter(history, entry) }
        historyFile.append(entry)
    }

    public func runInterruptible(_ body: () -> Void, onInterrupt: @escaping @Sendable () -> Void) {
        // The flag is not cleared here: Ctrl-C pressed between Enter and the command starting counts.
        let watcher = InterruptWatcher(onInterrupt: onInterrupt)
        watcher.start()
        body()
        watcher.stop()
        funnel_sigint_clear()
    }

    fileprivate func cancelLine() {
        lineCancelled = true
        // The next prompt starts on a line of its own.
        Console.write("^C\n", to: STDOUT_FILENO)
    }

    /// Called by libedit on Tab: completes the word before the cursor or lists the choices.
    fileprivate func complete(_ editLine: OpaquePointer) -> UInt8 {
        guard let info = funnel_el_line(editLine)?.pointee, let buffer = info.buffer, let cursor = info.cursor else {
            return UInt8(CC_ERROR)
        }
        let length = cursor - buffer
        let before = String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self)
        let (partial, candidates) = completer.complete(before)
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        if candidates.count == 1, let only = candidates.first {
            let rest = String(only.word.dropFirst(partial.count)) + (only.isComplete ? " " : "")
            funnel_el_insertstr(editLine, rest)
            return UInt8(CC_REFRESH)
        }
        let common = EditLineReader.commonPrefix(candidates.map(\.word))
        if common.count > partial.count {
            funnel_el_insertstr(editLine, String(common.dropFirst(partial.count)))
            return UInt8(CC_REFRESH)
        }
        let listing = candidates.prefix(40).map(\.display).joined(separator: "\n")
        Console.write("\n" + listing + (candidates.count > 40 ? "\n… \(candidates.count - 40) more" : "") + "\n",
                      to: STDOUT_FILENO)
        return UInt8(CC_REDISPLAY)
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}

/// libedit's C callback for the Ctrl-C key: marks the line cancelled and ends it.
private func editLineInterrupt(_ editLine: OpaquePointer?, _ key: Int32) -> UInt8 {
    guard let editLine, let client = funnel_el_client(editLine) else { return UInt8(CC_ERROR) }
    // SAFETY: client is the EditLineReader that created this EditLine and is alive while it exists.
    let reader = Unmanaged<EditLineReader>.fromOpaque(client).takeUnretainedValue()
    reader.cancelLine()
    return UInt8(CC_NEWLINE)
}

/// libedit's C callback for Tab: finds the reader through EL_CLIENTDATA.
private func editLineComplete(_ editLine: OpaquePointer?, _ key: Int32) -> UInt8 {
    guard let editLine, let client = funnel_el_client(editLine) else { return UInt8(CC_ERROR) }
    // SAFETY: client is the EditLineReader that created this EditLine and is alive while it exists.
    let reader = Unmanaged<EditLineReader>.fromOpaque(client).takeUnretainedValue()
    return reader.complete(editLine)
}

/// Polls the SIGINT flag while a command runs and calls back once when it is set.
final class InterruptWatcher: @unchecked Sendable {
    // @unchecked: `running` is guarded by the lock.
    private let onInterrupt: @Sendable () -> Void
    private let lock = Lock()
    private var running = true

    init(onInterrupt: @escaping @Sendable () -> Void) { self.onInterrupt = onInterrupt }

    func start() {
        Threads.detach { [self] in
            while lock.withLock({ running }) {
                if funnel_sigint_pending() != 0 {
                    funnel_sigint_clear()
                    // The terminal echoed ^C: what follows (the "cancelled" error, the prompt)
                    // starts on a new line.
                    Console.write("\n", to: STDOUT_FILENO)
                    onInterrupt()
                }
                usleep(20_000)
            }
        }
    }

    func stop() { lock.withLock { running = false } }
}
