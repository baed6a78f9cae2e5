import Foundation
import FunnelModel
import StageKit

/// A slot's verb answered by a plugin (protocol 1.1, kind `verb`): its arguments and flags are the ones
/// it declared, checked by Funnel like any command's; the plugin gets them by name (with `dry_run`),
/// and answers with records (the command's table), lines to show, and hand-off records. Funnel checks
/// each hand-off, applies it in the statement's transaction through StageKit (so it is journaled as
/// the plugin's implementation), and refuses the whole command, changing nothing, on a bad one.
enum ExternalVerbCommand {
    /// The argument types a verb may declare.
    static let typeNames = ["string", "int", "decimal", "money", "date", "bool", "word"] + EntityKind.wellKnown.map(\.noun)

    static func argumentType(_ name: String) -> ArgumentType? {
        switch name {
        case "string": return .string
        case "int": return .int
        case "decimal": return .decimal
        case "money": return .money
        case "date": return .date
        case "bool": return .bool
        case "word": return .word
        default: return EntityKind.wellKnown.first { $0.noun == name }.map { .id($0) }
        }
    }

    static func make(_ command: PluginManifest.Command, process: PluginProcess) -> Command {
        let positionals = (command.positionals ?? []).map {
            Positional($0.name, argumentType($0.type) ?? .string, $0.summary.isEmpty ? "A \($0.type)." : $0.summary, optional: $0.optional ?? false)
        }
        let flags = (command.flags ?? []).map { Flag($0.name, argumentType($0.type) ?? .string, $0.summary.isEmpty ? "A \($0.type)." : $0.summary) }
        let signature = CommandSignature(
            command.name, summary: command.summary.isEmpty ? "From plugin \(process.manifest.name)." : command.summary,
            positionals: positionals, flags: flags,
            input: command.input == "table" ? .table : .nothing, output: command.output == "nothing" ? .nothing : .table,
            impact: Impact(rawValue: command.impact ?? "low") ?? .low)
        return Command(signature) { invocation, context in
            var arguments: [(String, Value)] = []
            for name in positionals.map(\.name) + flags.map(\.name) { arguments.append((name, invocation[name] ?? .null)) }
            arguments.append(("dry_run", .bool(invocation.isDryRun)))
            let rows = command.input == "table" ? (invocation.input.rows ?? []).map(Value.record) : []
            let answer: PluginAnswer
            do {
                answer = try process.call(command.name, arguments: Record(arguments), records: rows,
                                          timeout: try PluginTimeout.seconds(context), now: context.clock.now, isCancelled: context.isCancelled)
            } catch let failure as PluginFailure {
                throw CommandError(failure.message + "; nothing was changed")
            }
            do { try apply(answer.handoffs, plugin: process.manifest.name, context: context) } catch let error as CommandError {
                throw CommandError("plugin \(process.manifest.name) handed on a record Funnel refused: \(error.message); nothing was changed")
            }
            for line in answer.said { context.output.line(line) }
            return command.output == "nothing" ? .null : .table(Table(rows: answer.records.map(PluginText.capped)))
        }
    }

    /// Applies hand-off records in order, grouping consecutive proposals for one deal into one run.
    static func apply(_ handoffs: [Record], plugin: String, context: StageContext) throws {
        var proposals: [Proposal] = []
        func flushProposals() throws {
            if !proposals.isEmpty { try Proposal.record(proposals, in: context) }
            proposals = []
        }
        for (index, handoff) in handoffs.enumerated() {
            let place = "hand-off \(index + 1)"
            switch handoff.text("kind") {
            case "proposal":
                var evidence: EntityID?
                if let given = handoff["evidence"], given != .null { evidence = try id(handoff, "evidence", .evidence, place) }
                let proposal = Proposal(deal: try id(handoff, "deal", .deal, place), product: try id(handoff, "product", .product, place),
                                        rank: try integer(handoff, "rank", place), reason: handoff.text("reason") ?? "", evidence: evidence)
                if let last = proposals.last, last.deal != proposal.deal { try flushProposals() }
                proposals.append(proposal)
            case "accepted-quote":
                try flushProposals()
                let lines = try handoff.list("lines").enumerated().map { number, item -> AcceptedQuote.Line in
                    guard case .record(let line) = item else { throw CommandError("\(place): line \(number + 1) is not an object") }
                    let at = "\(place), line \(number + 1)"
                    guard case .money(let price)? = line["unit_price"] else {
                        throw CommandError("\(at): unit_price must be money, {\"amount\": \"…\", \"currency\": \"…\"}")
                    }
                    return AcceptedQuote.Line(product: try id(line, "product", .product, at), quantity: try integer(line, "quantity", at),
                                              unitPrice: price, discountBasisPoints: try integer(line, "discount", at, default: 0))
                }
                let validUntil: Date
                switch handoff["valid_until"] {
                case .date(let date)?: validUntil = date
                case .string(let text)?:
                    guard let date = try? Day.parse(text) else { throw CommandError("\(place): valid_until \"\(text)\" is not a date") }
                    validUntil = date
                default: throw CommandError("\(place): valid_until is missing")
                }
                try AcceptedQuote(quote: try id(handoff, "quote", .quote, place), deal: try id(handoff, "deal", .deal, place), lines: lines,
                                  discountBasisPoints: try integer(handoff, "discount", place, default: 0), validUntil: validUntil).record(in: context)
            case "record":
                try flushProposals()
                guard let kind = handoff.text("record") else { throw CommandError("\(place): record (the kind of record, e.g. pilot) is missing") }
                guard case .string(let text)? = handoff["subject"], let subject = EntityKind.wellKnown.lazy.compactMap({ EntityID(parsing: text, as: $0) }).first else {
                    throw CommandError("\(place): subject must be an id such as D-1")
                }
                var fields = Record()
                if case .record(let given)? = handoff["fields"] { fields = given }
                guard let slot = context.stage?.slot else { throw CommandError("\(place): a record needs the plugin's slot") }
                try SlotRecord(slot: slot, kind: kind, subject: subject, fields: fields).record(in: context)
            case "invoice", "payment", "reminder":
                try flushProposals()
                try applyPayment(handoff, place: place, context: context)
            case let other:
                throw CommandError("\(place) is of kind \(other ?? "none"); Funnel takes proposal, accepted-quote, invoice, payment, reminder and record")
            }
        }
        try flushProposals()
    }

    /// The payment slot's hand-offs: an `invoice` issued against a contract (`IssuedInvoice`), a
    /// `payment` received (`ReceivedPayment`), a dunning `reminder` (`DunningReminder`).
    static func applyPayment(_ handoff: Record, place: String, context: StageContext) throws {
        // The record's own checks name the hand-off they refuse.
        func checked(_ record: () throws -> Void) throws {
            do { try record() } catch let error as CommandError { throw CommandError("\(place): \(error.message)") }
        }
        switch handoff.text("kind") {
        case "invoice":
            guard let kind = handoff.text("invoice_kind") else {
                throw CommandError("\(place): invoice_kind (deposit, balance, installment 1 of 3 …) is missing")
            }
            let invoice = IssuedInvoice(contract: try id(handoff, "contract", .contract, place), kind: kind,
                                        amount: try money(handoff, "amount", place), due: try date(handoff, "due", place))
            try checked { try invoice.record(in: context) }
        case "payment":
            var reference: String?
            switch handoff["reference"] {
            case nil, .null?: reference = nil
            case .string(let text)?: reference = text
            default: throw CommandError("\(place): reference must be text")
            }
            var method = "transfer"
            switch handoff["method"] {
            case nil, .null?: break
            case .string(let text)?: method = text
            default: throw CommandError("\(place): method must be text such as transfer")
            }
            let payment = ReceivedPayment(invoice: try id(handoff, "invoice", .invoice, place), amount: try money(handoff, "amount", place),
                                          paidOn: try date(handoff, "paid_on", place, default: context.clock.now), method: method,
                                          reference: reference)
            try checked { try payment.record(in: context) }
        default:
            guard let note = handoff.text("note") else { throw CommandError("\(place): note (what was done, e.g. reminder) is missing") }
            let reminder = DunningReminder(invoice: try id(handoff, "invoice", .invoice, place), level: try integer(handoff, "level", place),
                                           note: note)
            try checked { try reminder.record(in: context) }
        }
    }

    private static func money(_ record: Record, _ field: String, _ place: String) throws -> Money {
        guard case .money(let amount)? = record[field] else {
            throw CommandError("\(place): \(field) must be money, {\"amount\": \"…\", \"currency\": \"…\"}")
        }
        return amount
    }

    private static func date(_ record: Record, _ field: String, _ place: String, default fallback: Date? = nil) throws -> Date {
        switch record[field] {
        case .date(let date)?: return date
        case .string(let text)?:
            guard let date = try? Day.parse(text) else { throw CommandError("\(place): \(field) \"\(text)\" is not a date such as 2026-03-01") }
            return date
        case nil, .null?:
            if let fallback { return fallback }
            throw CommandError("\(place): \(field) is missing")
        default: throw CommandError("\(place): \(field) must be a date such as 2026-03-01")
        }
    }

    private static func id(_ record: Record, _ field: String, _ kind: EntityKind, _ place: String) throws -> EntityID {
        switch record[field] {
        case .id(let id)? where id.kind == kind: return id
        case .string(let text)?:
            guard let id = EntityID(parsing: text, as: kind) else { throw CommandError("\(place): \(field) \"\(text)\" is not a \(kind.noun) id") }
            return id
        default: throw CommandError("\(place): \(field) must be a \(kind.noun) id such as \(kind.prefix)-1")
        }
    }

    private static func integer(_ record: Record, _ field: String, _ place: String, default fallback: Int64? = nil) throws -> Int64 {
        switch record[field] {
        case .int(let value)?: return value
        case nil, .null?:
            if let fallback { return fallback }
            throw CommandError("\(place): \(field) is missing")
        default: throw CommandError("\(place): \(field) must be a whole number")
        }
    }
}
