import Foundation
import FunnelModel
import FunnelStore
import LineEditing
import ShellEngine
import ShellSyntax
import StageCatalog
import StageKit

/// Starts Funnel: parse options, open the store, register stages, run the init script, then the
/// REPL, a file, `-c` or stdin. Exits with the documented codes.
func start() -> Int32 {
    let console = Console()
    let options: Options
    do {
        options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
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
    let session: Session
    do {
        let store = try SQLiteStore(path: Paths.database(options.databasePath))
        session = Session(registry: registry, store: store, clock: clock, output: console, actor: Actor.current)
        try session.migrate()
    } catch {
        console.error("funnel: \(error)")
        return ExitCode.databaseError
    }
    session.report = { failure in console.error(failure.description) }
    if let format = options.format.flatMap(OutputFormat.init(rawValue:)) { session.format = format }

    if !options.noInit, FileManager.default.fileExists(atPath: Paths.initScript) {
        if case .failure(let code) = runFile(Paths.initScript, session: session, console: console), code == ExitCode.databaseError {
            return code
        }
    }
    session.keepGoing = options.keepGoing

    switch options.mode {
    case .command(let text):
        return exitCode { try session.run(SourceFile(name: "<command line>", text: text)) }
    case .file(let path):
        switch runFile(path, session: session, console: console) {
        case .success: return ExitCode.ok
        case .failure(let code): return code
        }
    case .interactive:
        if isatty(STDIN_FILENO) == 1,
           let reader = EditLineReader(historyPath: Paths.history, completer: Completer(session: session)) {
            return REPL(session: session, reader: reader).run()
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return exitCode { try session.run(SourceFile(name: "<stdin>", text: String(decoding: data, as: UTF8.self))) }
    }
}

enum RunOutcome { case success, failure(Int32) }

func runFile(_ path: String, session: Session, console: Console) -> RunOutcome {
    guard let data = FileManager.default.contents(atPath: path) else {
        console.error("funnel: cannot read \(path)")
        return .failure(ExitCode.usageError)
    }
    let code = exitCode { try session.run(SourceFile(name: path, text: String(decoding: data, as: UTF8.self))) }
    return code == ExitCode.ok ? .success : .failure(code)
}

func exitCode(_ body: () throws -> Void) -> Int32 {
    do {
        try body()
        return ExitCode.ok
    } catch let failure as ScriptFailure {
        return failure.exitCode
    } catch {
        return ExitCode.scriptError
    }
}

exit(start())
