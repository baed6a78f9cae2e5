#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The command line of `funnel`.
struct Options {
    enum Mode: Equatable {
        /// The REPL on a terminal, or a script read from stdin otherwise.
        case interactive
        case command(String)
        /// A script file and the arguments after it (`$args`, or `def main`'s parameters).
        case file(String, arguments: [String])
    }

    var mode: Mode = .interactive
    var databasePath: String?
    var now: String?
    var noInit = false
    var keepGoing = false
    var atomic = false
    var format: String?
    var showHelp = false
    var showVersion = false

    struct UsageError: Error { let message: String }

    static let usage = """
    Usage: funnel [OPTIONS]                 the shell (reads a script from stdin when it is not a terminal)
           funnel [OPTIONS] -c 'SCRIPT'     run commands given on the command line
           funnel [OPTIONS] run [OPTIONS] FILE [ARGS...]   run a script file (also as a #! line); ARGS
                                            become $args, or the parameters and flags of its def main

    Options:
      --db PATH        the database file (default: $FUNNEL_DB or ./funnel.db), or a shared PostgreSQL
                       database, postgres://user@host/db (password from PGPASSWORD or ~/.pgpass)
      --now DATE       fix "now" for reproducible runs, e.g. 2026-01-31 (default: $FUNNEL_NOW or the clock)
      --keep-going     report a failed statement and go on (default: stop at the first failure)
      --atomic         run the whole script in one transaction: all of it is kept, or none
      --no-init        skip the start-up script ($XDG_CONFIG_HOME/funnel/init.funnel)
      --json, --csv    print results as JSON or CSV instead of tables
      --version        print the version
      -h, --help       print this help

    Exit codes: 0 ok, 1 script error, 2 usage error, 3 database error, 130 interrupted.
    """

    /// Funnel's own options that take no value, and those that take one.
    static let switches: Set<String> = ["--no-init", "--keep-going", "--atomic", "--json", "--csv"]
    static let valued: Set<String> = ["--db", "--now"]

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var index = 0
        func value(for flag: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw UsageError(message: "\(flag) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--db": options.databasePath = try value(for: argument)
            case "--now": options.now = try value(for: argument)
            case "--no-init": options.noInit = true
            case "--keep-going": options.keepGoing = true
            case "--atomic": options.atomic = true
            case "--json": options.format = "json"
            case "--csv": options.format = "csv"
            case "-h", "--help": options.showHelp = true
            case "--version": options.showVersion = true
            case "-c":
                guard options.mode == .interactive else { throw UsageError(message: "give either -c or run FILE, not both") }
                options.mode = .command(try value(for: argument))
            case "run":
                guard options.mode == .interactive else { throw UsageError(message: "give either -c or run FILE, not both") }
                // Funnel's options may follow `run` (`funnel run --atomic FILE`); what follows the file is the script's.
                index += 1
                while index < arguments.count, arguments[index].hasPrefix("-"), arguments[index] != "-" {
                    let option = arguments[index]
                    if option.hasPrefix("--db=") || option.hasPrefix("--now=") || switches.contains(option) {
                        try options.apply(option, value: nil)
                    } else if valued.contains(option) {
                        try options.apply(option, value: try value(for: option))
                    } else {
                        throw UsageError(message: "unknown option \(option) before the script file")
                    }
                    index += 1
                }
                guard index < arguments.count else { throw UsageError(message: "run needs a script file") }
                options.mode = .file(arguments[index], arguments: Array(arguments[(index + 1)...]))
                return options
            default:
                if argument.hasPrefix("--db=") { options.databasePath = String(argument.dropFirst(5)) }
                else if argument.hasPrefix("--now=") { options.now = String(argument.dropFirst(6)) }
                else if !argument.hasPrefix("-"), options.mode == .interactive, FileManager.default.fileExists(atPath: argument) {
                    options.mode = .file(argument, arguments: Array(arguments[(index + 1)...]))
                    return options
                } else {
                    throw UsageError(message: "unknown option \(argument)")
                }
            }
            index += 1
        }
        return options
    }

    /// Sets one of funnel's options given after `run`.
    private mutating func apply(_ option: String, value: String?) throws {
        switch option {
        case "--db": databasePath = value
        case "--now": now = value
        case "--no-init": noInit = true
        case "--keep-going": keepGoing = true
        case "--atomic": atomic = true
        case "--json": format = "json"
        case "--csv": format = "csv"
        default:
            if option.hasPrefix("--db=") { databasePath = String(option.dropFirst(5)) } else if option.hasPrefix("--now=") { now = String(option.dropFirst(6)) }
        }
    }

    /// A word after the script file that is one of funnel's own options: it goes to the script, and
    /// was most likely meant for funnel.
    static func isFunnelOption(_ argument: String) -> Bool {
        switches.contains(argument) || valued.contains(argument) || argument.hasPrefix("--db=") || argument.hasPrefix("--now=")
    }
}
