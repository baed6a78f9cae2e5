#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import FunnelModel
import StageKit
import StageSupport

/// A running out-of-process plugin: its stdin and stdout carry one JSON object per line. Every read
/// and write has a deadline and gives way to Ctrl-C, so a plugin that hangs, stops reading, dies or
/// writes garbage yields an error, never a stuck or crashed shell.
final class PluginConnection {
    let path: String
    /// Asked between waits of at most `slice` seconds: when it answers true (Ctrl-C), the call ends.
    var isCancelled: @Sendable () -> Bool = { false }
    /// The longest single wait, so a cancellation is noticed within it.
    static let slice = 0.1
    /// How long a plugin has to exit after goodbye before it is killed.
    static let exitGrace = 0.5
    private var stopped = false
    private let process: ChildProcess
    /// Funnel's ends of the pipes to the plugin's stdin and from its stdout.
    private var input: Int32
    private let output: Int32
    private let errorTail = ErrorTail()
    private var buffer: [UInt8] = []
    /// How much of `buffer` is known to hold no new line.
    private var scanned = 0
    /// Lines longer than this are garbage, not protocol.
    static let maximumLine = 256 << 20

    init(path: String) throws {
        // A plugin that exits while Funnel writes to it must give EPIPE, not kill Funnel with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        self.path = path
        let (process, input, output, errors) = try ChildProcess.spawn(path)
        self.process = process
        self.input = input
        self.output = output
        // Drained as it comes, on a thread of its own, so a talkative plugin never blocks on a full
        // stderr pipe; the thread ends with the stream.
        let errorTail = self.errorTail
        let drained = Threads.detach(stackSize: 256 << 10) {
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(errors, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                errorTail.append(chunk[..<count])
            }
            close(errors)
        }
        if !drained { close(errors) }
        _ = fcntl(input, F_SETFL, fcntl(input, F_GETFL) | O_NONBLOCK)
        _ = fcntl(output, F_SETFL, fcntl(output, F_GETFL) | O_NONBLOCK)
    }

    deinit { stop() }

    var isRunning: Bool { process.isRunning }

    /// Writes one line, waiting at most `timeout` seconds for the plugin to take it.
    func send(_ line: String, timeout: Double) throws {
        var bytes = Array((line + "\n").utf8)
        var offset = 0
        let deadline = Date().addingTimeInterval(timeout)
        while offset < bytes.count {
            try checkCancelled()
            let written = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(input, base + offset, buffer.count - offset)
            }
            if written > 0 { offset += written; continue }
            if written < 0, errno == EINTR { continue }
            if written < 0, errno != EAGAIN { throw failure("stopped reading its input (\(String(cString: strerror(errno))))") }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw failure("did not read its input within \(Self.seconds(timeout))") }
            // While the plugin's input is full, keep reading its output: a plugin answering an earlier
            // call may be blocked writing, and neither side would move.
            var pollers = [pollfd(fd: input, events: Int16(POLLOUT), revents: 0),
                           pollfd(fd: output, events: Int16(POLLIN), revents: 0)]
            _ = poll(&pollers, 2, Int32(min(remaining, Self.slice) * 1000) + 1)
            if pollers[1].revents & Int16(POLLIN | POLLHUP) != 0 { try readAvailable() }
        }
        bytes.removeAll()
    }

    /// Reads one line, waiting at most `timeout` seconds.
    func receive(timeout: Double) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            try checkCancelled()
            if let newline = buffer[scanned...].firstIndex(of: 10) {
                // Decoded before the line leaves the buffer, so the slice is not copied.
                let decoded = Result { () throws(UnicodeText.Refusal) -> String in try UnicodeText.decode(buffer[..<newline]) }
                buffer.removeFirst(newline + 1)
                scanned = 0
                switch decoded {
                case .success(let line): return line
                case .failure(let error):
                    throw failure("wrote a line that is not UTF-8 text (column \(error.column): \(error.message))")
                }
            }
            scanned = buffer.count  // a long line is searched for its end once, not once per chunk
            if buffer.count > Self.maximumLine { throw failure("wrote a line longer than \(Self.maximumLine >> 20) MB") }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw failure("did not answer within \(Self.seconds(timeout))") }
            var poller = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining, Self.slice) * 1000) + 1)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { continue }
            try readAvailable()
        }
    }

    /// Reads what the plugin has written into the line buffer; a closed output is a failure.
    private func readAvailable() throws {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR || errno == EAGAIN { return }
        guard count > 0 else { throw failure(exitDescription()) }
        buffer.append(contentsOf: chunk[..<count])
        if buffer.count > Self.maximumLine { throw failure("wrote a line longer than \(Self.maximumLine >> 20) MB") }
    }

    /// Ends the call when the user pressed Ctrl-C: the plugin is stopped (its answers would arrive out
    /// of turn), and the command fails as cancelled.
    private func checkCancelled() throws {
        guard isCancelled() else { return }
        stop()
        throw CommandError("cancelled")
    }

    /// Asks the plugin to leave, then makes sure it has: the goodbye is offered once without waiting (a
    /// plugin that does not read never gets it), and a plugin still running `exitGrace` seconds after
    /// its input closed is killed. Never fails and never waits longer, whatever the plugin does.
    func stop() {
        guard !stopped else { return }
        stopped = true
        if process.isRunning {
            let goodbye = Array("{\"type\":\"goodbye\"}\n".utf8)
            _ = goodbye.withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
        }
        close(input)
        input = -1
        let deadline = Date().addingTimeInterval(Self.exitGrace)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.identifier, SIGKILL) }
        process.waitUntilExit()
        close(output)
    }

    /// A failure naming the plugin, with the last lines it wrote to stderr; the plugin is stopped.
    func failure(_ what: String) -> PluginFailure {
        stop()
        let tail = errorTail.lastLines(3).joined(separator: " | ")
        return PluginFailure("plugin \(path) \(what)" + (tail.isEmpty ? "" : "; its last words: \(tail)"))
    }

    private func exitDescription() -> String {
        let deadline = Date().addingTimeInterval(0.5)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        if process.isRunning { return "closed its output" }
        if let signal = process.terminatingSignal { return "crashed (signal \(signal))" }
        return "exited with status \(process.exitStatus ?? 0) in the middle of the conversation"
    }

    private static func seconds(_ timeout: Double) -> String { timeout == timeout.rounded() ? "\(Int(timeout)) s" : "\(timeout) s" }
}

/// The last few kilobytes a plugin wrote to stderr, for error messages.
final class ErrorTail: @unchecked Sendable {
    // @unchecked: every access holds the lock.
    private let lock = Lock()
    private var bytes: [UInt8] = []

    func append(_ data: ArraySlice<UInt8>) {
        lock.lock()
        defer { lock.unlock() }
        bytes.append(contentsOf: data)
        if bytes.count > 8192 { bytes.removeFirst(bytes.count - 8192) }
    }

    func lastLines(_ count: Int) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").suffix(count).map(String.init)
    }
}

/// A child process started with `posix_spawn`, in a process group of its own (so the terminal's
/// Ctrl-C reaches Funnel, which stops it), with its stdin, stdout and stderr on pipes.
final class ChildProcess {
    let identifier: pid_t
    private var status: Int32?

    private init(identifier: pid_t) { self.identifier = identifier }

    /// Starts the executable at `path`; returns it with Funnel's ends of its stdin, stdout and stderr.
    static func spawn(_ path: String) throws -> (ChildProcess, input: Int32, output: Int32, errors: Int32) {
        var pipes: [[Int32]] = []
        func closeAll() { for ends in pipes { close(ends[0]); close(ends[1]) } }
        for _ in 0..<3 {
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else {
                closeAll()
                throw PluginFailure("cannot start \(path): \(String(cString: strerror(errno)))")
            }
            // Funnel's ends stay out of the plugin (and of any later child): dup2 clears it on 0, 1, 2.
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            pipes.append(ends)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipes[0][0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, pipes[1][1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, pipes[2][1], STDERR_FILENO)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), none = sigset_t()
        sigfillset(&defaults)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup(path), nil]
        defer { arguments.forEach { free($0) } }
        var child: pid_t = 0
        var spawned = posix_spawn(&child, path, &actions, &attributes, arguments, environ)
        // "Text file busy": a program that was just written is still open for writing somewhere (a
        // process forked at that moment holds the writer's descriptor until it execs): wait it out.
        for attempt in 1...5 where spawned == ETXTBSY {
            usleep(useconds_t(attempt * 20_000))
            spawned = posix_spawn(&child, path, &actions, &attributes, arguments, environ)
        }
        close(pipes[0][0])
        close(pipes[1][1])
        close(pipes[2][1])
        guard spawned == 0 else {
            close(pipes[0][1])
            close(pipes[1][0])
            close(pipes[2][0])
            throw PluginFailure("cannot start \(path): \(String(cString: strerror(spawned)))")
        }
        return (ChildProcess(identifier: child), pipes[0][1], pipes[1][0], pipes[2][0])
    }

    /// Whether the process has not exited yet (an exited one is reaped here).
    var isRunning: Bool {
        guard status == nil else { return false }
        var raw: Int32 = 0
        let reaped = waitpid(identifier, &raw, WNOHANG)
        if reaped == identifier { status = raw }
        return reaped == 0
    }

    /// Waits for the process to exit.
    func waitUntilExit() {
        guard status == nil else { return }
        var raw: Int32 = 0
        while true {
            let reaped = waitpid(identifier, &raw, 0)
            if reaped == identifier { status = raw; return }
            if reaped < 0, errno != EINTR { return }
        }
    }

    /// The exit status of a process that exited; nil while it runs or when a signal ended it.
    var exitStatus: Int32? {
        guard let status, status & 0x7F == 0 else { return nil }
        return (status >> 8) & 0xFF
    }

    /// The signal that ended the process, if one did.
    var terminatingSignal: Int32? {
        guard let status, status & 0x7F != 0, status & 0x7F != 0x7F else { return nil }
        return status & 0x7F
    }
}
