#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// Standard output and standard error, written with `write(2)` so output is never lost in a buffer
/// when the process exits or a pseudo-terminal reads it.
public final class Console: OutputSink {
    public init() {}

    public func line(_ text: String) { Console.write(text + "\n", to: STDOUT_FILENO) }
    public func note(_ text: String) { Console.write(text + "\n", to: STDERR_FILENO) }
    public func error(_ text: String) { Console.write(text + "\n", to: STDERR_FILENO) }

    private let showsProgress = isatty(STDERR_FILENO) == 1

    /// The width of the terminal standard output is, as tables use it (`TerminalSize`: the terminal's
    /// own, else `$COLUMNS`, else 80); `nil` when standard output is not a terminal.
    public var terminalWidth: Int? { TerminalSize.ofStandardOutput()?.columns }
    private var progressShown = false

    /// A bar on the terminal's last line, redrawn in place; cleared when the work reaches 100%.
    public func progress(_ fraction: Double, _ label: String) {
        guard showsProgress else { return }
        let clamped = max(0, min(1, fraction))
        let width = 30
        let filled = Int(clamped * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        if clamped >= 1 {
            if progressShown { Console.write("\r\u{1B}[K", to: STDERR_FILENO) }
            progressShown = false
        } else {
            Console.write("\r\u{1B}[K\(bar) \(Int(clamped * 100))% \(label)", to: STDERR_FILENO)
            progressShown = true
        }
    }

    public static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return Glibc.write(fd, base + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
        bytes.removeAll()
    }
}

/// Output kept in memory, for tests and for capturing a command's messages.
public final class CapturedOutput: OutputSink {
    public private(set) var lines: [String] = []
    public private(set) var notes: [String] = []

    public init() {}

    public func line(_ text: String) { lines.append(text) }
    public func note(_ text: String) { notes.append(text) }

    /// Everything written to standard output, one line per entry.
    public var text: String { lines.map { $0 + "\n" }.joined() }
}
