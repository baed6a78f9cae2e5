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
    /// The environment, read once, straight from `environ`. A variable set twice keeps its first
    /// value, as getenv reads it.
    static let environment: [String: String] = {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(text[..<equals])
                if variables[name] == nil { variables[name] = String(text[text.utf8.index(after: equals)...]) }
            }
            entry += 1
        }
        return variables
    }()

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
