import FunnelModel

/// A lifecycle stage slot such as `capture` or `screen`.
///
/// An open struct, not an enum: a team's module can add a slot of its own.
public struct StageSlot: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    // The well-known slots are in Lifecycle.swift.
}

/// What a stage implementation is: a value, like swift-argument-parser's `CommandConfiguration`.
public struct StageDescriptor: Sendable, Equatable {
    /// The slot it fills.
    public var slot: StageSlot
    /// Its name within the slot, e.g. `bant`.
    public var implementation: String
    /// One sentence.
    public var summary: String
    public var version: String
    /// The slot this one comes after in the lifecycle; `nil` for the first.
    public var follows: StageSlot?

    public init(slot: StageSlot, implementation: String, summary: String, version: String, follows: StageSlot?) {
        self.slot = slot
        self.implementation = implementation
        self.summary = summary
        self.version = version
        self.follows = follows
    }
}

/// A lifecycle stage implementation.
///
/// Conform a type of your module to add a stage or replace a built-in one: give a descriptor, the
/// commands the stage adds, the tables it needs, and, when the stage gates what leaves it, an exit check.
/// Several implementations of one slot may be registered; one is active at a time, and commands with
/// the same name in that slot run the active one.
public protocol Stage: Sendable {
    var descriptor: StageDescriptor { get }
    /// The shell commands this stage contributes.
    var commands: [Command] { get }
    /// The same commands by name, each built only when it is first needed. Funnel registers a stage
    /// by these names and builds a command when a script calls it (or help, completion or a check
    /// lists it), so start-up does not build every command of every stage. The default names and
    /// builds `commands`; a stage with many commands, or costly ones, lists one entry per command, in
    /// the same order and with the same names as `commands`.
    var commandEntries: [CommandEntry] { get }
    /// The tables this stage owns, applied once at start-up.
    var migrations: [Migration] { get }
    /// Reasons the subject may not enter this stage; empty when it may.
    func entryCheck(_ subject: Value, context: StageContext) throws -> [String]
    /// Reasons the subject may not leave this stage; empty when it may.
    func exitCheck(_ subject: Value, context: StageContext) throws -> [String]
    /// Ids of `kind` starting with `prefix`, each with a short description, for Tab completion.
    func describeIDs(of kind: EntityKind, matching prefix: String, context: StageContext) throws -> [IDDescription]
    /// The settings this stage reads, so that `config set` can check them.
    var settings: [Setting] { get }
}

/// One command of a stage by name, built when first asked for (`Stage.commandEntries`).
public struct CommandEntry: Sendable {
    /// The command's name, as its signature gives it (`lead list`).
    public let name: String
    /// Builds the command; called at most once per session for each entry Funnel uses.
    public let make: @Sendable () -> Command

    /// An entry named `name` whose command `make` builds; the built command must have that name.
    public init(_ name: String, make: @escaping @Sendable () -> Command) {
        self.name = name
        self.make = make
    }
}

/// An id offered by Tab completion, with what it is (`L-12  Acme 杭州 · qualified`).
public struct IDDescription: Sendable, Equatable {
    public let id: EntityID
    public let summary: String
    public init(id: EntityID, summary: String) {
        self.id = id
        self.summary = summary
    }
}

// MARK: - Default implementations

extension Stage {
    public var commandEntries: [CommandEntry] {
        commands.map { command in CommandEntry(command.name) { command } }
    }
    public var migrations: [Migration] { [] }
    public func entryCheck(_ subject: Value, context: StageContext) throws -> [String] { [] }
    public func exitCheck(_ subject: Value, context: StageContext) throws -> [String] { [] }
    public func describeIDs(of kind: EntityKind, matching prefix: String, context: StageContext) throws -> [IDDescription] { [] }
    public var settings: [Setting] { [] }
}
