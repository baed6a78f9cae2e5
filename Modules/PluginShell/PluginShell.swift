#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginHost
import ShellEngine
import StageHost
import StageKit

/// The plugin commands of a session (`plugin add/list/remove/load`) and what they keep: the list of
/// out-of-process plugins and the shared objects loaded. It joins the shell and the plugin host, so
/// that neither depends on the other: the program (or a test) installs it into each session.
public final class PluginShell: @unchecked Sendable {
    // @unchecked: used only on the session's thread, like the command table.

    /// Where `plugin add` records out-of-process plugins; nil when this session keeps none.
    public var list: PluginList?
    /// In-process plugins loaded (from the plugins directory at start-up, or by `plugin load`).
    public var sharedObjects: [SharedObjectPlugin]
    let table: CommandTable

    init(table: CommandTable, list: PluginList?, sharedObjects: [SharedObjectPlugin]) {
        self.table = table
        self.list = list
        self.sharedObjects = sharedObjects
    }

    /// Adds the plugin commands and the plugin host's setting (`plugin.timeout`) to `session`.
    @discardableResult
    public static func install(in session: Session, list: PluginList?, sharedObjects: [SharedObjectPlugin] = []) -> PluginShell {
        let shell = PluginShell(table: session.table, list: list, sharedObjects: sharedObjects)
        session.table.registry.declare([PluginTimeout.setting])
        session.table.addEngineCommands([PluginAddCommand.make(shell), PluginLoadCommand.make(shell),
                                         PluginListCommand.make(shell), PluginRemoveCommand.make(shell)])
        return shell
    }

    /// The recorded plugins, or the list's failure as a command error.
    func recorded() throws -> [PluginManifest] {
        guard let list else { return [] }
        do { return try list.load() } catch let failure as PluginFailure { throw CommandError(failure.message) }
    }

    /// An absolute path for a path given relative to the working directory.
    static func absolute(_ given: String) -> String {
        given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
    }
}
