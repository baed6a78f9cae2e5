#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// The hand-offs of service and revisit as a plugin sends them (docs/plugin-protocol.md), read into
/// StageKit's `ServiceTicket`, `TicketStep`, `RevisitSchedule` and `RevisitLog`, which check, record
/// and journal them as they do for the built-in stages. Errors name the hand-off.
enum ServiceHandOffs {
    /// `{"kind": "ticket", "customer": "C-1", "ticket_kind": "installation", "priority": "normal",
    /// "summary": "…", "contract": "K-1"}`; Funnel numbers the ticket and makes it due by the contract.
    static func ticket(_ record: Record, _ place: String, context: StageContext) throws -> EntityID {
        guard let kind = try HandOffFields.text(record, "ticket_kind", place) else {
            throw CommandError("\(place): ticket_kind (installation, training, support or issue) is missing")
        }
        var contract: EntityID?
        if let given = record["contract"], given != .null { contract = try HandOffFields.id(record, "contract", .contract, place) }
        let ticket = ServiceTicket(customer: try HandOffFields.id(record, "customer", .customer, place), contract: contract, kind: kind,
                                   priority: try HandOffFields.text(record, "priority", place) ?? "normal", summary: try HandOffFields.text(record, "summary", place) ?? "")
        var opened = EntityID(.ticket, 0)
        try checked(place) { opened = try ticket.open(in: context).ticket }
        return opened
    }

    /// `{"kind": "ticket-step", "ticket": "T-1", "step": "start" | "resolve" | "close", "resolution": "…", "satisfaction": 5}`.
    static func ticketStep(_ record: Record, _ place: String, context: StageContext) throws {
        guard let name = try HandOffFields.text(record, "step", place) else { throw CommandError("\(place): step (start, resolve or close) is missing") }
        guard let action = TicketStep.Action(rawValue: name) else { throw CommandError("\(place): step is start, resolve or close, not \"\(name)\"") }
        let step = TicketStep(ticket: try HandOffFields.id(record, "ticket", .ticket, place), action: action,
                              resolution: try HandOffFields.text(record, "resolution", place), satisfaction: try HandOffFields.integer(record, "satisfaction", place))
        try checked(place) { _ = try step.record(in: context) }
    }

    /// `{"kind": "revisit", "customer": "C-1", "due": "2026-03-02", "every_days": 30}`.
    static func revisit(_ record: Record, _ place: String, context: StageContext) throws {
        guard let due = try HandOffFields.date(record, "due", place) else { throw CommandError("\(place): due (the date of the revisit) is missing") }
        let schedule = RevisitSchedule(customer: try HandOffFields.id(record, "customer", .customer, place), due: due,
                                       everyDays: try HandOffFields.integer(record, "every_days", place))
        try checked(place) { try schedule.record(in: context) }
    }

    /// `{"kind": "revisit-log", "customer": "C-1", "outcome": "…", "nps": 9, "need": "…", "priority": "high", "next": "2026-05-01"}`.
    static func revisitLog(_ record: Record, _ place: String, context: StageContext) throws {
        let log = RevisitLog(customer: try HandOffFields.id(record, "customer", .customer, place), outcome: try HandOffFields.text(record, "outcome", place) ?? "",
                             nps: try HandOffFields.integer(record, "nps", place), need: try HandOffFields.text(record, "need", place),
                             needPriority: try HandOffFields.text(record, "priority", place) ?? "medium", next: try HandOffFields.date(record, "next", place))
        try checked(place) { _ = try log.record(in: context) }
    }

    /// Runs `body`, naming the hand-off in a refusal from StageKit.
    private static func checked(_ place: String, _ body: () throws -> Void) throws {
        do { try body() } catch let error as CommandError { throw CommandError("\(place): \(error.message)") }
    }
}
