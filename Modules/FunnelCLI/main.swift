#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import FunnelModel
import FunnelStore
import PostgresStore
import LineEditing
import PluginHost
import PluginShell
import ShellEngine
import ShellSyntax
import StageCatalog
import StageHost
import StageKit
import StageSupport

/// Starts Funnel: parse options, open the store, register stages, run the init script, then the
/// REPL, a file, `-c` or stdin. Exits with the documented codes.
func start() -> Int32 {
    let console = Console()
    let arguments: [String]
    do { arguments = try commandLineArguments() } catch {
        console.error("funnel: \(error.message)")
        return ExitCode.usageError
    }
    let options: Options
    do {
        options = try Options.parse(Array(arguments.dropFirst()))
    } catch let error as Options.UsageError {
        console.error("funnel: \(error.message)\n\n\(Options.usage)")
        return ExitCode.usageError
    } catch {
        return ExitCode.usageError
    }
    if options.showHelp { console.line(Options.usage); return ExitCode.ok }
    if options.showVersion { console.line("funnel \(Version.current)"); return ExitCode.ok }

    let clock: any Clock
    if let text = options.now ?? Paths.environment["FUNNEL_NOW"].flatMap({ $0.isEmpty ? nil : $0 }) {
        do { clock = FixedClock(try Day.parse(text)) } catch {
            console.error("funnel: --now: \(error.description)")
            return ExitCode.usageError
        }
    } else {
        clock = SystemClock()
    }

    let registry: StageRegistry
    do { registry = try StageCatalog.makeRegistry() } catch {
        console.error("funnel: \(error)")
        return ExitCode.usageError
    }
    // Out-of-process plugins recorded by `plugin add`: registered from their cached signatures, not
    // started. A plugin that no longer fits is skipped with a warning; the shell still starts.
    let plugins = PluginList(file: Paths.plugins)
    do {
        for stage in ExternalStage.stages(of: try plugins.load()) {
            do { try registry.register(stage) } catch {
                console.error("funnel: plugin stage \(stage.descriptor.slot) \(stage.descriptor.implementation) skipped: \(error)")
            }
        }
    } catch {
        console.error("funnel: \(error)")
    }
    // In-process plugins in the plugins directory: loaded and registered before the migrations run, so
    // their tables exist. One that cannot load is skipped with the reason; the shell still starts.
    var sharedObjects: [SharedObjectPlugin] = []
    for path in SharedObjectPlugin.files(in: Paths.pluginDirectory) {
        do {
            let plugin = try SharedObjectPlugin.load(path)
            try registry.register(plugin.stages)
            sharedObjects.append(plugin)
        } catch {
            console.error("funnel: plugin \(path) skipped: \(error)")
        }
    }
    let databasePath = Paths.database(options.databasePath)
    let session: Session
    do {
        let store = try openStore(databasePath, console: console)
        // On a shared database the journal names the database user, whoever runs the program.
        let actor = (store as? PostgresStore)?.user ?? Actor.current
        session = Session(registry: registry, store: store, clock: clock, output: console, actor: actor)
        try session.migrate()
    } catch {
        console.error("funnel: \(error)")
        return ExitCode.databaseError
    }
    defer { session.releaseVariables() }
    PluginShell.install(in: session, list: plugins, sharedObjects: sharedObjects)
    let style = TerminalStyle(fileDescriptor: STDERR_FILENO, environment: Paths.environment)
    session.report = { failure in console.error(style.diagnostic(failure.description)) }
    session.colour = TerminalStyle(fileDescriptor: STDOUT_FILENO, environment: Paths.environment).enabled
    session.terminalSize = { TerminalSize.ofStandardOutput(environment: Paths.environment) }
    if let format = options.format.flatMap(OutputFormat.init(rawValue:)) { session.format = format }

    if !options.noInit, FileManager.default.fileExists(atPath: Paths.initScript) {
        let code = runFile(Paths.initScript, arguments: [], session: session, console: console, atomic: false)
        if code == ExitCode.databaseError { return code }
    }
    session.keepGoing = options.keepGoing

    switch options.mode {
    case .command(let text):
        return exitCode { try run(SourceFile(name: "<command line>", text: text), session, atomic: options.atomic) }
    case .file(let path, let arguments):
        return runFile(path, arguments: arguments, session: session, console: console, atomic: options.atomic)
    case .interactive:
        if isatty(STDIN_FILENO) == 1,
           let reader = EditLineReader(historyPath: Paths.history, completer: Completer(session: session)) {
            let name = PostgresStore.isURL(databasePath) ? "postgres" : PathName.last(databasePath)
            session.pager = Pager.fromEnvironment(Paths.environment)
            return REPL(session: session, reader: reader, name: name).run()
        }
        if isatty(STDIN_FILENO) == 1, !EditLineReader.isAvailable {
            console.error("funnel: line editing needs libedit (Debian's libedit2), which is not installed; reading commands as a script until end of input")
        }
        let data = standardInput()
        guard let text = scriptText(data, name: "<stdin>", console: console) else { return ExitCode.scriptError }
        return exitCode { try run(SourceFile(name: "<stdin>", text: text), session, atomic: options.atomic) }
    }
}

/// The SQLite file at `location`, or the PostgreSQL database a `postgres://` URL names (libpq is
/// loaded only then). A password written in the URL is refused: it would stay in the shell's
/// history and in `ps`; libpq reads it from PGPASSWORD or ~/.pgpass.
func openStore(_ location: String, console: Console) throws -> any SQLStore {
    if PostgresStore.isURL(location) {
        guard PostgresConnection.redacted(location) == location else {
            throw DatabaseFailure("the database URL holds a password: leave it out and put it in PGPASSWORD or ~/.pgpass "
                                  + "(a password on the command line stays in the shell's history)")
        }
        return try PostgresStore(url: location)
    }
    let store = try SQLiteStore(path: location)
    if store.isReadOnly {
        console.error("funnel: \(location) cannot be written here (a read-only file or folder): it is open for reading only")
    }
    return store
}

func run(_ source: SourceFile, _ session: Session, atomic: Bool) throws {
    if atomic { try session.runAtomically(source) } else { try session.run(source) }
}

/// Runs a script file with its arguments: `$args`, then `def main` if the script has one.
func runFile(_ path: String, arguments: [String], session: Session, console: Console, atomic: Bool) -> Int32 {
    guard let data = FileManager.default.contents(atPath: path) else {
        console.error("funnel: cannot read \(path)")
        return ExitCode.usageError
    }
    guard let text = scriptText(data, name: path, console: console) else { return ExitCode.scriptError }
    // Without a `def main` to take them, funnel's own options after the file were meant for funnel.
    if !text.contains("def main"), let misplaced = arguments.first(where: Options.isFunnelOption) {
        console.error("funnel: \(misplaced) after the script file would go to the script, which has no def main to take it; "
                      + "put funnel's options before the file: funnel run \(misplaced) \(path)")
        return ExitCode.usageError
    }
    session.setArguments(arguments)
    let code = exitCode {
        if atomic { try session.store.begin() }
        try session.run(SourceFile(name: path, text: text))
        if let main = session.table.userSignatures.first(where: { $0.name == "main" }) {
            let flags = Set(main.flags.map { "--" + $0.name })
            try session.run(SourceFile(name: "<arguments>", text: "main " + mainArguments(arguments, flags: flags)))
        }
        if atomic { try session.store.commit() }
    }
    if atomic, code != ExitCode.ok {
        try? session.store.rollback()
        console.error("funnel: --atomic: the run failed, so nothing it did was kept (all of it was rolled back)")
    }
    return code
}

/// The command line after a script file as a call of its `def main`, read as if typed after `main`:
/// a flag (`--flag`, `--flag=VALUE`) stays a flag, a plain word (`2`, `L-1`, `2026-01-31`)
/// is read by the parameter's type, anything else is passed as text.
func mainArguments(_ arguments: [String], flags: Set<String>) -> String {
    func word(_ text: String) -> String {
        let plain = !text.isEmpty && !text.hasPrefix("-") && text.unicodeScalars.allSatisfy {
            ($0.value < 128 && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.:,".unicodeScalars.contains($0)))
        }
        let number = Double(text) != nil
        return plain || number ? text : Session.quoted(text)
    }
    return arguments.map { argument -> String in
        let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
        // A flag main does not declare is left a flag, so the call says it is unknown.
        if argument.hasPrefix("--"), !flags.contains(name), name.dropFirst(2).allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), name.count > 2 {
            return name
        }
        guard argument.hasPrefix("--"), flags.contains(name) else { return word(argument) }
        guard name != argument else { return name }
        return name + " " + word(String(argument.dropFirst(name.count + 1)))
    }.joined(separator: " ")
}

/// A script's bytes as text, or `nil` after saying where they are not UTF-8 (or hold a NUL).
func scriptText(_ data: some Collection<UInt8>, name: String, console: Console) -> String? {
    do throws(UnicodeText.Refusal) { return try UnicodeText.decode(data) } catch {
        console.error("\(name):\(error.line):\(error.column): error: \(error.message)")
        return nil
    }
}

/// Everything on standard input, up to its end.
func standardInput() -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { continue }
        guard count > 0 else { return bytes }
        bytes.append(contentsOf: chunk[..<count])
    }
}

/// The command line, refused when an argument is not valid UTF-8 (`CommandLine.arguments` would
/// have replaced the bad bytes with U+FFFD).
func commandLineArguments() throws(Options.UsageError) -> [String] {
    var arguments: [String] = []
    for index in 0..<Int(CommandLine.argc) {
        guard let argument = CommandLine.unsafeArgv[index] else { continue }
        // The usual case, valid UTF-8, without the generic decoder (whose first call from this
        // module instantiates its metadata: a share of every start-up); that one says where it is not.
        if let text = String(validatingCString: argument) {
            arguments.append(text)
            continue
        }
        let bytes = UnsafeRawBufferPointer(start: argument, count: strlen(argument))
        do throws(UnicodeText.Refusal) { arguments.append(try UnicodeText.decode(bytes)) } catch {
            throw Options.UsageError(message: "argument \(index) is not UTF-8 text: at character \(error.column), \(error.message)")
        }
    }
    return arguments
}

func exitCode(_ body: () throws -> Void) -> Int32 {
    do {
        try body()
        return ExitCode.ok
    } catch let failure as ScriptFailure {
        return failure.exitCode
    } catch let request as ExitRequest {
        return request.code
    } catch {
        return ExitCode.scriptError
    }
}

let status = start()
// Plugins are told goodbye (and stopped if they linger) before Funnel leaves.
PluginProcess.stopAll()
exit(status)
