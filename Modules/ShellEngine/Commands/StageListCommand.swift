#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit

/// `stage list`: every slot in lifecycle order, its implementations, and which is active.
enum StageListCommand {
    static func make(registry: StageRegistry) -> EngineCommand {
        EngineCommand(CommandSignature(
            "stage list",
            summary: "Show the lifecycle's slots, their implementations and which one is active.",
            examples: [Example("stage list", "All stages, in lifecycle order.")])) { [registry] _, _ in
            var rows: [Record] = []
            for (position, slot) in registry.slots.enumerated() {
                let active = registry.activeStage(of: slot)?.descriptor.implementation
                for stage in registry.implementations(of: slot) {
                    let d = stage.descriptor
                    rows.append(Record([
                        ("order", .int(Int64(position + 1))), ("slot", .string(slot.rawValue)),
                        ("implementation", .string(d.implementation)), ("active", .bool(d.implementation == active)),
                        ("version", .string(d.version)), ("summary", .string(d.summary)),
                    ]))
                }
            }
            return .table(Table(columns: ["order", "slot", "implementation", "active", "version", "summary"], rows: rows))
        }
    }
}
