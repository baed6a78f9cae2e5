#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// A slot's verb answered by a plugin (protocol 1.1, kind `verb`): its arguments and flags are the ones
/// it declared, checked by Funnel like any command's; the plugin gets them by name (with `dry_run`),
/// and answers with records (the command's table), lines to show, and hand-off records. Funnel checks
/// each hand-off, applies it in the statement's transaction through StageKit (so it is journaled as
/// the plugin's implementation), and refuses the whole command, changing nothing, on a bad one.
enum ExternalVerbCommand {
    /// The argument types a verb may declare.
    static let typeNames = ["string", "int", "decimal", "money", "date", "bool", "word", "percent", "duration"] + EntityKind.wellKnown.map(\.noun)

    static func argumentType(_ name: String, choices: [String]? = nil) -> ArgumentType? {
        if let choices { return .choice(choices) }
        switch name {
        case "string", "percent": return .string
        case "int": return .int
        case "decimal": return .decimal
        case "money": return .money
        case "date": return .date
        case "bool": return .bool
        case "word": return .word
        case "duration": return .duration
        default: return EntityKind.wellKnown.first { $0.noun == name }.map { .id($0) }
        }
    }

    /// A default or typed text as the value of a declared type; `nil` when it is not one.
    static func value(_ text: String, type: String, choices: [String]?) -> Value? {
        if let choices { return choices.first { $0.lowercased() == text.lowercased() }.map(Value.string) }
        switch type {
        case "string", "word": return .string(text)
        case "int": return Int64(text).map(Value.int)
        case "decimal": return Decimal(string: text).map(Value.decimal)
        case "money": return (try? Money.parse(text)).map(Value.money)
        case "date": return (try? Day.parse(text)).map(Value.date)
        case "bool": return ["true", "false"].contains(text) ? .bool(text == "true") : nil
        case "percent": return basisPoints(text).map(Value.int)
        case "duration": return LiteralClassifier.duration(text).map(Value.duration)
        default: return EntityKind.wellKnown.first { $0.noun == type }.flatMap { EntityID(parsing: text, as: $0) }.map(Value.id)
        }
    }

    /// `12%`, `12.5%` or `12` (percent) as basis points, from 0 to 100%; `nil` otherwise.
    static func basisPoints(_ text: String) -> Int64? {
        let number = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Decimal(string: number), value >= 0, value <= 100 else { return nil }
        let points = value * 100
        guard let whole = points.truncatedInt64 else { return nil }
        return Decimal(whole) == points ? whole : nil
    }

    static func make(_ command: PluginManifest.Command, process: PluginProcess) -> Command {
        let positionals = (command.positionals ?? []).map {
            Positional($0.name, argumentType($0.type, choices: $0.choices) ?? .string, $0.summary.isEmpty ? "A \($0.type)." : $0.summary,
                       optional: $0.optional ?? false)
        }
        let percents = Set(((command.positionals ?? []) + (command.flags ?? [])).filter { $0.type == "percent" }.map(\.name))
        let flags = (command.flags ?? []).map { flag in
            // A percentage's default stays text, read into basis points with what is typed.
            let given = flag.defaultText.flatMap { flag.type == "percent" ? .string($0) : value($0, type: flag.type, choices: flag.choices) }
            return Flag(flag.name, argumentType(flag.type, choices: flag.choices) ?? .string, flag.summary.isEmpty ? "A \(flag.type)." : flag.summary,
                        default: given)
        }
        let signature = CommandSignature(
            command.name, summary: command.summary.isEmpty ? "From plugin \(process.manifest.name)." : command.summary,
            positionals: positionals, flags: flags,
            input: command.input == "table" ? .table : .nothing, output: command.output == "nothing" ? .nothing : .table,
            impact: Impact(rawValue: command.impact ?? "low") ?? .low)
        return Command(signature) { invocation, context in
            var arguments: [(String, Value)] = []
            for name in positionals.map(\.name) + flags.map(\.name) {
                var given = invocation[name] ?? .null
                // A percentage travels as basis points (12.5% → 1250), checked here like any argument.
                if percents.contains(name), case .string(let text) = given {
                    guard let points = basisPoints(text) else {
                        throw CommandError("\"\(text)\" is not a percentage from 0% to 100% (e.g. 12% or 12.5%)", argument: name)
                    }
                    given = .int(points)
                }
                arguments.append((name, given))
            }
            arguments.append(("dry_run", .bool(invocation.isDryRun)))
            let rows = command.input == "table" ? (invocation.input.rows ?? []).map(Value.record) : []
            let answer: PluginAnswer
            do {
                answer = try process.call(command.name, arguments: Record(arguments), records: rows,
                                          timeout: try PluginTimeout.seconds(context), now: context.clock.now, isCancelled: context.isCancelled)
            } catch let failure as PluginFailure {
                throw CommandError(failure.message + "; nothing was changed")
            }
            let numbered: [String]
            do { numbered = try apply(answer.handoffs, plugin: process.manifest.name, isDryRun: invocation.isDryRun, context: context) } catch let error as CommandError {
                throw CommandError("plugin \(process.manifest.name) handed on a record Funnel refused: \(error.message); nothing was changed")
            }
            for line in answer.said + numbered { context.output.line(line) }
            return command.output == "nothing" ? .null : .table(Table(rows: answer.records.map(PluginText.capped)))
        }
    }

    /// The kinds of hand-off a plugin may send (docs/plugin-protocol.md).
    static let kinds = ["lead", "need", "budget", "proposal", "accepted-quote", "contract", "invoice", "payment", "reminder", "ticket", "ticket-step", "revisit", "revisit-log", "record"]

    /// Applies hand-off records in order, grouping consecutive proposals for one deal into one run.
    /// Returns what Funnel has to say about them: the ids it gave what it numbered (an accepted quote
    /// that named none, a lead, a contract, a ticket, an invoice), since the plugin cannot know them.
    @discardableResult
    static func apply(_ handoffs: [Record], plugin: String, isDryRun: Bool = false, context: StageContext) throws -> [String] {
        var said: [String] = []
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
                // A quote without an id of its own is numbered by Funnel from the contract's counter
                // (`QuoteIDs`), and Funnel says which id it took: the plugin never learns it.
                let named = handoff["quote"].map { $0 != .null } ?? false
                let quote = named ? try id(handoff, "quote", .quote, place) : try QuoteIDs.next(in: context.database)
                let accepted = AcceptedQuote(quote: quote, deal: try id(handoff, "deal", .deal, place), lines: lines,
                                             discountBasisPoints: try integer(handoff, "discount", place, default: 0), validUntil: validUntil)
                try accepted.record(in: context)
                if !named { said.append("\(isDryRun ? "would accept" : "accepted") \(quote) for \(accepted.deal): \(try accepted.total())") }
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
            case "lead":
                try flushProposals()
                let lead = try CoreHandOffs.lead(handoff, place, context: context)
                said.append("\(isDryRun ? "would add" : "added") \(lead.id): \(lead.name)")
            case "need":
                try flushProposals()
                try CoreHandOffs.need(handoff, place, context: context)
            case "budget":
                try flushProposals()
                try CoreHandOffs.budget(handoff, place, context: context)
            case "contract":
                try flushProposals()
                let contract = try CoreHandOffs.contract(handoff, place, context: context)
                said.append("\(isDryRun ? "would sign" : "signed") \(contract)")
            case "ticket":
                try flushProposals()
                let ticket = try ServiceHandOffs.ticket(handoff, place, context: context)
                said.append("\(isDryRun ? "would open" : "opened") \(ticket)")
            case "ticket-step":
                try flushProposals()
                try ServiceHandOffs.ticketStep(handoff, place, context: context)
            case "revisit":
                try flushProposals()
                try ServiceHandOffs.revisit(handoff, place, context: context)
            case "revisit-log":
                try flushProposals()
                try ServiceHandOffs.revisitLog(handoff, place, context: context)
            case "invoice", "payment", "reminder":
                try flushProposals()
                if let invoice = try applyPayment(handoff, place: place, context: context) {
                    said.append("\(isDryRun ? "would issue" : "issued") \(invoice.invoice) (\(invoice.number))")
                }
            case let other:
                throw CommandError("\(place) is of kind \(other ?? "none"); Funnel takes " + kinds.joined(separator: ", "))
            }
        }
        try flushProposals()
        return said
    }

    /// The payment slot's hand-offs: an `invoice` issued against a contract (`IssuedInvoice`), a
    /// `payment` received (`ReceivedPayment`), a dunning `reminder` (`DunningReminder`).
    @discardableResult
    static func applyPayment(_ handoff: Record, place: String, context: StageContext) throws -> IssuedInvoice.Issued? {
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
                                        amount: try HandOffFields.money(handoff, "amount", place), due: try date(handoff, "due", place))
            var issued: IssuedInvoice.Issued?
            try checked { issued = try invoice.record(in: context) }
            return issued
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
            let payment = ReceivedPayment(invoice: try id(handoff, "invoice", .invoice, place), amount: try HandOffFields.money(handoff, "amount", place),
                                          paidOn: try date(handoff, "paid_on", place, default: context.clock.now), method: method,
                                          reference: reference)
            try checked { try payment.record(in: context) }
            return nil
        default:
            guard let note = handoff.text("note") else { throw CommandError("\(place): note (what was done, e.g. reminder) is missing") }
            let reminder = DunningReminder(invoice: try id(handoff, "invoice", .invoice, place), level: try integer(handoff, "level", place),
                                           note: note)
            try checked { try reminder.record(in: context) }
            return nil
        }
    }

    static func id(_ record: Record, _ field: String, _ kind: EntityKind, _ place: String) throws -> EntityID {
        try HandOffFields.id(record, field, kind, place)
    }

    private static func integer(_ record: Record, _ field: String, _ place: String, default fallback: Int64? = nil) throws -> Int64 {
        try HandOffFields.required(HandOffFields.integer(record, field, place), field, place, default: fallback)
    }

    private static func date(_ record: Record, _ field: String, _ place: String, default fallback: Date? = nil) throws -> Date {
        try HandOffFields.required(HandOffFields.date(record, field, place), field, place, default: fallback)
    }
}
