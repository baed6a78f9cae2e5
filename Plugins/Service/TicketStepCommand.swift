import Foundation
import FunnelModel
import StageKit

/// `ticket start|resolve|close T-N`: the status flow.
enum TicketStepCommand {
    static let start = make("start", from: "open", to: "in-progress", summary: "Start work on an open ticket.")
    static let resolve = make("resolve", from: "in-progress", to: "resolved", summary: "Resolve a ticket in progress, saying how.")
    static let close = make("close", from: "resolved", to: "closed", summary: "Close a resolved ticket with the customer's satisfaction (1 to 5).")

    static func make(_ verb: String, from: String, to: String, summary: String) -> Command {
        var flags: [Flag] = []
        if verb == "resolve" { flags = [Flag("resolution", .string, "How it was resolved.")] }
        if verb == "close" { flags = [Flag("satisfaction", .int, "The customer's satisfaction, 1 to 5.")] }
        let setup = "lead add Acme; lead qualify L-1 --force; ticket open C-1 support"
            + (verb == "start" ? "" : "; ticket start T-1") + (verb == "close" ? "; ticket resolve T-1 --resolution fixed" : "")
        let example = "ticket \(verb) T-1" + (verb == "resolve" ? " --resolution \"replaced the sensor\"" : verb == "close" ? " --satisfaction 5" : "")
        return Command(CommandSignature(
            "ticket \(verb)", summary: summary,
            positionals: [Positional("ticket", .id(.ticket), "The ticket, e.g. T-1.")], flags: flags,
            output: .nothing, impact: .low, examples: [Example(example, summary, setup: setup)])) { invocation, context in
            guard let id = invocation.id("ticket") else { throw CommandError("name a ticket", argument: "ticket") }
            guard let row = try context.database.query("SELECT status, due_at FROM tickets WHERE id = ?", [.integer(id.number)]).first else {
                throw CommandError.notFound(id, argument: "ticket")
            }
            guard row.text("status") == from else {
                throw CommandError("\(id) is \(row.text("status") ?? "?"); only a ticket that is \(from) can be \(to)", argument: "ticket")
            }
            var details = Record([("from", .string(from)), ("to", .string(to))])
            var sql = "UPDATE tickets SET status = ?"
            var arguments: [SQLValue] = [.text(to)]
            let now = Day.formatTimestamp(context.clock.now)
            if verb == "resolve" {
                guard let resolution = invocation.string("resolution")?.trimmingSpaces, !resolution.isEmpty else {
                    throw CommandError("say how it was resolved: --resolution TEXT", argument: "resolution")
                }
                sql += ", resolution = ?, resolved_at = ?"
                arguments += [.text(resolution), .text(now)]
                let breached = (row.text("due_at") ?? now) < now
                details["breached"] = .bool(breached)
            }
            if verb == "close" {
                guard let score = invocation.int("satisfaction"), (1...5).contains(score) else {
                    throw CommandError("give the customer's satisfaction from 1 to 5: --satisfaction N", argument: "satisfaction")
                }
                sql += ", satisfaction = ?"
                arguments.append(.integer(score))
                details["satisfaction"] = .int(score)
            }
            if invocation.isDryRun {
                context.output.line("would mark \(id) \(to)")
                return .null
            }
            try context.database.execute(sql + " WHERE id = ?", arguments + [.integer(id.number)])
            try context.journal("ticket.\(to)", subject: id, details: details)
            context.output.line("\(id) \(to)" + (details["breached"] == .bool(true) ? " (after its due time: service level breached)" : ""))
            return .null
        }
    }
}
