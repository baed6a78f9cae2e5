import FunnelModel
import StageKit

/// The stages of this Funnel, composed in lifecycle order, with one active implementation per slot.
///
/// An instance passed to whoever needs it, never a global. Registration happens once, at start-up,
/// in one place; registering the same implementation twice, or a command name another slot already
/// uses, is refused.
public final class StageRegistry: @unchecked Sendable {
    // @unchecked: mutated only on the shell's one thread (registration at start-up, `stage use`).

    public enum RegistrationError: Error, CustomStringConvertible {
        case duplicateImplementation(StageSlot, String)
        case unknownPredecessor(StageSlot, follows: StageSlot)
        case inconsistentOrder(StageSlot, String)
        case commandClash(String, StageSlot, StageSlot)
        case unknownSlot(String, known: [String])
        case unknownImplementation(StageSlot, String, known: [String])

        public var description: String {
            switch self {
            case .duplicateImplementation(let slot, let name):
                return "stage \(slot)/\(name) is registered twice"
            case .unknownPredecessor(let slot, let follows):
                return "stage slot \(slot) follows \(follows), which is not registered"
            case .inconsistentOrder(let slot, let name):
                return "stage \(slot)/\(name) follows a different slot than the slot's other implementations"
            case .commandClash(let name, let a, let b):
                return "command \"\(name)\" is offered by both slot \(a) and slot \(b)"
            case .unknownSlot(let slot, let known):
                return "no stage slot \"\(slot)\" (slots: \(known.joined(separator: ", ")))"
            case .unknownImplementation(let slot, let name, let known):
                return "slot \(slot) has no implementation \"\(name)\" (implementations: \(known.joined(separator: ", ")))"
            }
        }
    }

    /// The slots in lifecycle order.
    public private(set) var slots: [StageSlot] = []
    private var implementations: [StageSlot: [Registered]] = [:]
    private var active: [StageSlot: String] = [:]
    private var commandSlots: [String: StageSlot] = [:]

    /// A registered stage with its commands by name, each built the first time it is asked for.
    private final class Registered {
        let stage: any Stage
        let entries: [CommandEntry]
        private var built: [Command?]

        init(_ stage: any Stage) {
            self.stage = stage
            self.entries = stage.commandEntries
            self.built = Array(repeating: nil, count: entries.count)
        }

        var descriptor: StageDescriptor { stage.descriptor }

        func command(at index: Int) -> Command {
            if let command = built[index] { return command }
            let command = entries[index].make()
            built[index] = command
            return command
        }

        func command(named name: String) -> Command? {
            entries.firstIndex { $0.name == name }.map(command(at:))
        }

        /// Every command, in the stage's order.
        var commands: [Command] { entries.indices.map(command(at:)) }
    }

    public init() {}

    /// Adds a stage implementation. The first implementation of a slot becomes its active one.
    /// The first implementation of a slot places it after the slot it `follows` (first when nil); a
    /// later one must name the same slot, or none. Its commands are registered by name
    /// (`Stage.commandEntries`) and built when first used.
    public func register(_ stage: any Stage) throws {
        let d = stage.descriptor
        let registered = Registered(stage)
        // Everything is checked before anything changes: a refused stage leaves the registry as it was.
        for entry in registered.entries {
            if let owner = commandSlots[entry.name], owner != d.slot {
                throw RegistrationError.commandClash(entry.name, owner, d.slot)
            }
        }
        if let existing = implementations[d.slot] {
            if existing.contains(where: { $0.descriptor.implementation == d.implementation }) {
                throw RegistrationError.duplicateImplementation(d.slot, d.implementation)
            }
            // An implementation of a slot that exists may leave `follows` out: it joins the slot where it is.
            if let follows = d.follows, existing.first?.descriptor.follows != follows {
                throw RegistrationError.inconsistentOrder(d.slot, d.implementation)
            }
        } else if let follows = d.follows {
            guard let index = slots.firstIndex(of: follows) else {
                throw RegistrationError.unknownPredecessor(d.slot, follows: follows)
            }
            // Insert right after its predecessor, before what followed it: a team's `trial` following
            // `recommend` comes between `recommend` and `negotiate`.
            slots.insert(d.slot, at: index + 1)
        } else {
            slots.insert(d.slot, at: 0)
        }
        for entry in registered.entries { commandSlots[entry.name] = d.slot }
        implementations[d.slot, default: []].append(registered)
        if active[d.slot] == nil { active[d.slot] = d.implementation }
    }

    /// Adds several stages (one plugin's) all or none: when one is refused, none stays registered.
    public func register(_ stages: [any Stage]) throws {
        let saved = (slots, implementations, active, commandSlots)
        do {
            for stage in stages { try register(stage) }
        } catch {
            (slots, implementations, active, commandSlots) = saved
            throw error
        }
    }

    /// Throws what `register(_:)` would for these stages, registering none of them (for dry runs).
    public func checkRegistration(_ stages: [any Stage]) throws {
        let saved = (slots, implementations, active, commandSlots)
        defer { (slots, implementations, active, commandSlots) = saved }
        for stage in stages { try register(stage) }
    }

    /// Every implementation of a slot, in registration order.
    public func implementations(of slot: StageSlot) -> [any Stage] { (implementations[slot] ?? []).map(\.stage) }

    /// The implementation that runs the slot's commands now.
    public func activeStage(of slot: StageSlot) -> (any Stage)? { activeRegistered(of: slot)?.stage }

    private func activeRegistered(of slot: StageSlot) -> Registered? {
        implementations[slot]?.first { $0.descriptor.implementation == active[slot] }
    }

    /// Makes `implementation` the active one of `slot`.
    public func use(slot name: String, implementation: String) throws {
        let slot = StageSlot(name)
        guard let candidates = implementations[slot] else {
            throw RegistrationError.unknownSlot(name, known: slots.map(\.rawValue))
        }
        guard candidates.contains(where: { $0.descriptor.implementation == implementation }) else {
            throw RegistrationError.unknownImplementation(slot, implementation,
                                                           known: candidates.map(\.descriptor.implementation))
        }
        active[slot] = implementation
    }

    /// Every implementation's command of that name, the active one's and the others' (what any of
    /// them may do when the script runs); built from that slot's stages only.
    public func commands(named name: String) -> [Command] {
        guard let slot = commandSlots[name] else { return [] }
        return (implementations[slot] ?? []).compactMap { $0.command(named: name) }
    }

    /// The command of that name from the active implementation of the slot that offers it, or a
    /// catalog command of another implementation when the active one has none of that name. Builds
    /// only that command.
    public func command(named name: String) -> (Command, StageDescriptor)? {
        guard let slot = commandSlots[name], let active = activeRegistered(of: slot) else { return nil }
        if let command = active.command(named: name) { return (command, active.descriptor) }
        for other in implementations[slot] ?? [] where other !== active {
            if let command = other.command(named: name), command.isCatalog { return (command, other.descriptor) }
        }
        return nil
    }

    /// The command of that name from the first implementation offering it, active or not (for
    /// checking a call before `stage use` runs, and for saying which implementation to switch to).
    /// Builds only that command.
    public func anyCommand(named name: String) -> (Command, StageDescriptor)? {
        guard let slot = commandSlots[name] else { return nil }
        for stage in implementations[slot] ?? [] {
            if let command = stage.command(named: name) { return (command, stage.descriptor) }
        }
        return nil
    }

    /// Every command that runs now, in lifecycle order: each slot's active implementation's, then the
    /// catalog commands of its other implementations that the active one does not offer.
    public var activeCommands: [(Command, StageDescriptor)] {
        slots.flatMap(runnable(in:))
    }

    private func runnable(in slot: StageSlot) -> [(Command, StageDescriptor)] {
        guard let active = activeRegistered(of: slot) else { return [] }
        var commands = active.commands.map { ($0, active.descriptor) }
        var names = Set(commands.map(\.0.name))
        for stage in implementations[slot] ?? [] where stage !== active {
            for command in stage.commands where command.isCatalog && names.insert(command.name).inserted {
                commands.append((command, stage.descriptor))
            }
        }
        return commands
    }

    /// Every command of every implementation, active or not (for registry-wide checks and docs).
    public var allCommands: [(Command, StageDescriptor)] {
        slots.flatMap { implementations[$0] ?? [] }.flatMap { stage in stage.commands.map { ($0, stage.descriptor) } }
    }

    /// The settings every implementation reads, active or not, each key once, in lifecycle order,
    /// then those the host declared (`declare(_:)`).
    public var settings: [Setting] {
        var seen = Set<String>()
        return (slots.flatMap { implementations(of: $0) }.flatMap(\.settings) + hostSettings).filter { seen.insert($0.key).inserted }
    }

    /// Settings read by the program around the stages rather than by a stage (the plugin host's
    /// `plugin.timeout`): checked and listed by `config` like the stages' own.
    public func declare(_ settings: [Setting]) {
        hostSettings += settings.filter { setting in !hostSettings.contains { $0.key == setting.key } }
    }

    private var hostSettings: [Setting] = []

    /// Core migrations first, then each stage's in lifecycle order.
    public var migrations: [Migration] {
        CoreSchema.migrations + slots.flatMap { implementations(of: $0) }.flatMap(\.migrations)
    }
}
