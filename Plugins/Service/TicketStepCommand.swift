#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `ticket start|resolve|close T-N`: the status flow, through StageKit's `TicketStep` (which checks the transitions).
enum TicketStepCommand {
    static let start = make(.start, summary: "Start work on an open ticket.")
    static let resolve = make(.resolve, summary: "Resolve a ticket in progress, saying how.")
    static let close = make(.close, summary: "Close a resolved ticket with the customer's satisfaction (1 to 5).")

    static func make(_ action: TicketStep.Action, summary: String) -> Command {
        let verb = action.rawValue
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
            let step = TicketStep(ticket: id, action: action, resolution: invocation.string("resolution"), satisfaction: invocation.int("satisfaction"))
            if invocation.isDryRun {
                try step.check(in: context)
                context.output.line("would mark \(id) \(action.to)")
                return .null
            }
            let breached = try step.record(in: context)
            context.output.line("\(id) \(action.to)" + (breached ? " (after its due time: service level breached)" : ""))
            return .null
        }
    }
}
