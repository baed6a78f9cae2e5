#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import StageKit

/// An in-process plugin: a shared object built against StageKit, loaded with dlopen.
///
/// Loading checks the file (not world-writable, not another user's), opens it, reads the StageKit
/// interface it was built against and refuses a mismatch before running any of its code, then calls
/// its entry symbol for the stages. A loaded object is never closed: its types stay in use.
public struct SharedObjectPlugin: Sendable {
    public let path: String
    public let name: String
    public let version: String
    public let stages: [any Stage]

    /// Shared objects in a plugins directory, in name order.
    public static func files(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".so") }.sorted().map { directory + "/" + $0 }
    }

    public static func load(_ path: String) throws -> SharedObjectPlugin {
        try PluginSafety.check(path, executable: false)
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw PluginFailure("cannot load \(path): \(reason)"
                + (reason.contains("undefined symbol") ? " (was it built against another StageKit? rebuild it against this funnel's)" : ""))
        }
        guard let interfaceSymbol = dlsym(handle, StagePlugin.interfaceSymbol) else {
            throw PluginFailure("\(path) is not a funnel plugin: it has no \(StagePlugin.interfaceSymbol) symbol (see docs/writing-a-stage.md)")
        }
        let interface = unsafeBitCast(interfaceSymbol, to: (@convention(c) () -> Int32).self)()
        guard interface == StagePlugin.interface else {
            throw PluginFailure("refusing \(path): it was built against StageKit interface \(interface) and this funnel has \(StagePlugin.interface);"
                + " rebuild it against this funnel's StageKit")
        }
        guard let entrySymbol = dlsym(handle, StagePlugin.entrySymbol) else {
            throw PluginFailure("\(path) has no \(StagePlugin.entrySymbol) symbol (see docs/writing-a-stage.md)")
        }
        let entry = unsafeBitCast(entrySymbol, to: (@convention(c) () -> UnsafeMutableRawPointer?).self)
        guard let pointer = entry() else { throw PluginFailure("\(path): its entry returned nothing") }
        guard let plugin = Unmanaged<AnyObject>.fromOpaque(pointer).takeRetainedValue() as? StagePlugin else {
            throw PluginFailure("\(path): its entry did not return a StagePlugin")
        }
        guard !plugin.stages.isEmpty else { throw PluginFailure("\(path) (\(plugin.name)) provides no stages") }
        return SharedObjectPlugin(path: path, name: plugin.name, version: plugin.version, stages: plugin.stages)
    }
}
