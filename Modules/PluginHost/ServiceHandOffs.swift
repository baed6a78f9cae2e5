import Foundation
import FunnelModel
import StageKit

/// The hand-offs of service and revisit as a plugin sends them (docs/plugin-protocol.md), read into
/// StageKit's `ServiceTicket`, `TicketStep`, `RevisitSchedule` and `RevisitLog`, which check, record
/// and journal them as they do for the built-in stages. Errors name the hand-off.
enum ServiceHandOffs {
    /// `{"kind": "ticket", "customer": "C-1", "ticket_kind": "installation", "priority": "normal",
    /// "summary": "…", "contract": "K-1"}`; Funnel numbers the ticket and makes it due by the contract.
    static func ticket(_ record: Record, _ place: String, context: StageContext) throws -> EntityID {
        guard let kind = try text(record, "ticket_kind", place) else {
            throw CommandError("\(place): ticket_kind (installation, training, support or issue) is missing")
        }
        var contract: EntityID?
        if let given = record["contract"], given != .null { contract = try ExternalVerbCommand.id(record, "contract", .contract, place) }
        let ticket = ServiceTicket(customer: try ExternalVerbCommand.id(record, "customer", .customer, place), contract: contract, kind: kind,
                                   priority: try text(record, "priority", place) ?? "normal", summary: try text(record, "summary", place) ?? "")
        var opened = EntityID(.ticket, 0)
        try checked(place) { opened = try ticket.open(in: context).ticket }
        return opened
    }

    /// `{"kind": "ticket-step", "ticket": "T-1", "step": "start" | "resolve" | "close", "resolution": "…", "satisfaction": 5}`.
    static func ticketStep(_ record: Record, _ place: String, context: StageContext) throws {
        guard let name = try text(record, "step", place) else { throw CommandError("\(place): step (start, resolve or close) is missing") }
        guard let action = TicketStep.Action(rawValue: name) else { throw CommandError("\(place): step is start, resolve or close, not \"\(name)\"") }
        let step = TicketStep(ticket: try ExternalVerbCommand.id(record, "ticket", .ticket, place), action: action,
                              resolution: try text(record, "resolution", place), satisfaction: try integer(record, "satisfaction", place))
        try checked(place) { _ = try step.record(in: context) }
    }

    /// `{"kind": "revisit", "customer": "C-1", "due": "2026-03-02", "every_days": 30}`.
    static func revisit(_ record: Record, _ place: String, context: StageContext) throws {
        guard let due = try date(record, "due", place) else { throw CommandError("\(place): due (the date of the revisit) is missing") }
        let schedule = RevisitSchedule(customer: try ExternalVerbCommand.id(record, "customer", .customer, place), due: due,
                                       everyDays: try integer(record, "every_days", place))
        try checked(place) { try schedule.record(in: context) }
    }

    /// `{"kind": "revisit-log", "customer": "C-1", "outcome": "…", "nps": 9, "need": "…", "priority": "high", "next": "2026-05-01"}`.
    static func revisitLog(_ record: Record, _ place: String, context: StageContext) throws {
        let log = RevisitLog(customer: try ExternalVerbCommand.id(record, "customer", .customer, place), outcome: try text(record, "outcome", place) ?? "",
                             nps: try integer(record, "nps", place), need: try text(record, "need", place),
                             needPriority: try text(record, "priority", place) ?? "medium", next: try date(record, "next", place))
        try checked(place) { _ = try log.record(in: context) }
    }

    /// Runs `body`, naming the hand-off in a refusal from StageKit.
    private static func checked(_ place: String, _ body: () throws -> Void) throws {
        do { try body() } catch let error as CommandError { throw CommandError("\(place): \(error.message)") }
    }

    /// A text field (capped at 64 KiB like all text a plugin writes), nil when absent or null.
    private static func text(_ record: Record, _ field: String, _ place: String) throws -> String? {
        switch record[field] {
        case nil, .null?: return nil
        case .string(let text)?: return PluginText.capped(text)
        default: throw CommandError("\(place): \(field) must be text")
        }
    }

    /// A whole number, nil when absent or null.
    private static func integer(_ record: Record, _ field: String, _ place: String) throws -> Int64? {
        switch record[field] {
        case nil, .null?: return nil
        case .int(let value)?: return value
        default: throw CommandError("\(place): \(field) must be a whole number")
        }
    }

    /// A date (`"2026-03-01"`), nil when absent or null.
    private static func date(_ record: Record, _ field: String, _ place: String) throws -> Date? {
        switch record[field] {
        case nil, .null?: return nil
        case .date(let date)?: return date
        case .string(let text)?:
            guard let date = try? Day.parse(text) else { throw CommandError("\(place): \(field) \"\(text)\" is not a date") }
            return date
        default: throw CommandError("\(place): \(field) must be a date such as 2026-03-01")
        }
    }
}
