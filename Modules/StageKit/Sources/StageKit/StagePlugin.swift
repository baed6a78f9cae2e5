/// What an in-process plugin hands Funnel: a shared object built against StageKit that Funnel loads
/// with `plugin load PATH` or from its plugins directory, then registers like a built-in stage module.
///
/// A plugin exports two C symbols (the template from `scripts/new-plugin` writes them):
///
///     @_cdecl("funnel_stagekit_interface") public func stageKitInterface() -> Int32 { StagePlugin.interface }
///     @_cdecl("funnel_plugin_entry") public func pluginEntry() -> UnsafeMutableRawPointer {
///         StagePlugin(name: "trial", version: "1.0.0", stages: [TrialStage()]).handOver()
///     }
///
/// Funnel reads the first before anything else: a plugin built against another StageKit interface is
/// refused with a message instead of being run.
public final class StagePlugin: @unchecked Sendable {
    /// The StageKit interface this code was compiled against. It is emitted into the plugin itself, so
    /// the plugin reports the interface it was built with, not the one it runs with. Raised whenever
    /// StageKit changes in a way a built plugin cannot survive (a removed declaration, a changed
    /// frozen type); additions do not need it, library evolution keeps older plugins working.
    @_alwaysEmitIntoClient public static var interface: Int32 { 1 }
    /// The symbols Funnel looks up in a plugin.
    public static let interfaceSymbol = "funnel_stagekit_interface"
    public static let entrySymbol = "funnel_plugin_entry"

    public let name: String
    public let version: String
    public let stages: [any Stage]

    public init(name: String, version: String, stages: [any Stage]) {
        self.name = name
        self.version = version
        self.stages = stages
    }

    /// The plugin for the entry symbol to return: retained once, for Funnel to take.
    public func handOver() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(self).toOpaque()
    }
}
