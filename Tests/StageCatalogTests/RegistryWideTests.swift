import Foundation
import FunnelTestSupport
import ShellEngine
import StageCatalog
import StageHost
import StageKit
import Testing

/// Checks every command of every built-in stage (active or not) and of the shell itself.
@Suite struct RegistryWideTests {
    static func allCommands() throws -> [(command: CommandSignature, implementation: String?)] {
        let shell = try TestShell()
        let stageCommands = shell.session.registry.allCommands.map { ($0.0.signature, Optional($0.1.slot.rawValue + "/" + $0.1.implementation)) }
        let builtins = shell.session.table.builtinSignatures.map { ($0, String?.none) }
        return (builtins + stageCommands).map { (command: $0.0, implementation: $0.1) }
    }

    @Test func everyCommandHasASummaryEndingInAPeriodAndAnExample() throws {
        for (command, _) in try Self.allCommands() {
            #expect(command.summary.hasSuffix("."), "\(command.name): summary must end in a period")
            #expect(!command.examples.isEmpty, "\(command.name) has no example")
            for positional in command.positionals {
                #expect(positional.summary.hasSuffix("."), "\(command.name) \(positional.name): summary must end in a period")
            }
            for flag in command.allFlags {
                #expect(flag.summary.hasSuffix("."), "\(command.name) --\(flag.name): summary must end in a period")
            }
        }
    }

    /// The registry knows a stage's commands by the names its entries give and builds one only when
    /// it is called: a name that differs from the built command's would run a command under another
    /// name (or none), so every built-in stage's entries must name exactly its commands, in order.
    @Test func everyStageEntryNamesTheCommandItBuilds() throws {
        for stage in StageCatalog.builtIn {
            let entries = stage.commandEntries
            #expect(entries.map(\.name) == stage.commands.map(\.name), "\(stage.descriptor.slot)/\(stage.descriptor.implementation)")
            for entry in entries {
                #expect(entry.make().name == entry.name, "entry \(entry.name) builds \(entry.make().name)")
            }
        }
    }

    /// Calling one command builds that command only, not its stage's others (start-up stays short).
    @Test func aCommandIsBuiltOnlyWhenAsked() throws {
        let registry = StageRegistry()
        let built = Counter()
        try registry.register(CountingStage(built: built))
        #expect(built.value == 0)
        #expect(registry.command(named: "probe one")?.0.name == "probe one")
        #expect(built.value == 1)
        _ = registry.command(named: "probe one")
        #expect(built.value == 1, "built once, then kept")
        #expect(registry.allCommands.map(\.0.name) == ["probe one", "probe two"])
        #expect(built.value == 2)
    }

    @Test func namesAreUniqueAmongActiveCommandsAndFlags() throws {
        let shell = try TestShell()
        let names = shell.session.table.all.map(\.signature.name)
        #expect(Set(names).count == names.count)
        for (command, _) in try Self.allCommands() {
            let flags = command.allFlags.map(\.name)
            #expect(Set(flags).count == flags.count, "\(command.name) repeats a flag")
            #expect(!flags.contains("json") && !flags.contains("csv") && !flags.contains("help"),
                    "\(command.name): --json, --csv and --help are the shell's")
        }
    }

    @Test func everyExampleRunsOnAFreshDatabase() throws {
        for (command, implementation) in try Self.allCommands() {
            for example in command.examples {
                let shell = try TestShell()
                if let implementation {
                    let parts = implementation.split(separator: "/").map(String.init)
                    try shell.run("stage use \(parts[0]) \(parts[1])")
                }
                do {
                    try FileManager.default.withTemporaryDirectory {
                        if !example.setup.isEmpty { try shell.run(example.setup) }
                        try shell.run(example.script)
                    }
                } catch {
                    Issue.record("example of \(command.name) failed: \(example.script)\n\(error)")
                }
            }
        }
    }

    @Test func catalogRegistersEveryBuiltInStageInLifecycleOrder() throws {
        let registry = try StageCatalog.makeRegistry()
        #expect(registry.slots.map(\.rawValue) == ["capture", "screen", "discover", "recommend", "negotiate", "sign", "payment", "service", "revisit", "analyze", "review"])
        #expect(registry.implementations(of: .screen).map(\.descriptor.implementation) == ["bant", "fit", "predictive"])
    }
}

extension FileManager {
    /// Runs `body` with a fresh temporary directory as the current directory (examples may write files).
    func withTemporaryDirectory(_ body: () throws -> Void) throws {
        let directory = temporaryDirectory.appendingPathComponent("funnel-example-\(UUID().uuidString)")
        try createDirectory(at: directory, withIntermediateDirectories: true)
        let previous = currentDirectoryPath
        _ = changeCurrentDirectoryPath(directory.path)
        defer { _ = changeCurrentDirectoryPath(previous) }
        try body()
    }
}

private final class Counter: @unchecked Sendable {
    var value = 0
}

/// A stage whose entries count how many of its commands were built.
private struct CountingStage: Stage {
    let built: Counter
    var descriptor: StageDescriptor {
        StageDescriptor(slot: StageSlot("probe"), implementation: "counting", summary: "Counts builds.", version: "1", follows: nil)
    }
    var commands: [Command] { commandEntries.map { $0.make() } }
    var commandEntries: [CommandEntry] {
        ["probe one", "probe two"].map { name in
            CommandEntry(name) { [built] in
                built.value += 1
                return Command(CommandSignature(name, summary: "A probe.")) { _, _ in .null }
            }
        }
    }
}
