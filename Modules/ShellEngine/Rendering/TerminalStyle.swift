#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Colours on a terminal only, and never when NO_COLOR is set (https://no-color.org).
public struct TerminalStyle: Sendable {
    public let enabled: Bool

    public init(fileDescriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) {
        enabled = isatty(fileDescriptor) == 1 && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    public init(enabled: Bool) { self.enabled = enabled }

    static let red = "\u{1B}[31m", bold = "\u{1B}[1m", dim = "\u{1B}[2m", reset = "\u{1B}[0m"

    /// A rendered diagnostic with `error:` in red and the hint dimmed.
    public func diagnostic(_ text: String) -> String {
        guard enabled else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = lines.first, let range = first.firstRange(of: ": error: ") {
            lines[0] = String(first[..<range.lowerBound]) + ": " + TerminalStyle.red + TerminalStyle.bold + "error:" + TerminalStyle.reset
                + " " + String(first[range.upperBound...])
        }
        for index in lines.indices where lines[index].hasPrefix("hint: ") {
            lines[index] = TerminalStyle.dim + lines[index] + TerminalStyle.reset
        }
        return lines.joined(separator: "\n")
    }

    /// A remark below a table, dimmed.
    func dimmed(_ line: String) -> String { enabled ? TerminalStyle.dim + line + TerminalStyle.reset : line }

    /// A table's header line in bold.
    func header(_ line: String) -> String { enabled ? TerminalStyle.bold + line + TerminalStyle.reset : line }
}
