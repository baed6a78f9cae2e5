#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import FunnelModel

/// The size of the terminal results are shown on.
public struct TerminalSize: Sendable, Equatable {
    public var columns: Int
    /// `nil` when the terminal does not say (nothing is paged then).
    public var rows: Int?

    public init(columns: Int, rows: Int?) {
        self.columns = columns
        self.rows = rows
    }

    /// The size of the terminal standard output is, or `nil` when it is not a terminal: from the
    /// terminal itself (TIOCGWINSZ), else `$COLUMNS` and `$LINES`, else 80 columns.
    public static func ofStandardOutput(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalSize? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return TerminalSize(columns: Int(size.ws_col), rows: size.ws_row > 0 ? Int(size.ws_row) : nil)
        }
        func number(_ name: String) -> Int? { environment[name].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } }
        return TerminalSize(columns: number("COLUMNS") ?? 80, rows: number("LINES"))
    }

    /// Whether `text` has more lines than fit above the prompt.
    func isShorter(than text: String) -> Bool {
        guard let rows else { return false }
        return text.reduce(1) { $1 == "\n" ? $0 + 1 : $0 } >= rows
    }
}

/// A pager for results taller than the terminal: `$PAGER`, or `less -FRX` when it is installed
/// (`-F` quits at once when the text fits, `-R` keeps the bold headers, `-X` leaves the text on the screen).
public struct Pager: Sendable, Equatable {
    /// The command line, run by `/bin/sh -c`.
    public let command: String

    public init(command: String) { self.command = command }

    /// The pager the environment asks for; `nil` when `PAGER` is set empty (no pager) or it is unset
    /// and `less` is not on the `PATH`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Pager? {
        if let asked = environment["PAGER"] {
            let command = asked.trimmingSpaces
            return command.isEmpty ? nil : Pager(command: command)
        }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard path.contains(where: { FileManager.default.isExecutableFile(atPath: $0 + "/less") }) else { return nil }
        return Pager(command: "less -FRX")
    }

    /// Runs the pager on `text` and waits until it ends; `false` when it could not start, so the
    /// caller prints the text itself. The pager stays in funnel's process group, the terminal's
    /// foreground one, so it may take the keyboard (Foundation's `Process` would start it in a group of
    /// its own, where the terminal stops it).
    public func show(_ text: String) -> Bool {
        // The pager may quit before reading everything: the write then fails instead of killing funnel.
        signal(SIGPIPE, SIG_IGN)
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, ends[0], STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, ends[0])
        posix_spawn_file_actions_addclose(&actions, ends[1])
        let arguments: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", command].map { (word: String) in strdup(word) } + [nil]
        defer { arguments.forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, "/bin/sh", &actions, nil, arguments, environ)
        posix_spawn_file_actions_destroy(&actions)
        close(ends[0])
        guard spawned == 0 else {
            close(ends[1])
            return false
        }
        Console.write(text + "\n", to: ends[1])
        close(ends[1])
        var status: Int32 = 0
        while waitpid(child, &status, 0) == -1, errno == EINTR {}
        // 126, 127: the shell could not run the pager (not executable, not found).
        let exited = status & 0x7F == 0
        return !(exited && [126, 127].contains((status >> 8) & 0xFF))
    }
}
