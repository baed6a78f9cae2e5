#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Where Funnel keeps files, following the XDG base directory conventions.
enum Paths {
    /// The environment variables Funnel reads, read once, straight from `environ`. A variable set
    /// twice keeps its first value, as getenv reads it. Only these names are kept: making a string
    /// of every variable was a share of each start-up. (Plugins get the whole environment: they
    /// are started with `environ` itself.)
    static let environment: [String: String] = {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            entry += 1
            guard let name = read.first(where: { has(pointer, name: $0) }), variables[name] == nil else { continue }
            variables[name] = String(cString: pointer + name.utf8.count + 1)
        }
        return variables
    }()

    /// The variables `environment` keeps: every name Funnel (or the shell it runs) looks up in it.
    static let read: [String] = [
        "FUNNEL_DB", "FUNNEL_NOW", "HOME", "USER", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
        "NO_COLOR", "TERM", "COLUMNS", "LINES", "PAGER", "PATH",
    ]

    /// Whether the `NAME=value` entry at `entry` is for `name`.
    private static func has(_ entry: UnsafePointer<CChar>, name: String) -> Bool {
        var index = 0
        for byte in name.utf8 {
            guard UInt8(bitPattern: entry[index]) == byte else { return false }
            index += 1
        }
        return UInt8(bitPattern: entry[index]) == UInt8(ascii: "=")
    }

    static var home: String { environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path }

    /// `$XDG_CONFIG_HOME/funnel/init.funnel`: the start-up script.
    static var initScript: String {
        (environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config") + "/funnel/init.funnel"
    }

    /// `$XDG_STATE_HOME/funnel/history`: the REPL's history.
    static var history: String {
        (environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/state") + "/funnel/history"
    }

    /// `$XDG_DATA_HOME/funnel`: what this installation keeps (plugins).
    static var data: String {
        (environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share") + "/funnel"
    }

    /// `$XDG_DATA_HOME/funnel/plugins.json`: the plugins `plugin add` recorded.
    static var plugins: String { data + "/plugins.json" }

    /// `$XDG_DATA_HOME/funnel/plugins/`: in-process plugins (`*.so`) loaded at every start.
    static var pluginDirectory: String { data + "/plugins" }

    /// `--db`, else `$FUNNEL_DB`, else `./funnel.db`.
    static func database(_ option: String?) -> String {
        option ?? environment["FUNNEL_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "funnel.db"
    }
}
