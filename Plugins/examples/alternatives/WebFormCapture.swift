import Foundation
import FunnelModel
import StageKit

/// `capture` by web form: a lead arrives as the form's submission, `name=…&company=…&budget=…`
/// (URL-encoded, as a browser posts it), and is stored as a lead through StageKit's `LeadTable`, the
/// capture slot's hand-off to screening.
public struct WebFormCapture: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .capture, implementation: "web-form", summary: "Leads from a web form's submission.", version: "1.0.0")
    }

    /// The form's fields, as the web form names them.
    static let fields = ["name", "company", "email", "phone", "budget", "authority", "need", "timeline", "industry", "region"]

    public var commands: [Command] {
        [Command(CommandSignature(
            "lead form",
            summary: "Add a lead from a web form's submission: name=…&company=…&email=…&budget=…&authority=yes&need=3&timeline=30.",
            positionals: [Positional("submission", .string, "The form's fields, URL-encoded.")],
            flags: [Flag("source", .string, "Where the form was filled in.", default: .string("web form"))],
            output: .nothing, impact: .low,
            examples: [Example("lead form 'name=Acme&budget=50000&authority=yes'", "A lead from the website.")])) { invocation, context in
            let fields = try Self.decode(invocation.string("submission") ?? "")
            guard let name = fields["name"]?.trimmingSpaces, !name.isEmpty else { throw CommandError("the form has no name", argument: "submission") }
            var lead = Lead(id: EntityID(.lead, 0), name: name, company: fields["company"], email: fields["email"], phone: fields["phone"],
                            source: invocation.string("source"), region: fields["region"], industry: fields["industry"], createdAt: context.clock.now)
            if let text = fields["budget"] {
                do throws(Money.ParseError) { lead.budget = try Money.parse(text) } catch { throw CommandError("budget: \(error.description)", argument: "submission") }
            }
            if let text = fields["authority"] {
                guard ["yes", "no"].contains(text) else { throw CommandError("authority is yes or no, not \"\(text)\"", argument: "submission") }
                lead.authority = text == "yes"
            }
            if let text = fields["need"] {
                guard let need = Int(text), (0...3).contains(need) else { throw CommandError("need is 0 to 3, not \"\(text)\"", argument: "submission") }
                lead.need = need
            }
            if let text = fields["timeline"] {
                guard let days = Int(text), (0...3650).contains(days) else { throw CommandError("timeline is a number of days, not \"\(text)\"", argument: "submission") }
                lead.timelineDays = days
            }
            if invocation.isDryRun {
                if let problem = CapturedLead.problems(lead).first { throw CommandError("\(problem.field): \(problem.message)", argument: "submission") }
                context.output.line("would add lead \"\(name)\" from the form")
                return .null
            }
            let stored: Lead
            do { stored = try CapturedLead.record(lead, in: context) } catch let error as CommandError {
                throw CommandError("\(error.argument ?? "the form"): \(error.message)", argument: "submission")
            }
            context.output.line("\(stored.id) added from the form: \(stored.name)")
            return .null
        }]
    }

    /// The fields of a URL-encoded submission; an unknown or repeated field, or bad percent-encoding, is refused.
    static func decode(_ submission: String) throws -> [String: String] {
        var fields: [String: String] = [:]
        for pair in submission.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) throws -> String {
                guard let value = String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw CommandError("\"\(text)\" is not URL-encoded text", argument: "submission")
                }
                return value
            }
            let key = try decoded(parts[0])
            guard Self.fields.contains(key) else {
                throw CommandError("the form has no field \"\(key)\"", argument: "submission", hint: "fields: " + Self.fields.joined(separator: ", "))
            }
            guard fields[key] == nil else { throw CommandError("the field \"\(key)\" is given twice", argument: "submission") }
            fields[key] = parts.count > 1 ? try decoded(parts[1]) : ""
        }
        return fields
    }
}
