#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `action add TEXT --owner O --due DATE --metric M [--by KIND=VALUE] [--target N] [--period P]`:
/// records an improvement a review agreed on, with the figure that will show whether it worked.
enum ActionAddCommand {
    static let command = Command(CommandSignature(
        "action add",
        summary: "Record an improvement a review agreed on, with its owner, due day and the figure that shows whether it worked.",
        positionals: [Positional("action", .string, "What is to be done, e.g. \"coach wang on discovery calls\".")],
        flags: [
            Flag("owner", .string, "Who does it."),
            Flag("due", .date, "The day it is due; an open action after it is overdue."),
            Flag("metric", .string, "The figure it should move: " + ReviewMetric.forms.joined(separator: ", ")
                 + " (docs/analytics.md defines each); `win rate by owner` with --by owner=NAME."),
            Flag("by", .string, "The segment the figure is read for, as KIND=VALUE: owner=wang, source=referral, a custom field (default: the whole team)."),
            Flag("target", .string, "The figure it should reach, e.g. 40 (a share in percent, days or a count)."),
            Flag("period", .string, "The review period it came out of, its figure's \"before\" (default: the last full quarter)."),
        ],
        impact: .low,
        examples: [
            Example("action add \"coach wang on discovery\" --owner li --due 2026-06-30 --metric 'win rate by owner' --by owner=wang --target 40 --period 2026-Q1",
                    "An action to lift one rep's win rate to 40%, measured against the first quarter."),
        ]).creating()) { invocation, context in
        let text = (invocation.string("action") ?? "").trimmingSpaces
        guard !text.isEmpty else { throw CommandError("an action needs a text saying what is to be done", argument: "action") }
        guard let metricText = invocation.string("metric") else {
            throw CommandError("an action needs the figure that shows whether it worked", argument: "metric",
                               hint: "--metric takes " + ReviewMetric.forms.joined(separator: ", "))
        }
        let stages = ["capture", "screen"] + DealStages(context).names
        guard let (metric, byKind) = ReviewMetric.parse(metricText, stages: stages) else {
            throw CommandError("\"\(metricText)\" is not a figure an action can be measured by", argument: "metric",
                               hint: "one of " + ReviewMetric.forms.joined(separator: ", ") + " (STAGE: " + stages.joined(separator: ", ") + ")")
        }
        var segment: (kind: String, value: String)?
        if let by = invocation.string("by") {
            let parts = by.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2, let kind = parts.first, let value = parts.last, !kind.isEmpty, !value.isEmpty else {
                throw CommandError("--by takes KIND=VALUE, e.g. owner=wang", argument: "by")
            }
            segment = (kind.lowercased(), value)
        }
        if let byKind, segment?.kind != byKind {
            throw CommandError("the metric is \"\(metric.name) by \(byKind)\": name the \(byKind) with --by \(byKind)=NAME", argument: segment == nil ? "metric" : "by")
        }
        var target: Decimal?
        if let targetText = invocation.string("target") {
            guard let number = Decimal(string: targetText.trimmingSpaces), number >= 0 else {
                throw CommandError("\"\(targetText)\" is not a target: write a number, e.g. 40", argument: "target")
            }
            target = number
        }
        let period = try invocation.string("period").map { try ReportPeriod.parse($0, argument: "period") }
            ?? ReviewRunCommand.lastFullQuarter(before: context.clock.now)
        var due: Date?
        if case .date(let day)? = invocation["due"] { due = day }
        // The figure now, which also checks the segment exists as a kind (`--by colour=red` is refused here).
        let before: Value
        do { before = try metric.value(context, period: period, segment: segment) } catch let error as CommandError {
            throw CommandError(error.message, argument: "by", hint: error.hint)
        }
        let action = ReviewAction(id: EntityID(ReviewAction.kind, 0), text: text, owner: invocation.string("owner"), due: due, metric: metric.name,
                                  segment: segment, target: target, period: period.label, recorded: context.clock.now)
        if invocation.isDryRun {
            context.output.line("would record an action measured by \(action.measuredBy): \(before.reviewText) in \(period.label)")
            return .null
        }
        let id = try action.insert(in: context.database)
        var details: [(String, Value)] = [("action", .string(text)), ("metric", .string(metric.name)), ("period", .string(period.label))]
        if let owner = action.owner { details.append(("owner", .string(owner))) }
        if let due { details.append(("due", .date(due))) }
        if let segment { details.append(("segment", .string("\(segment.kind)=\(segment.value)"))) }
        if let target { details.append(("target", .decimal(target))) }
        try context.journal("review.action.added", subject: id, details: Record(details))
        if !invocation.isValueUsed {
            context.output.line("\(id) added: \(text) · \(action.measuredBy) \(before.reviewText) in \(period.label)"
                + (target.map { ", target \($0)" } ?? "") + (due.map { " · due \(Day.format($0))" } ?? ""))
        }
        return .record(Record([("id", .id(id)), ("action", .string(text)), ("owner", action.owner.map(Value.string) ?? .null),
                               ("due", due.map(Value.date) ?? .null), ("metric", .string(metric.name)),
                               ("segment", segment.map { .string("\($0.kind)=\($0.value)") } ?? .null),
                               ("target", target.map(Value.decimal) ?? .null), ("period", .string(period.label)), ("before", before)]))
    }
}
