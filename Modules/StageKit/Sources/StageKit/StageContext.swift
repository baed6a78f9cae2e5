#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// Where a command writes messages meant for the person at the shell (confirmations, notes).
public protocol OutputSink: AnyObject {
    /// A line for standard output.
    func line(_ text: String)
    /// A line for standard error: warnings.
    func note(_ text: String)
    /// Progress of long work (`fraction` from 0 to 1), shown on a terminal and ignored elsewhere.
    func progress(_ fraction: Double, _ label: String)
    /// Columns of the terminal standard output goes to; nil when it is not a terminal (charts then
    /// take 80 columns, or `COLUMNS` when set).
    var terminalWidth: Int? { get }
}

// MARK: - Default implementations

extension OutputSink {
    public func progress(_ fraction: Double, _ label: String) {}
    public var terminalWidth: Int? { nil }
}

/// What a stage receives to do its work: the database inside this command's transaction, the clock,
/// the output, settings and who is acting. No hidden globals: everything a stage touches is here.
public struct StageContext {
    public let database: any SQLDatabase
    public let clock: any Clock
    public let output: any OutputSink
    /// The OS user running the command, recorded in the journal.
    public let actor: String
    /// The stage implementation running the command; `nil` for the shell's own commands.
    public let stage: StageDescriptor?
    /// True once the user has pressed Ctrl-C; long loops should check it and stop.
    public let isCancelled: @Sendable () -> Bool
    /// The registered slots in lifecycle order (a team's own stages included), for commands that
    /// report across stages; empty when the caller does not know them.
    public let lifecycle: [StageSlot]

    public init(database: any SQLDatabase, clock: any Clock, output: any OutputSink, actor: String,
                stage: StageDescriptor?, isCancelled: @escaping @Sendable () -> Bool = { false }, lifecycle: [StageSlot] = []) {
        self.database = database
        self.clock = clock
        self.output = output
        self.actor = actor
        self.stage = stage
        self.isCancelled = isCancelled
        self.lifecycle = lifecycle
    }

    /// The same context, acting as another stage implementation.
    public func acting(as stage: StageDescriptor?) -> StageContext {
        StageContext(database: database, clock: clock, output: output, actor: actor, stage: stage,
                     isCancelled: isCancelled, lifecycle: lifecycle)
    }

    /// A setting's value (`config set KEY VALUE`), or `nil` when unset.
    public func setting(_ key: String) throws -> String? {
        try database.query("SELECT value FROM settings WHERE key = ?", [.text(key)]).first?.text("value")
    }

    /// Throws when the user cancelled with Ctrl-C, so the command's transaction rolls back.
    public func checkCancelled() throws {
        if isCancelled() { throw CommandError("cancelled") }
    }

    /// Appends an event to the journal: now, this actor, this stage, the subject, the type and details.
    /// `at` is for history brought from elsewhere (an imported deal's stage dates): when it happened there.
    public func journal(_ type: String, subject: EntityID, details: Record = Record(), at: Date? = nil) throws {
        var arguments = JournalWriter.arguments(self, type, subject, details)
        if let at { arguments[0] = .text(Day.formatTimestamp(at)) }
        try database.execute(JournalWriter.insertSQL, arguments)
        try DealStageProjection.record(type, subject: subject, details: details, at: arguments[0], event: database.lastInsertedRowID, in: database)
    }

    /// Appends an event about something that is not a record (a custom field, `lead.employees`):
    /// `journal list lead.employees` shows it like a record's history.
    public func journal(_ type: String, about subject: String, details: Record = Record()) throws {
        try database.execute(JournalWriter.insertSQL, JournalWriter.arguments(self, type, subject, payload: Value.record(details).json))
    }
}

/// The journal's insert statement and its arguments, for `StageContext.journal`.
enum JournalWriter {
    static let insertSQL = "INSERT INTO events (at, actor, subject, slot, implementation, type, payload) VALUES (?, ?, ?, ?, ?, ?, ?)"

    static func arguments(_ context: StageContext, _ type: String, _ subject: EntityID, _ details: Record) -> [SQLValue] {
        arguments(context, type, subject.description, payload: Value.record(details).json)
    }

    static func arguments(_ context: StageContext, _ type: String, _ subject: EntityID, payload: String) -> [SQLValue] {
        arguments(context, type, subject.description, payload: payload)
    }

    static func arguments(_ context: StageContext, _ type: String, _ subject: String, payload: String) -> [SQLValue] {
        [.text(Day.formatTimestamp(context.clock.now)), .text(context.actor), .text(subject),
         .text(context.stage?.slot.rawValue ?? "shell"), .text(context.stage?.implementation ?? "shell"),
         .text(type), .text(payload)]
    }
}
