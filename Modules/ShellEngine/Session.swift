#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit

/// One shell session: the commands, the store, the clock, variables and definitions, and how
/// results are shown.
///
/// The REPL, `funnel run`, `funnel -c` and the tests all run script text through `run(_:)`. The
/// whole text is compiled first (so an unknown command on the last line stops it before the first
/// runs); then each top-level statement runs in one transaction: if it fails, nothing it wrote is kept.
public final class Session {
    public let table: CommandTable
    public let store: any SQLStore
    public let clock: any Clock
    public let output: any OutputSink
    public let actor: String
    /// The format results are printed in unless a command says `--json` or `--csv`.
    public var format: OutputFormat = .table {
        didSet { interpreter.defaultFormat = format }
    }
    /// Bold table headers (set when standard output is a terminal and NO_COLOR is not set).
    public var colour: Bool {
        get { interpreter.colour }
        set { interpreter.colour = newValue }
    }
    /// The size of the terminal results (and tables given to `print`) are shown on, asked before each,
    /// or `nil` when standard output is not a terminal. At a terminal a list command's table shows its
    /// default columns and lines are cut to the width; elsewhere (pipes, files, tests) every column is
    /// printed whole.
    public var terminalSize: () -> TerminalSize? {
        get { interpreter.terminalSize }
        set { interpreter.terminalSize = newValue }
    }
    /// Shows a result taller than the terminal; set for the interactive shell only (never in batch,
    /// `-c`, pipes, or for `--json`/`--csv` results).
    public var pager: Pager?
    /// Keep running after a failed statement (the failure is still reported).
    public var keepGoing = false
    /// Set while a command runs; Ctrl-C handlers call `cancel()`.
    public let cancellation = Cancellation()
    /// Called with each failure as it happens (the REPL and batch runner print them).
    public var report: (ScriptFailure) -> Void = { _ in }
    /// Asks for confirmation of high-impact changes; set only in an interactive session.
    public var confirm: ((String) -> Bool)? {
        get { interpreter.confirm }
        set { interpreter.confirm = newValue }
    }

    let interpreter: Interpreter

    public var registry: StageRegistry { table.registry }


    public init(registry: StageRegistry, store: any SQLStore, clock: any Clock, output: any OutputSink, actor: String) {
        self.table = CommandTable(registry: registry)
        self.store = store
        self.clock = clock
        self.output = output
        self.actor = actor
        self.interpreter = Interpreter(table: table, store: store, clock: clock, output: output, actor: actor,
                                       cancellation: cancellation)
        table.addEngineCommands(EngineCommands.all(table: table))
        interpreter.setGlobal("args", .list([]))
    }

    /// Applies every registered module's migrations.
    public func migrate() throws {
        try store.migrate(registry.migrations)
    }

    /// Sets `$args` for a script run with `funnel run FILE ARGS...`.
    public func setArguments(_ arguments: [String]) {
        interpreter.setGlobal("args", .list(arguments.map(Value.string)))
    }

    /// Names of the global variables, for completion.
    public var variableNames: [String] { interpreter.globalScope.visibleNames.sorted() }

    /// Runs script text; returns the number of failed statements. Stops at the first failure unless
    /// `keepGoing`; failures are passed to `report` and the first one is rethrown at the end.
    /// `exit N` in the script ends it with `ExitRequest`.
    @discardableResult
    public func run(_ source: SourceFile) throws -> Int {
        try onScriptStack { try runHere(source) }
    }

    /// Compiles the whole text before anything runs, except a prelude of `plugin load` statements,
    /// which runs first so the rest may call the loaded commands (`Interpreter.splitPrelude`).
    private func runHere(_ source: SourceFile) throws -> Int {
        let parts: [Block]
        do { parts = Interpreter.splitPrelude(try interpreter.parse(source)) } catch let failure as ScriptFailure {
            report(failure)
            throw failure
        }
        var firstFailure: ScriptFailure?
        var failures = 0
        succeededStatements = []
        parts: for part in parts {
            let statements: [TopLevelStatement]
            do { statements = try interpreter.compile(part, in: source) } catch let failure as ScriptFailure {
                report(failure)
                throw failure
            }
            for statement in statements {
                // A failed statement changes nothing: not the database (its transaction rolls back) and
                // not the variables it assigned (put back here), so `session save` replays to the same state.
                let variables = interpreter.globals.snapshot()
                do {
                    if let text = try execute(statement, print: statement.printsResult) { output.line(text) }
                    succeededStatements.append(statement.node.unit.file.slice(statement.node.span))
                } catch let failure as ScriptFailure {
                    interpreter.globals.restore(variables)
                    report(failure)
                    failures += 1
                    if firstFailure == nil { firstFailure = failure }
                    if !keepGoing || failure.kind == .cancelled { break parts }
                }
            }
            // A prelude that failed leaves the rest uncompiled: its commands may not exist.
            if firstFailure != nil { break }
        }
        if let firstFailure { throw firstFailure }
        return failures
    }

    /// Runs text given directly (tests, `-c`): a convenience over `run(_:)`.
    @discardableResult
    public func run(_ text: String, name: String = "<command line>") throws -> Int {
        try run(SourceFile(name: name, text: text))
    }

    /// Runs every statement of the text and returns the last one's result (read in full) instead of
    /// printing it.
    public func evaluate(_ source: SourceFile) throws -> Value {
        try onScriptStack { try evaluateHere(source) }
    }

    private func evaluateHere(_ source: SourceFile) throws -> Value {
        let statements = try interpreter.compile(source)
        var value: Value = .null
        for (index, statement) in statements.enumerated() {
            if index < statements.count - 1 {
                if let text = try execute(statement, print: statement.printsResult) { output.line(text) }
            } else {
                value = try executeForValue(statement)
            }
        }
        return value
    }

    /// Runs the whole text in one transaction: everything is kept only if every statement succeeds.
    public func runAtomically(_ source: SourceFile) throws {
        try store.begin()
        do {
            try run(source)
            try store.commit()
        } catch {
            try? store.rollback()
            throw error
        }
    }

    /// Lets go of every variable's value, on the script's stack: taking apart a value nested deeper
    /// than a main thread's stack allows (a list in a list, a hundred thousand times over) recurses
    /// once per level, and crashed the program as it ended. Called when the shell leaves.
    /// Variables holding only flat values (the usual case: `-c` and most scripts) are let go of here,
    /// without starting a thread.
    public func releaseVariables() {
        var budget = 100_000
        if interpreter.globals.snapshot().allSatisfy({ Self.isShallow($0, depth: 0, budget: &budget) }) {
            interpreter.globals.clear()
        } else {
            _ = try? onScriptStack { interpreter.globals.clear() }
        }
    }

    /// Whether taking `value` apart recurses at most a hundred levels, looking at no more than
    /// `budget` values (a larger value counts as deep). A closure may hold anything: deep.
    private static func isShallow(_ value: Value, depth: Int, budget: inout Int) -> Bool {
        budget -= 1
        guard budget > 0, depth < 100 else { return false }
        switch value {
        case .list(let items):
            for item in items where !isShallow(item, depth: depth + 1, budget: &budget) { return false }
            return true
        case .record(let record):
            for field in record.fields where !isShallow(field.value, depth: depth + 1, budget: &budget) { return false }
            return true
        case .table(let table):
            for row in table.rows where !isShallow(.record(row), depth: depth + 1, budget: &budget) { return false }
            return true
        case .closure:
            return false
        default:
            return true
        }
    }

    /// Runs `body` with `Stack.scriptSize` bytes of stack, on a thread of its own when this one has
    /// less left (a main thread has 8 MiB), so that code nested `Parser.maximumNesting` levels deep,
    /// and as many nested calls, parse, compile and run; the interpreter refuses calls that would
    /// leave too little (`Interpreter.stackReserve`).
    private func onScriptStack<T>(_ body: () throws -> T) throws -> T {
        try Stack.withAtLeast(Stack.scriptSize) { () throws -> T in
            let saved = interpreter.stackFloor
            interpreter.stackFloor = Stack.floor() ?? 0
            defer { interpreter.stackFloor = saved }
            return try body()
        }
    }

    /// Runs one statement in its own transaction; returns the text to print, if any.
    private func execute(_ statement: TopLevelStatement, print: Bool) throws -> String? {
        do { return try executeHere(statement, print: print) } catch var failure as ScriptFailure {
            failure.notes += statement.sourcedFrom
            throw failure
        }
    }

    private func executeHere(_ statement: TopLevelStatement, print: Bool) throws -> String? {
        cancellation.reset()
        interpreter.statementFormat = nil
        interpreter.statementView = nil
        interpreter.announcedBy = nil
        if let verb = statement.transactionControl { return try controlTransaction(verb, statement.node) }
        let text = try transaction(statement.node, writing: statement.mayWrite) { database, value -> String? in
            // A creating command whose value nobody uses has said what it did: its record is not shown.
            let givers = Compiler.valueCalls(of: statement.node)
            guard print, value != .null, !givers.contains(where: { $0 === interpreter.announcedBy }) else { return nil }
            let shown = try interpreter.materialize(value, at: statement.node)
            let shownFormat = interpreter.statementFormat ?? format
            guard shownFormat == .table else { return Renderer.render(shown, as: shownFormat, style: TerminalStyle(enabled: colour)) }
            let size = terminalSize()
            let text = interpreter.renderForPerson(shown, on: size)
            if let text, let pager, let size, size.isShorter(than: text), pager.show(text) { return nil }
            return text
        }
        try applyPendingMigrations(statement.node)
        return text
    }

    /// Runs the migrations of stages a command registered (`plugin load`), after its transaction.
    private func applyPendingMigrations(_ node: Node) throws {
        guard table.migrationsPending else { return }
        table.migrationsPending = false
        do { try migrate() } catch {
            throw ScriptFailure(.database, Diagnostic("the loaded stages' tables could not be created: \(error)", at: node.span), in: node.unit.file)
        }
    }

    private func executeForValue(_ statement: TopLevelStatement) throws -> Value {
        cancellation.reset()
        do {
            let value = try transaction(statement.node, writing: statement.mayWrite) { _, value in try interpreter.materialize(value, at: statement.node) }
            try applyPendingMigrations(statement.node)
            return value
        } catch var failure as ScriptFailure {
            failure.notes += statement.sourcedFrom
            throw failure
        }
    }

    /// Runs a statement in its transaction; `writing`: it may write, so the transaction takes the
    /// write lock first (waiting for other writers rather than failing halfway).
    private func transaction<T>(_ node: Node, writing: Bool, _ finish: (any SQLDatabase, Value) throws -> T) throws -> T {
        let env = Env(interpreter: interpreter, frame: interpreter.globals)
        // Asked here, outside the transaction: the store cannot answer from inside one.
        table.isInExplicitTransaction = store.isInExplicitTransaction
        do {
            return try store.transaction(writing: writing) { database in
                interpreter.database = database
                defer { interpreter.database = nil }
                let value = try node.evaluate(env)
                return try finish(database, value)
            }
        } catch let failure as ScriptFailure {
            throw failure
        } catch is BreakSignal {
            throw node.failure("break outside a loop")
        } catch let error as DatabaseFailure {
            let kind: ScriptFailure.Kind = cancellation.isCancelled ? .cancelled : .database
            throw ScriptFailure(kind, Diagnostic(cancellation.isCancelled ? "cancelled" : error.message, at: node.span),
                                in: node.unit.file)
        }
    }

    private func controlTransaction(_ verb: String, _ node: Node) throws -> String? {
        do {
            switch verb {
            case "begin": try store.begin(); return "transaction open: changes are kept only after transaction commit"
            case "commit": try store.commit(); return "committed"
            default: try store.rollback(); return "rolled back"
            }
        } catch let error as DatabaseFailure {
            throw node.failure(error.message)
        }
    }

    /// Remembers a REPL entry that succeeded, for `session save`.
    public func recordEntry(_ entry: String) { interpreter.sessionEntries.append(entry) }

    /// The source of each statement of the last `run` that succeeded, in order: what a REPL entry
    /// that failed part-way left behind, for `session save` to replay.
    public private(set) var succeededStatements: [String] = []

    /// Where `history` reads past entries from.
    public func setHistoryProvider(_ provider: @escaping () -> [String]) { interpreter.historyProvider = provider }

    /// Text as a double-quoted string literal of the language.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"", "\\", "$", "(": out += "\\" + String(character)
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    /// Whether a transaction opened with `transaction begin` is open.
    public var isInTransaction: Bool { store.isInExplicitTransaction }

    /// How many stored rows the session has read into memory whole, rather than leaving the work
    /// (filters, sorts, joins, groups) to SQL: what tests of push-down watch.
    public var storedRowsRead: Int { interpreter.storedRowsRead }
}

extension Session {
    /// Commands that pass rows on with the columns of their input or the ones they are given, and
    /// read nothing else: what may stand after the source of a pipeline whose columns completion asks.
    static let columnKeeping: Set<String> = ["where", "select", "reject", "sort-by", "first", "last", "skip", "uniq",
                                             "insert", "update"]

    /// The columns of the rows `text` (a pipeline typed before `|`) gives, for completion, or `nil`
    /// when they cannot be found without risk. Only a pipeline that starts at a variable, `open` or an
    /// entity's list command and goes on through `columnKeeping` commands runs, read-only: stored rows
    /// are not read (a list command's relation knows its columns), nothing is written or printed.
    func columns(of text: String) -> [String]? {
        guard let statements = try? interpreter.compile(SourceFile(name: "<completion>", text: text)),
              statements.count == 1, let statement = statements.first, !statement.mayWrite else { return nil }
        let pipeline = statement.node as? PipelineNode
        let head = pipeline?.head ?? statement.node
        if let call = head as? CallNode {
            guard call.name == "open" || !(table.signature(of: call.name)?.displayColumns.isEmpty ?? true) else { return nil }
        } else if !(head is VariableNode) {
            return nil
        }
        guard (pipeline?.calls ?? []).allSatisfy({ Session.columnKeeping.contains($0.name) }) else { return nil }
        cancellation.reset()
        return try? store.transaction(writing: false) { database -> [String]? in
            interpreter.database = database
            defer { interpreter.database = nil }
            let saved = (interpreter.statementFormat, interpreter.statementView)
            defer { (interpreter.statementFormat, interpreter.statementView) = saved }
            return ColumnCheck.known(try statement.node.evaluate(Env(interpreter: interpreter, frame: interpreter.globals)))
        }
    }
}
