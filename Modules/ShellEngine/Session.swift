import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// One shell session: the commands, the store, the clock, and how results are shown.
///
/// The REPL, `funnel run`, `funnel -c` and the tests all run script text through `run(_:)`.
/// Each statement (a pipeline) runs in one transaction: if any command in it fails, nothing it
/// wrote is kept.
public final class Session {
    public let table: CommandTable
    public let store: any SQLStore
    public let clock: any Clock
    public let output: any OutputSink
    public let actor: String
    /// The format results are printed in unless a command says `--json` or `--csv`.
    public var format: OutputFormat = .table
    /// Keep running after a failed statement (the failure is still reported).
    public var keepGoing = false
    /// Set while a command runs; Ctrl-C handlers call `cancel()`.
    public let cancellation = Cancellation()
    /// Called with each failure as it happens (the REPL and batch runner print them).
    public var report: (ScriptFailure) -> Void = { _ in }

    public var registry: StageRegistry { table.registry }

    public init(registry: StageRegistry, store: any SQLStore, clock: any Clock, output: any OutputSink, actor: String) {
        self.table = CommandTable(registry: registry)
        self.store = store
        self.clock = clock
        self.output = output
        self.actor = actor
        table.addBuiltins(Builtins.commands(table: table))
    }

    /// Applies every registered module's migrations.
    public func migrate() throws {
        try store.migrate(registry.migrations)
    }

    /// Runs script text; returns the number of failed statements. Stops at the first failure unless
    /// `keepGoing`; failures are passed to `report` and the first one is rethrown at the end.
    @discardableResult
    public func run(_ source: SourceFile) throws(ScriptFailure) -> Int {
        let script: Script
        do { script = try Parser.parse(source) } catch {
            let failure = ScriptFailure(.script, error, in: source)
            report(failure)
            throw failure
        }
        var firstFailure: ScriptFailure?
        var failures = 0
        for statement in script.statements {
            do {
                try runStatement(statement, in: source)
            } catch {
                report(error)
                failures += 1
                if firstFailure == nil { firstFailure = error }
                if !keepGoing || error.kind == .cancelled { break }
            }
        }
        if let firstFailure { throw firstFailure }
        return failures
    }

    /// Runs every statement of the text and returns the last one's result instead of printing it.
    public func evaluate(_ source: SourceFile) throws(ScriptFailure) -> Value {
        let script: Script
        do { script = try Parser.parse(source) } catch { throw ScriptFailure(.script, error, in: source) }
        var value: Value = .null
        for (index, statement) in script.statements.enumerated() {
            value = try runStatement(statement, in: source, print: index < script.statements.count - 1)
        }
        return value
    }

    /// Runs text given directly (tests, `-c`): a convenience over `run(_:)`.
    @discardableResult
    public func run(_ text: String, name: String = "<command line>") throws(ScriptFailure) -> Int {
        try run(SourceFile(name: name, text: text))
    }
}

/// A cancellation flag set from a signal-watching thread and read by running commands.
public final class Cancellation: @unchecked Sendable {
    // @unchecked: the flag is guarded by the lock.
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public func cancel() { lock.withLock { cancelled = true } }
    public func reset() { lock.withLock { cancelled = false } }
    public var isCancelled: Bool { lock.withLock { cancelled } }
}
