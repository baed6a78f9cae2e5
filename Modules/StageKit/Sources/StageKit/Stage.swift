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
    public var migrations: [Migration] { [] }
    public func entryCheck(_ subject: Value, context: StageContext) throws -> [String] { [] }
    public func exitCheck(_ subject: Value, context: StageContext) throws -> [String] { [] }
    public func describeIDs(of kind: EntityKind, matching prefix: String, context: StageContext) throws -> [IDDescription] { [] }
    public var settings: [Setting] { [] }
}
