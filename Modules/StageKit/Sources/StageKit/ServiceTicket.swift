#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// The `service` slot's record: an after-sales ticket of a customer (installation, training, support
/// or an issue), under one of the customer's contracts, due within that contract's service level.
/// Whatever implementation serves customers opens its tickets through this type, so every ticket is
/// due by the same rule and `ticket list`, customer health and the reviews read them alike.
///
/// Stored in the core table `tickets`; `open(in:)` checks it and journals `ticket.opened` on the new
/// ticket (`T-N`, numbered by the table). Its later steps are `TicketStep`s.
public struct ServiceTicket: Sendable, Equatable {
    /// The kinds of ticket: `installation`, `training`, `support`, `issue`.
    public static let kinds = ["installation", "training", "support", "issue"]
    /// How pressing a ticket is: `low`, `normal`, `high`, `urgent`.
    public static let priorities = ["low", "normal", "high", "urgent"]
    /// Hours to answer a `normal` ticket by the contract's service level; a customer without a
    /// contract, or a level not listed, gets `standard`'s.
    public static let hoursByLevel: [String: Int64] = ["gold": 4, "silver": 24, "bronze": 72, "standard": 120]

    /// Hours to answer a ticket of `priority` under service `level`: an urgent ticket gets half the
    /// level's hours (at least one), a low one twice, the others the level's.
    public static func hours(level: String, priority: String) -> Int64 {
        let base = hoursByLevel[level] ?? hoursByLevel["standard"] ?? 120
        switch priority {
        case "urgent": return max(1, base / 2)
        case "low": return base * 2
        default: return base
        }
    }

    /// Whose ticket it is (`C-N`).
    public var customer: EntityID
    /// The contract it falls under (`K-N`, the customer's own); nil for the customer's latest signed
    /// contract, or none if they have none.
    public var contract: EntityID?
    /// One of `kinds`.
    public var kind: String
    /// One of `priorities`.
    public var priority: String
    /// What is needed; empty means the kind.
    public var summary: String

    /// A ticket to open; `check(in:)` or `open(in:)` validates it.
    public init(customer: EntityID, contract: EntityID? = nil, kind: String, priority: String = "normal", summary: String = "") {
        self.customer = customer
        self.contract = contract
        self.kind = kind
        self.priority = priority
        self.summary = summary
    }

    /// What opening a ticket comes to: the contract it falls under, that contract's service level,
    /// the hours it gives and when the ticket is due.
    public struct Opening: Sendable, Equatable {
        /// The contract it falls under, if the customer has one.
        public var contract: EntityID?
        /// The contract's service level (`standard` without one).
        public var level: String
        /// Hours to answer it, by level and priority.
        public var hours: Int64
        /// When it is due: opened now, plus `hours`.
        public var due: Date
    }

    /// Checks the ticket without storing it: an existing customer, a kind and priority of the lists, a
    /// contract that is the customer's (or their latest signed one when none is named), and works out
    /// when it is due. Errors name the field at fault (`customer`, `contract`, `kind`, `priority`).
    public func check(in context: StageContext) throws -> Opening {
        if let slot = context.stage?.slot, slot != .service {
            throw CommandError("a ticket is service's hand-off; \(slot) cannot open one")
        }
        let database = context.database
        guard customer.kind == .customer else { throw CommandError("\(customer) is not a customer", argument: "customer") }
        guard try !database.query("SELECT 1 FROM customers WHERE id = ?", [.integer(customer.number)]).isEmpty else {
            throw CommandError.notFound(customer, argument: "customer")
        }
        guard ServiceTicket.kinds.contains(kind) else {
            throw CommandError("a ticket's kind is installation, training, support or issue, not \"\(kind)\"", argument: "kind")
        }
        guard ServiceTicket.priorities.contains(priority) else {
            throw CommandError("a ticket's priority is low, normal, high or urgent, not \"\(priority)\"", argument: "priority")
        }
        var chosen: EntityID?
        var level = "standard"
        if let given = contract {
            guard given.kind == .contract else { throw CommandError("\(given) is not a contract", argument: "contract") }
            guard let row = try database.query(
                "SELECT c.service_level, d.customer_id FROM contracts c JOIN deals d ON d.id = c.deal_id WHERE c.id = ?", [.integer(given.number)]).first else {
                throw CommandError.notFound(given, argument: "contract")
            }
            guard row.integer("customer_id") == customer.number else { throw CommandError("\(given) is not \(customer)'s contract", argument: "contract") }
            chosen = given
            level = row.text("service_level") ?? level
        } else if let row = try database.query(
            "SELECT c.id, c.service_level FROM contracts c JOIN deals d ON d.id = c.deal_id WHERE d.customer_id = ? AND c.status = 'signed' ORDER BY c.id DESC LIMIT 1",
            [.integer(customer.number)]).first, let id = row.integer("id") {
            chosen = EntityID(.contract, id)
            level = row.text("service_level") ?? level
        }
        let hours = ServiceTicket.hours(level: level, priority: priority)
        return Opening(contract: chosen, level: level, hours: hours, due: context.clock.now.addingTimeInterval(TimeInterval(hours * 3600)))
    }

    /// Checks the ticket (`check(in:)`), stores it open and journals `ticket.opened` with the customer,
    /// kind, priority, service level and due time. Returns the new ticket's id (`T-N`) and the opening.
    @discardableResult
    public func open(in context: StageContext) throws -> (ticket: EntityID, opening: Opening) {
        let opening = try check(in: context)
        let text = summary.trimmingSpaces
        try context.database.execute(
            "INSERT INTO tickets (customer_id, contract_id, kind, priority, summary, status, opened_at, due_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?)",
            [.integer(customer.number), opening.contract.map { .integer($0.number) } ?? .null, .text(kind), .text(priority),
             .text(text.isEmpty ? kind : text), .text(Day.formatTimestamp(context.clock.now)), .text(Day.formatTimestamp(opening.due))])
        let id = EntityID(.ticket, context.database.lastInsertedRowID)
        try context.journal("ticket.opened", subject: id, details: Record([
            ("customer", .id(customer)), ("kind", .string(kind)), ("priority", .string(priority)), ("service level", .string(opening.level)),
            ("due", .date(opening.due)),
        ]))
        return (id, opening)
    }
}

/// A step of a ticket's flow, open → in-progress → resolved → closed: `start` work on an open ticket,
/// `resolve` one in progress saying how, `close` a resolved one with the customer's satisfaction
/// (1 to 5). Any other step is refused; whatever implementation serves customers moves its tickets
/// through this type.
///
/// `record(in:)` updates the core table `tickets` and journals `ticket.in-progress`,
/// `ticket.resolved` (with whether the service level was breached) or `ticket.closed`.
public struct TicketStep: Sendable, Equatable {
    /// What the step does to the ticket.
    public enum Action: String, Sendable, CaseIterable {
        /// open → in-progress.
        case start
        /// in-progress → resolved, with a resolution.
        case resolve
        /// resolved → closed, with a satisfaction of 1 to 5.
        case close

        /// The status a ticket must have for this step.
        public var from: String {
            switch self {
            case .start: return "open"
            case .resolve: return "in-progress"
            case .close: return "resolved"
            }
        }

        /// The status the step leaves it in.
        public var to: String {
            switch self {
            case .start: return "in-progress"
            case .resolve: return "resolved"
            case .close: return "closed"
            }
        }
    }

    /// The ticket (`T-N`).
    public var ticket: EntityID
    /// The step.
    public var action: Action
    /// How it was resolved; required to `resolve`, ignored otherwise.
    public var resolution: String?
    /// The customer's satisfaction, 1 to 5; required to `close`, ignored otherwise.
    public var satisfaction: Int64?

    /// A step to take; `check(in:)` or `record(in:)` validates it.
    public init(ticket: EntityID, action: Action, resolution: String? = nil, satisfaction: Int64? = nil) {
        self.ticket = ticket
        self.action = action
        self.resolution = resolution
        self.satisfaction = satisfaction
    }

    /// Checks the step without taking it: an existing ticket in the status the step starts from, a
    /// resolution to resolve, a satisfaction of 1 to 5 to close. Errors name the field at fault
    /// (`ticket`, `resolution`, `satisfaction`).
    public func check(in context: StageContext) throws {
        _ = try current(in: context)
    }

    /// Checks the step (`check(in:)`), takes it and journals `ticket.STATUS` with the statuses (and
    /// whether a resolution came after the due time, or the satisfaction). Returns whether the service
    /// level was breached (resolved after its due time; false for the other steps).
    @discardableResult
    public func record(in context: StageContext) throws -> Bool {
        let due = try current(in: context)
        var details = Record([("from", .string(action.from)), ("to", .string(action.to))])
        var sql = "UPDATE tickets SET status = ?"
        var arguments: [SQLValue] = [.text(action.to)]
        let now = Day.formatTimestamp(context.clock.now)
        var breached = false
        switch action {
        case .start: break
        case .resolve:
            sql += ", resolution = ?, resolved_at = ?"
            arguments += [.text(resolution?.trimmingSpaces ?? ""), .text(now)]
            breached = (due ?? now) < now
            details["breached"] = .bool(breached)
        case .close:
            sql += ", satisfaction = ?"
            arguments.append(.integer(satisfaction ?? 0))
            details["satisfaction"] = .int(satisfaction ?? 0)
        }
        try context.database.execute(sql + " WHERE id = ?", arguments + [.integer(ticket.number)])
        try context.journal("ticket.\(action.to)", subject: ticket, details: details)
        return breached
    }

    /// Checks the step; the ticket's due time.
    private func current(in context: StageContext) throws -> String? {
        if let slot = context.stage?.slot, slot != .service {
            throw CommandError("a ticket's steps are service's hand-off; \(slot) cannot take one")
        }
        guard ticket.kind == .ticket else { throw CommandError("\(ticket) is not a ticket", argument: "ticket") }
        guard let row = try context.database.query("SELECT status, due_at FROM tickets WHERE id = ?", [.integer(ticket.number)]).first else {
            throw CommandError.notFound(ticket, argument: "ticket")
        }
        guard row.text("status") == action.from else {
            throw CommandError("\(ticket) is \(row.text("status") ?? "?"); only a ticket that is \(action.from) can be \(action.to)", argument: "ticket")
        }
        switch action {
        case .start: break
        case .resolve:
            guard let text = resolution?.trimmingSpaces, !text.isEmpty else {
                throw CommandError("say how it was resolved: --resolution TEXT", argument: "resolution")
            }
        case .close:
            guard let score = satisfaction else {
                throw CommandError("give the customer's satisfaction from 1 to 5: --satisfaction N", argument: "satisfaction")
            }
            guard (1...5).contains(score) else {
                throw CommandError("the customer's satisfaction goes from 1 to 5, not \(score)", argument: "satisfaction")
            }
        }
        return row.text("due_at")
    }
}
