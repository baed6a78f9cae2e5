import Foundation
import FunnelModel
import StageKit

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
    private let process = Process()
    private let input: FileHandle
    private let output: FileHandle
    private let errors = Pipe()
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
        let toPlugin = Pipe(), fromPlugin = Pipe()
        process.executableURL = URL(fileURLWithPath: path)
        process.standardInput = toPlugin
        process.standardOutput = fromPlugin
        process.standardError = errors
        do { try process.run() } catch {
            throw PluginFailure("cannot start \(path): \(error.localizedDescription)")
        }
        // Drained as it comes, so a talkative plugin never blocks on a full stderr pipe.
        errors.fileHandleForReading.readabilityHandler = { [errorTail] handle in
            let data = handle.availableData
            // At the end of the stream the handler would be called again and again: stop listening.
            if data.isEmpty { handle.readabilityHandler = nil } else { errorTail.append(data) }
        }
        input = toPlugin.fileHandleForWriting
        output = fromPlugin.fileHandleForReading
        _ = fcntl(input.fileDescriptor, F_SETFL, fcntl(input.fileDescriptor, F_GETFL) | O_NONBLOCK)
        _ = fcntl(output.fileDescriptor, F_SETFL, fcntl(output.fileDescriptor, F_GETFL) | O_NONBLOCK)
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
                return write(input.fileDescriptor, base + offset, buffer.count - offset)
            }
            if written > 0 { offset += written; continue }
            if written < 0, errno == EINTR { continue }
            if written < 0, errno != EAGAIN { throw failure("stopped reading its input (\(String(cString: strerror(errno))))") }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw failure("did not read its input within \(Self.seconds(timeout))") }
            // While the plugin's input is full, keep reading its output: a plugin answering an earlier
            // call may be blocked writing, and neither side would move.
            var pollers = [pollfd(fd: input.fileDescriptor, events: Int16(POLLOUT), revents: 0),
                           pollfd(fd: output.fileDescriptor, events: Int16(POLLIN), revents: 0)]
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
            var poller = pollfd(fd: output.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining, Self.slice) * 1000) + 1)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { continue }
            try readAvailable()
        }
    }

    /// Reads what the plugin has written into the line buffer; a closed output is a failure.
    private func readAvailable() throws {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let count = chunk.withUnsafeMutableBytes { read(output.fileDescriptor, $0.baseAddress, $0.count) }
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
            _ = goodbye.withUnsafeBytes { write(input.fileDescriptor, $0.baseAddress, $0.count) }
        }
        try? input.close()
        let deadline = Date().addingTimeInterval(Self.exitGrace)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? output.close()
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
        switch process.terminationReason {
        case .uncaughtSignal: return "crashed (signal \(process.terminationStatus))"
        default: return "exited with status \(process.terminationStatus) in the middle of the conversation"
        }
    }

    private static func seconds(_ timeout: Double) -> String { timeout == timeout.rounded() ? "\(Int(timeout)) s" : "\(timeout) s" }
}

/// The last few kilobytes a plugin wrote to stderr, for error messages.
final class ErrorTail: @unchecked Sendable {
    // @unchecked: every access holds the lock.
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    func append(_ data: Data) {
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
