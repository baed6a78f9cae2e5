#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit
import Synchronization

/// Runs compiled code: owns the global variables, the command table, the database of the running
/// statement, cancellation and the output.
final class Interpreter {
    let table: CommandTable
    let store: any SQLStore
    let clock: any Clock
    let output: any OutputSink
    let actor: String
    let cancellation: Cancellation
    let globalScope = FunctionScope(parent: nil, allowsReturn: false)
    let globals = Frame(size: 0, parent: nil)
    /// The database of the statement running now.
    var database: (any SQLDatabase)?
    /// `--json`/`--csv` given on a command of the running statement.
    var statementFormat: OutputFormat?
    /// `--wide` or `--expand` given on a command of the running statement.
    var statementView: TableView?
    /// The columns an entity's list command gave (custom fields included) and the ones it shows at a
    /// terminal (`CommandSignature.displayColumns`): a table that still has those columns is shown so.
    var displaySets: [[String]: [String]] = [:]
    /// Bold table headers (`Session.colour`).
    var colour = false
    /// The terminal's size, or `nil` when standard output is not one (`Session.terminalSize`).
    var terminalSize: () -> TerminalSize? = { nil }
    /// How many stored rows were read into memory whole (`materialize`), as against worked on in SQL.
    var storedRowsRead = 0
    /// The session's format for results (`--json`, `--csv`); a creating command's value is then used.
    var defaultFormat: OutputFormat = .table
    /// The last call that created something and said so (its value unused); when it is a statement's
    /// own last call, the statement's record is not shown.
    var announcedBy: CallNode?
    /// Asks the person at the terminal to confirm a high-impact change; `nil` in batch (never asks).
    var confirm: ((String) -> Bool)?
    /// The REPL entries of this session that succeeded, in order (for `session save`).
    var sessionEntries: [String] = []
    /// Past entries from the history file (for `history`); empty outside the REPL.
    var historyProvider: () -> [String] = { [] }
    private var callDepth = 0
    /// As many nested calls of `def`s and closures as levels of nesting in the text.
    static let maximumCallDepth = Parser.maximumNesting
    /// A call is refused when less stack than this is left below it: room for the called body to nest
    /// `Parser.maximumNesting` levels (each a few frames) and to run a command at the bottom. The
    /// call limit alone cannot promise that, since every one of 1,000 nested calls may itself stand
    /// 1,000 levels deep.
    static let stackReserve = 48 << 20
    /// The lowest stack address the running script may use (`Stack.floor()` of its thread), or 0
    /// when unknown; see `stackReserve`.
    var stackFloor: UInt = 0

    init(table: CommandTable, store: any SQLStore, clock: any Clock, output: any OutputSink, actor: String,
         cancellation: Cancellation) {
        self.table = table
        self.store = store
        self.clock = clock
        self.output = output
        self.actor = actor
        self.cancellation = cancellation
    }

    /// Declares a global variable (such as `$args`) and sets it.
    func setGlobal(_ name: String, _ value: Value) {
        let slot = globalScope.resolve(name)?.variable.slot ?? globalScope.declare(name, mutable: false)
        globals.ensureSize(globalScope.size)
        globals[slot] = value
    }

    func compile(_ file: SourceFile) throws -> [TopLevelStatement] {
        try compile(try parse(file), in: file)
    }

    func parse(_ file: SourceFile) throws -> Block {
        do { return try Parser.parse(file) } catch { throw ScriptFailure(.script, error, in: file) }
    }

    /// A script cut after its prelude: the `plugin load` and `plugin add` statements it opens with, which
    /// run before the rest is compiled so the rest can call the plugins' commands. One part when there is
    /// none.
    static func splitPrelude(_ block: Block) -> [Block] {
        let prelude = block.statements.prefix { statement in
            guard case .pipeline(let pipeline) = statement, pipeline.elements.count == 1,
                  case .command(let call) = pipeline.elements[0], call.arguments.count >= 2,
                  case .positional(.bareWord("plugin", _)) = call.arguments[0],
                  case .positional(.bareWord(let verb, _)) = call.arguments[1], verb == "load" || verb == "add" else { return false }
            return true
        }.count
        guard prelude > 0, prelude < block.statements.count else { return [block] }
        var head = block, tail = block
        head.statements = Array(block.statements.prefix(prelude))
        tail.statements = Array(block.statements.dropFirst(prelude))
        return [head, tail]
    }

    func compile(_ block: Block, in file: SourceFile) throws -> [TopLevelStatement] {
        let compiler = Compiler(interpreter: self, unit: SourceUnit(file), scope: globalScope)
        let statements = try compiler.compileTopLevel(block)
        globals.ensureSize(globalScope.size)
        return statements
    }

    func cancelled(at node: Node) -> ScriptFailure {
        ScriptFailure(.cancelled, Diagnostic("cancelled", at: node.span), in: node.unit.file)
    }

    /// The format results of the running statement are printed in.
    var resultFormat: OutputFormat { statementFormat ?? defaultFormat }

    /// Where commands' lines go: the output, or with --json or --csv standard error (as notes), so
    /// that standard output carries the results alone.
    var messages: any OutputSink {
        if let held = heldMessages.last { return held }
        return resultFormat == .table ? output : MessagesAsNotes(output)
    }

    /// The holds of the `try` bodies running now, innermost last.
    private var heldMessages: [HeldMessages] = []

    /// Runs `body` with commands' lines held back; they are shown if it returns and dropped if it
    /// throws a script failure (other than Ctrl-C), whose changes the caller rolls back.
    func holdingMessages<T>(_ body: () throws -> T) throws -> T {
        let held = HeldMessages(messages)
        heldMessages.append(held)
        do {
            let value = try body()
            heldMessages.removeLast()
            held.release()
            return value
        } catch let failure as ScriptFailure where failure.kind != .cancelled {
            heldMessages.removeLast()
            throw failure
        } catch {
            heldMessages.removeLast()
            held.release()
            throw error
        }
    }

    func stageContext(stage: StageDescriptor?, at node: Node) throws -> StageContext {
        guard let database else { throw node.failure("internal error: no open transaction") }
        let cancellation = self.cancellation
        return StageContext(database: database, clock: clock, output: messages, actor: actor, stage: stage,
                            isCancelled: { cancellation.isCancelled }, lifecycle: table.registry.slots)
    }

    /// A value as a person reads it, a statement's result or what `print` is given: at a terminal of
    /// `size` a table shows a list command's default columns, cut to the width (unless `--wide`),
    /// every column whole elsewhere; `--expand` anywhere.
    func renderForPerson(_ value: Value, on size: TerminalSize?) -> String? {
        var layout = TableLayout(width: size?.columns, expanded: statementView == .expanded)
        if size != nil, statementView == nil, case .table(let table) = value {
            layout.columns = displayColumns(of: table.columns)
        }
        return Renderer.render(value, as: .table, style: TerminalStyle(enabled: colour), layout: layout)
    }

    /// Remembers the default columns of what a list command gave (`displaySets`).
    func rememberDisplay(of value: Value, _ signature: CommandSignature) {
        guard !signature.displayColumns.isEmpty else { return }
        let columns: [String]
        switch value {
        case .relation(let relation): columns = relation.visibleColumns
        case .table(let table): columns = table.columns
        default: return
        }
        if displaySets.count > 64 { displaySets.removeAll() }
        displaySets[columns] = signature.displayColumns.filter(columns.contains)
    }

    /// The columns a table with `columns` shows at a terminal: a list command's default set and the
    /// columns added after it (`insert`), when the table still has every column the command gave;
    /// `nil` (every column) otherwise, as after `select`. The longest such set wins (lead columns
    /// before and after a custom field was added).
    func displayColumns(of columns: [String]) -> [String]? {
        let matching = displaySets.filter { given, _ in columns.count >= given.count && Array(columns.prefix(given.count)) == given }
        guard let (given, shown) = matching.max(by: { $0.key.count < $1.key.count }) else { return nil }
        return shown + columns.dropFirst(given.count)
    }

    /// Reads a relation into a table; other values pass through.
    func materialize(_ value: Value, at node: Node) throws -> Value {
        guard case .relation(let relation) = value else { return value }
        guard let database else { throw node.failure("internal error: no open transaction") }
        do {
            let rows = try relation.rows(in: database)
            storedRowsRead += rows.count
            return .table(Table(columns: relation.visibleColumns, rows: rows))
        } catch let error as DatabaseFailure {
            if cancellation.isCancelled { throw cancelled(at: node) }
            throw ScriptFailure(.database, Diagnostic(error.message, at: node.span), in: node.unit.file)
        }
    }

    /// Runs `body` in a savepoint, so its changes are undone if it throws.
    func inSavepoint<T>(_ body: () throws -> T) throws -> T {
        guard let database else { return try body() }
        return try database.savepoint(rollingBack: false, body)
    }

    /// Runs a stage's command: `--dry-run` inside a savepoint that is always undone; a high-impact
    /// command in an interactive session first shows its dry run and asks.
    func runStageCommand(_ command: Command, stage: StageDescriptor, _ invocation: Invocation, at node: CallNode) throws -> Value {
        let context = try stageContext(stage: stage, at: node)
        if invocation.isDryRun {
            return try context.database.savepoint(rollingBack: true) { try command.run(invocation, context) }
        }
        if command.signature.impact == .high, let confirm, !invocation.flag("yes") {
            var dry = invocation
            dry.isDryRun = true
            dry.arguments["dry-run"] = .bool(true)
            let preview = CapturedOutput()
            let previewContext = StageContext(database: context.database, clock: clock, output: preview, actor: actor,
                                              stage: stage, isCancelled: context.isCancelled, lifecycle: context.lifecycle)
            _ = try context.database.savepoint(rollingBack: true) { try command.run(dry, previewContext) }
            let summary = (preview.lines + preview.notes).joined(separator: "\n")
            guard confirm(summary.isEmpty ? "\(command.name): nothing would change" : summary) else {
                throw ScriptFailure(.script, Diagnostic("not confirmed: nothing changed", at: node.nameSpan,
                                                        hint: "add --yes to skip the question"), in: node.unit.file)
            }
        }
        return try command.run(invocation, context)
    }

    /// Calls a `def`: a new frame over the globals, its parameters bound from the invocation.
    func call(_ command: UserCommand, _ invocation: Invocation, env: Env, from node: CallNode) throws -> Value {
        guard let body = command.body else { throw node.failure("\(command.signature.name) is not compiled") }
        let frame = Frame(size: command.frameSize, parent: globals)
        for (name, slot) in command.parameterSlots {
            frame[slot] = invocation.arguments[name] ?? command.positionalDefaults[name] ?? .null
            if frame[slot] == .null, let value = command.positionalDefaults[name] { frame[slot] = value }
        }
        return try enter(from: node, name: command.signature.name) {
            try env.with(frame: frame, input: invocation.input) {
                do { return try body.evaluate(env) } catch let signal as ReturnSignal { return signal.value }
            }
        }
    }

    /// Calls a closure value.
    func call(_ closure: CompiledClosure, _ arguments: [Value], input: Value, env: Env, from node: Node) throws -> Value {
        let frame = Frame(size: closure.frameSize, parent: closure.captured)
        for index in 0..<min(closure.parameterCount, arguments.count) { frame[index] = arguments[index] }
        return try enter(from: node, name: nil) {
            try env.with(frame: frame, input: input) {
                do { return try closure.body.evaluate(env) } catch let signal as ReturnSignal { return signal.value }
            }
        }
    }

    /// Guards the call depth (and the stack) and adds the call site to errors raised inside.
    private func enter(from node: Node, name: String?, _ body: () throws -> Value) throws -> Value {
        guard callDepth < Interpreter.maximumCallDepth else {
            throw node.failure("calls nested too deeply (more than \(Interpreter.maximumCallDepth) levels)",
                               hint: "is a def calling itself forever?")
        }
        if stackFloor != 0, Stack.pointer() < stackFloor + UInt(Interpreter.stackReserve) {
            throw node.failure("calls nested too deeply (out of stack after \(callDepth) calls)",
                               hint: "each call here stands deep in blocks; nest less")
        }
        callDepth += 1
        defer { callDepth -= 1 }
        do { return try body() } catch var failure as ScriptFailure {
            if let name {
                let (line, column) = node.unit.file.location(of: node.span.start)
                failure.notes.append("in \(name), called at \(node.unit.file.name):\(line):\(column)")
            }
            throw failure
        }
    }
}

/// A cancellation flag set from a signal-watching thread and read by running commands.
public final class Cancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func cancel() { flag.store(true, ordering: .relaxed) }
    public func reset() { flag.store(false, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
