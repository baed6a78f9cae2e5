#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import StageKit
import StageSupport

/// One plugin executable's process, shared by every stage and command it offers: started on first
/// use, stopped after it has been idle for `idleSeconds`, restarted after a failure.
public final class PluginProcess: @unchecked Sendable {
    // @unchecked: every access to the connection holds the lock.
    let manifest: PluginManifest
    private let lock = Lock()
    private var connection: PluginConnection?
    private var nextID = 1
    private var lastUse = Date()
    /// Whether a thread is watching for the process to fall idle.
    private var watchingIdle = false
    /// Why a start ahead of use failed, for the call that needed it.
    private var startFailure: (any Error)?
    static let idleSeconds = 60.0
    /// Calls sent ahead of the answers being read, so neither side waits for the other.
    static let inFlight = 3

    init(manifest: PluginManifest) {
        self.manifest = manifest
        PluginProcess.live.add(self)
    }

    /// Every plugin process made in this run, so that all can be told goodbye when Funnel exits.
    private static let live = LiveProcesses()

    /// Says goodbye to every running plugin (and kills those that do not leave); Funnel calls it
    /// before it exits, when no deinitialiser would run.
    public static func stopAll() {
        for process in live.all { process.stop() }
    }

    deinit { connection?.stop() }

    /// Sends one call and returns the records of its answer. Any failure stops the process, so the
    /// next call starts a fresh one.
    func call(_ command: String, arguments: Record, records: [Value], timeout: Double, now: Date? = nil,
              isCancelled: @escaping @Sendable () -> Bool) throws -> PluginAnswer {
        var answer = PluginAnswer(records: [], handoffs: [], said: [])
        try stream(command, arguments: arguments, count: 1, timeout: timeout, now: now, isCancelled: isCancelled,
                   prepare: { _ in records }, handle: { _, whole in answer = whole })
        return answer
    }

    /// Runs `count` calls of one command with several in flight, so the plugin works on one batch while
    /// Funnel prepares the next: `prepare(i)` gives batch i's records, `handle(i, answers)` takes its
    /// answers, in order. Any failure stops the process.
    /// `startedAhead`: this command called `startAhead`, whose failure is then this call's.
    /// `isCancelled` (Ctrl-C) ends the call, and stops the plugin, within a tenth of a second.
    func stream(_ command: String, arguments: Record, count: Int, timeout: Double, startedAhead: Bool = false, now: Date? = nil,
                isCancelled: @escaping @Sendable () -> Bool,
                prepare: (Int) throws -> [Value], handle: (Int, PluginAnswer) throws -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        do {
            let failure = startFailure
            startFailure = nil
            if startedAhead, let failure { throw failure }
            let live = try running(timeout: timeout, isCancelled: isCancelled)
            live.isCancelled = isCancelled
            defer { live.isCancelled = { false } }
            var ids: [Int] = []
            func send(_ index: Int) throws {
                nextID += 1
                ids.append(nextID)
                try PluginProtocol.send(live, id: nextID, command: command, arguments: arguments, records: try prepare(index), timeout: timeout,
                                        now: now)
            }
            for index in 0..<min(Self.inFlight, count) { try send(index) }
            for index in 0..<count {
                if index + Self.inFlight < count { try send(index + Self.inFlight) }
                try handle(index, try PluginProtocol.answer(live, id: ids[index], timeout: timeout))
            }
            lastUse = Date()
            scheduleIdleStop()
        } catch {
            connection?.stop()
            connection = nil
            throw error
        }
    }

    /// The live connection, started (and shaken hands with) if need be. Holds the lock.
    private func running(timeout: Double, isCancelled: @escaping @Sendable () -> Bool) throws -> PluginConnection {
        if let connection, connection.isRunning { return connection }
        try PluginSafety.check(manifest.path)
        let live = try PluginProtocol.open(manifest.path, timeout: timeout, isCancelled: isCancelled).0
        connection = live
        return live
    }

    /// Starts the plugin, if it is not running, on another thread while the caller reads what it will
    /// send (a million lead ids take about as long as Python takes to start). The next `stream` waits
    /// for it and, when told it started ahead, reports its failure instead of starting again.
    func startAhead(timeout: Double, isCancelled: @escaping @Sendable () -> Bool) {
        final class Holding: @unchecked Sendable {
            // @unchecked: `held` is read and written under `condition`'s lock.
            let condition = Condition()
            var held = false
        }
        let holding = Holding()
        let started = Threads.detach { [self] in
            lock.lock()
            holding.condition.lock()
            holding.held = true
            holding.condition.broadcast()
            holding.condition.unlock()
            defer { lock.unlock() }
            do {
                _ = try running(timeout: timeout, isCancelled: isCancelled)
                lastUse = Date()
                scheduleIdleStop()  // in case the command ends before it calls the plugin
            } catch {
                startFailure = error
            }
        }
        guard started else { return }  // `stream` starts it, then
        holding.condition.lock()
        while !holding.held { holding.condition.wait() }  // the thread holds the lock now, so `stream` cannot start a second process
        holding.condition.unlock()
    }

    /// Stops the process once it has been idle long enough: one thread watches while it runs, waking
    /// when the last use is `idleSeconds` old. Holds the lock.
    private func scheduleIdleStop() {
        guard !watchingIdle else { return }
        watchingIdle = Threads.detach(stackSize: 256 << 10) { [weak self] in
            var wait = Self.idleSeconds
            while true {
                sleep(UInt32(max(1, min(wait, 3600).rounded(.up))))
                guard let self else { return }
                self.lock.lock()
                defer { self.lock.unlock() }
                guard self.connection != nil else {
                    self.watchingIdle = false
                    return
                }
                let idle = Date().timeIntervalSince(self.lastUse)
                if idle >= Self.idleSeconds - 0.5 {
                    self.connection?.stop()
                    self.connection = nil
                    self.watchingIdle = false
                    return
                }
                wait = Self.idleSeconds - idle
            }
        }
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        connection?.stop()
        connection = nil
    }
}

/// Reading a plugin's signatures for `plugin add`: start it, shake hands, stop it.
public enum PluginHandshake {
    public static func read(_ path: String, timeout: Double = 10,
                            isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> PluginManifest {
        try PluginSafety.check(path)
        let (connection, manifest) = try PluginProtocol.open(path, timeout: timeout, isCancelled: isCancelled)
        connection.stop()
        return manifest
    }
}

/// Weak references to plugin processes, shared by every thread.
private final class LiveProcesses: @unchecked Sendable {
    // @unchecked: every access holds the lock.
    private let lock = Lock()
    private var processes: [Weak] = []
    private struct Weak { weak var process: PluginProcess? }

    func add(_ process: PluginProcess) {
        lock.lock()
        defer { lock.unlock() }
        processes.removeAll { $0.process == nil }
        processes.append(Weak(process: process))
    }

    var all: [PluginProcess] {
        lock.lock()
        defer { lock.unlock() }
        return processes.compactMap(\.process)
    }
}
