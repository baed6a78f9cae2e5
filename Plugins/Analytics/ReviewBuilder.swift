#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// Gathers a review's figures from the reports and writes its findings.
enum ReviewBuilder {
    /// Segments compared for the worst converters, and how many closed deals make a segment count.
    static let comparedSegments: [Segment] = [.owner, .source, .industry, .region, .product]
    static let minimumClosed: Int64 = 2

    /// `withDiagram`: also the lifecycle flowchart with the period's flow, for the written pages (the
    /// findings do not need it).
    static func build(_ context: StageContext, period: ReportPeriod, withDiagram: Bool = false) throws -> Review {
        var review = Review(period: period, previous: period.previous, generated: context.clock.now)
        // Win/loss per owner, and the team's as their sum: one read of the period's deals for both.
        // Both periods in one read: owners of this one, the team of both.
        let periods = [period] + (review.previous.map { [$0] } ?? [])
        let owners = try WinLossReport.tallies(context, periods: periods, segment: .owner)
        review.winByOwner = WinLossReport.table(owners[0], segment: .owner)
        let team = WinLossReport.table(["all": WinLossReport.total(owners[0])], segment: nil).rows.first
        let previousTeam = owners.count > 1 ? WinLossReport.table(["all": WinLossReport.total(owners[1])], segment: nil).rows.first : nil
        review.undatedWon = WinLossReport.total(owners[0]).undated
        review.funnel = try FunnelReport.table(context, period: period, segment: nil)
        let opened = period.condition("created_at")
        review.unknownStageLost = try count(context, "SELECT count(*) AS n FROM deals WHERE stage IS NULL AND status = 'lost' AND \(opened.sql)",
                                            opened.arguments)
        if period.start != nil || period.end != nil {
            review.undatedLeads = try FunnelReport.undatedLeads(context)
        }
        let captured = review.funnel.rows.first { $0["stage"] == .string("capture") }?["count"]
        review.figures = try figures(context, period: period, previous: review.previous, outcome: team, captured: captured,
                                     previousOutcome: previousTeam)
        // The review's norm for time in stage is the previous period: what it compares everything with.
        // Time in stage, read once by owner for both periods: the team's table (its norm the previous
        // period) and each rep's against the team (coaching) come from the same stays.
        var stayTimesByOwner: Table?
        if let previous = review.previous {
            let stays = try StageTimeReport.stays(context, periods: [period, previous], segment: .owner)
            let stages = DealStages(context), team = StageTimeReport.merged(stays[0])
            review.stages = StageTimeReport.table(measured: ["all": team], norm: StageTimeReport.merged(stays[1]), stages: stages, segment: nil)
            stayTimesByOwner = StageTimeReport.table(measured: stays[0], norm: team, stages: stages, segment: .owner)
        } else {
            review.stages = try StageTimeReport.table(context, period: period, segment: nil, norm: .everything)
        }
        review.teamWinRate = review.figures.first { $0.name == "win rate %" }?.current ?? .null
        for tally in try WinLossReport.closedBySegment(context, period: period, segments: comparedSegments) {
            let rate = Figures.percent(tally.won, of: tally.won + tally.lost)
            guard tally.won + tally.lost >= minimumClosed, Figures.number(rate) < Figures.number(review.teamWinRate)
            else { continue }
            review.worstSegments.append(.init(kind: tally.segment.rawValue, name: tally.name, winRate: rate, closed: tally.won + tally.lost))
        }
        // Weakest first, then the most closed; ties in both go by kind and name, so the order never
        // depends on the order the segments were read in.
        review.worstSegments.sort {
            (Figures.number($0.winRate), -$0.closed, $0.kind, $0.name) < (Figures.number($1.winRate), -$1.closed, $1.kind, $1.name)
        }
        review.worstSegments = Array(review.worstSegments.prefix(5))
        review.receivables = try ReceivablesReport.table(context, period: period)
        review.paidHistory = try ReceivablesReport.paidTable(context, period: period)
        review.aging = try aging(context)
        try service(context, period: period, into: &review)
        if withDiagram {
            let bounds = period.start.flatMap { start in period.end.map { (start: start, end: $0, label: period.label) } }
            review.diagram = try LifecycleDiagram.build(slots: context.lifecycle.isEmpty ? StageSlot.wellKnown : context.lifecycle,
                                                        period: bounds, in: context.database)
        }
        let (actions, actionFindings) = try self.actions(context, period: period)
        review.actions = actions
        review.findings = findings(review) + (try coaching(context, period: period, owners: owners[0], stays: stayTimesByOwner)) + actionFindings
        return review
    }

    /// Closed deals a rep needs in the period before the review suggests coaching.
    static let coachingMinimumClosed: Int64 = 20

    /// A finding for each rep with at least `coachingMinimumClosed` closed deals who wins 10 points or
    /// more below the team, or whose deals wait in a stage over 1.5x the team's median time
    /// (`report coaching`'s own tests for those two).
    static func coaching(_ context: StageContext, period: ReportPeriod, owners: [String: WinLossReport.Tally],
                         stays known: Table?) throws -> [(section: String, text: String)] {
        var findings: [(section: String, text: String)] = []
        let reps = owners.filter { $0.value.won + $0.value.lost >= coachingMinimumClosed && $0.key != "(none)" }.keys.sorted()
        guard !reps.isEmpty else { return [] }
        // Every rep's time in stage against the team's (`report stages --by owner`), read once.
        let stays = try known ?? CoachingReport.stageTimesByOwner(context, period: period)
        for owner in reps {
            let flagged = ((CoachingReport.winRate(owner, owners: owners).map { [$0] } ?? []) + CoachingReport.stageTimes(owner, in: stays))
                .filter(\.coach)
            guard !flagged.isEmpty else { continue }
            findings.append(("coaching", flagged.map(\.finding).joined(separator: " ")
                + " (report coaching --owner \(owner) --period \(period.label))"))
        }
        return findings
    }

    /// The actions recorded before the period's end, checked against their metrics; and a finding for
    /// each: met or not (with both figures and the target), and each open one past its due day.
    static func actions(_ context: StageContext, period: ReportPeriod) throws -> (Table, [(section: String, text: String)]) {
        let stages = ["capture", "screen"] + DealStages(context).names
        let now = context.clock.now
        var rows: [Record] = [], findings: [(section: String, text: String)] = []
        for action in try ReviewAction.all(in: context.database) where period.end.map({ action.recorded < $0 }) ?? true {
            let metric = ReviewMetric.parse(action.metric, stages: stages)?.metric
            let before = try metric.flatMap { metric in try ReportPeriod.parse(action.period).map { try metric.value(context, period: $0, segment: action.segment) } } ?? .null
            let after = try metric?.value(context, period: period, segment: action.segment) ?? .null
            let met = action.target.flatMap { target in metric?.meets(after, target: target) }
            let overdue = action.isOverdue(now: now)
            let status = action.done != nil ? "done" : overdue ? "overdue" : "open"
            rows.append(Record([
                ("id", .id(action.id)), ("action", .string(action.text)), ("owner", action.owner.map(Value.string) ?? .null),
                ("due", action.due.map(Value.date) ?? .null), ("measured by", .string(action.measuredBy)),
                ("before", before), ("in", .string(action.period)), ("now", after), ("target", action.target.map(Value.decimal) ?? .null),
                ("met", met.map { .string($0 ? "yes" : "no") } ?? .null), ("status", .string(status)),
            ]))
            var text = "\(action.id) (\(action.text)): \(action.measuredBy) was \(before.reviewText) in \(action.period) and is \(after.reviewText) in \(period.label)"
            if let target = action.target {
                text += ", target \(target): " + (met.map { $0 ? "met" : "not met" } ?? "no figure yet")
            }
            findings.append(("actions", text + (action.done != nil ? " (done)." : ".")))
            if overdue, let due = action.due {
                findings.append(("actions", "\(action.id) is overdue: due \(Day.format(due))\(action.owner.map { ", owned by \($0)" } ?? ""), still open."))
            }
        }
        let columns = ["id", "action", "owner", "due", "measured by", "before", "in", "now", "target", "met", "status"]
        return (Table(columns: columns, rows: rows), findings)
    }

    private static func count(_ context: StageContext, _ sql: String, _ arguments: [SQLValue]) throws -> Int64 {
        try context.database.query(sql, arguments).first?.integer("n") ?? 0
    }

    /// The headline figures of the period and the previous one; `outcome` (the period's win/loss row)
    /// and `captured` (its leads captured) when the caller has them already.
    static func figures(_ context: StageContext, period: ReportPeriod, previous: ReportPeriod?, outcome known: Record? = nil,
                        captured: Value? = nil, previousOutcome: Record? = nil) throws -> [Review.Figure] {
        func measure(_ period: ReportPeriod, _ known: Record?, _ captured: Value?) throws -> [Value] {
            let leads = period.condition("created_at"), deals = period.condition("created_at"), paid = period.condition("paid_on")
            let outcome = try known ?? WinLossReport.table(context, period: period, segment: nil).rows.first ?? Record()
            var collected: [(String, Int64)] = []
            for row in try context.database.query("SELECT currency, sum(amount_minor) AS s FROM payments WHERE \(paid.sql) GROUP BY currency", paid.arguments) {
                collected.append((row.text("currency") ?? "", row.integer("s") ?? 0))
            }
            return [
                try captured ?? .int(try count(context, "SELECT count(*) AS n FROM leads WHERE \(leads.sql)", leads.arguments)),
                .int(try count(context, "SELECT count(*) AS n FROM deals WHERE \(deals.sql)", deals.arguments)),
                outcome["won"] ?? .int(0), outcome["lost"] ?? .int(0), outcome["win rate"] ?? .null,
                outcome["won value"] ?? .null, outcome["cycle days"] ?? .null, Figures.money(collected),
            ]
        }
        let names = ["leads captured", "deals opened", "deals won", "deals lost", "win rate %", "value won", "sales cycle days", "collected"]
        let now = try measure(period, known, captured)
        let before = try previous.map { try measure($0, previousOutcome, nil) } ?? Array(repeating: .null, count: names.count)
        return names.indices.map { Review.Figure(name: names[$0], current: now[$0], previous: before[$0]) }
    }

    /// Open balances as of now in the usual buckets (current, 1-30, 31-60, 61-90, 90+ days overdue).
    static func aging(_ context: StageContext) throws -> [Review.AgingBucket] {
        let now = context.clock.now
        func edge(_ days: Int) -> SQLValue { .text(Day.formatTimestamp(now.addingTimeInterval(-Double(days) * 86_400))) }
        let names = ["current", "1-30", "31-60", "61-90", "90+"]
        var sums: [[String: Int64]] = Array(repeating: [:], count: 5)
        for row in try context.database.query("""
            SELECT i.currency AS currency,
                   CASE WHEN i.due_on > ? THEN 0 WHEN i.due_on > ? THEN 1 WHEN i.due_on > ? THEN 2 WHEN i.due_on > ? THEN 3 ELSE 4 END AS bucket,
                   sum(i.amount_minor - coalesce(p.paid, 0)) AS balance
            FROM invoices i LEFT JOIN (SELECT invoice_id, sum(amount_minor) AS paid FROM payments GROUP BY invoice_id) p ON p.invoice_id = i.id
            WHERE i.status = 'open' AND i.amount_minor > coalesce(p.paid, 0) GROUP BY 1, 2
            """, [edge(1), edge(31), edge(61), edge(91)]) {
            guard let bucket = row.integer("bucket").map(Int.init), sums.indices.contains(bucket) else { continue }
            sums[bucket][row.text("currency") ?? "", default: 0] += row.integer("balance") ?? 0
        }
        return names.indices.map { index in
            Review.AgingBucket(name: names[index], amounts: Figures.money(sums[index].map { ($0.key, $0.value) }),
                               minor: sums[index].values.reduce(0, +))
        }
    }

    static func service(_ context: StageContext, period: ReportPeriod, into review: inout Review) throws {
        let opened = period.condition("opened_at"), resolved = period.condition("resolved_at")
        review.ticketsOpened = try count(context, "SELECT count(*) AS n FROM tickets WHERE \(opened.sql)", opened.arguments)
        review.resolvedLate = try count(context, "SELECT count(*) AS n FROM tickets WHERE resolved_at IS NOT NULL AND resolved_at > due_at AND \(resolved.sql)",
                                        resolved.arguments)
        review.overdueTickets = try count(context, "SELECT count(*) AS n FROM tickets WHERE status IN ('open', 'in-progress') AND due_at < ?",
                                          [.text(Day.formatTimestamp(context.clock.now))])
    }

    /// The review's conclusions, one sentence each.
    static func findings(_ review: Review) -> [(section: String, text: String)] {
        var findings: [(String, String)] = []
        let byName = Dictionary(review.figures.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        if let rate = byName["win rate %"] {
            if rate.current == .null {
                findings.append(("outcomes", "No deal was won or lost in \(review.period.label)."))
            } else {
                var text = "Win rate was \(rate.current.plainText)% in \(review.period.label)"
                if rate.previous != .null, let previous = review.previous {
                    let change = Figures.number(rate.current) - Figures.number(rate.previous)
                    let word = change > 0 ? "up" : change < 0 ? "down" : "unchanged"
                    text += ", \(word)\(change == 0 ? "" : " \(abs(change)) points") from \(rate.previous.plainText)% in \(previous.label)"
                }
                findings.append(("outcomes", text + " (won / (won + lost))."))
            }
        }
        // The weakest step of the deal funnel.
        let steps = review.funnel.rows.dropFirst(2).filter { ($0["count"]?.intValue ?? 0) > 0 && $0["conversion"] != .null && $0["conversion"] != nil }
        if let weakest = steps.min(by: { Figures.number($0["conversion"] ?? .null) < Figures.number($1["conversion"] ?? .null) }),
           let stage = weakest["stage"]?.plainText {
            findings.append(("funnel", "The weakest step of the funnel is leaving \(stage): \(weakest["conversion"]?.plainText ?? "")% of the \(weakest["count"]?.plainText ?? "") deals that reached it went on."))
        }
        if review.undatedWon > 0 {
            findings.append(("outcomes", "\(counted(review.undatedWon, "won deal")) imported without a creation day \(review.undatedWon == 1 ? "is" : "are") left out of the sales cycle."))
        }
        if review.unknownStageLost > 0 {
            findings.append(("funnel", "\(counted(review.unknownStageLost, "lost deal")) imported without the stage reached \(review.unknownStageLost == 1 ? "is" : "are") in no stage of the funnel."))
        }
        if review.undatedLeads > 0 {
            findings.append(("funnel", "\(counted(review.undatedLeads, "lead")) imported without a creation day \(review.undatedLeads == 1 ? "is" : "are") in no period's leads captured (all time counts \(review.undatedLeads == 1 ? "it" : "them"))."))
        }
        for row in review.stages.rows {
            guard let flag = row["flag"], flag != .null, let stage = row["stage"]?.plainText else { continue }
            let text = flag.plainText
            if text.contains("slowest") {
                let norm = row["norm median"].flatMap { $0 == .null ? nil : " (\(review.previous?.label ?? "norm"): \($0.plainText) days)" } ?? ""
                findings.append(("bottlenecks", "Deals wait longest in \(stage): median \(row["median days"]?.reviewText ?? "–") days, 90% within \(row["p90 days"]?.reviewText ?? "–")\(norm)."))
            }
            if text.contains("most lost") {
                findings.append(("bottlenecks", "Most deals are lost in \(stage): \(row["loss rate"]?.reviewText ?? "–")% of the \(row["entered"]?.reviewText ?? "0") that entered it."))
            }
            if text.contains("slower than norm"), !text.contains("slowest") {
                findings.append(("bottlenecks", "\(stage) is slower than in \(review.previous?.label ?? "the norm"): median \(row["median days"]?.reviewText ?? "–") days against \(row["norm median"]?.reviewText ?? "–")."))
            }
        }
        for segment in review.worstSegments.prefix(3) {
            findings.append(("segments", "\(segment.kind) \(segment.name) won \(segment.winRate.plainText)% of \(segment.closed) closed deals, against \(review.teamWinRate.plainText)% for the team."))
        }
        for row in review.receivables.rows {
            let overdue = row["overdue"]?.intValue ?? 0
            let late = row["paid late"] ?? .null
            var text = overdue == 0 ? "No invoice is overdue" : "\(overdue) invoice\(overdue == 1 ? " is" : "s are") overdue, \(row["overdue balance"]?.plainText ?? "") in all"
            let paid = review.paidHistory.rows.first { $0["currency"] == row["currency"] }
            if late == .decimal(0) {
                let settled = paid?["settled"]?.intValue ?? 0
                text += settled == 1 ? "; the one settled invoice was paid on time" : "; all \(settled) settled invoices were paid on time"
            } else if late != .null {
                text += "; \(late.plainText)% of settled invoices were paid late, \(row["mean days late"]?.reviewText ?? "–") days late on average"
                    + ", \(paid?["mean days late (all settled)"]?.reviewText ?? "–") over all settled invoices"
            }
            findings.append(("receivables", text + " (\(row["currency"]?.plainText ?? ""))."))
        }
        if review.resolvedLate + review.overdueTickets == 0 {
            findings.append(("service", review.ticketsOpened == 0 ? "No service tickets were opened." : "No ticket breached its service level."))
        } else {
            findings.append(("service", "\(review.resolvedLate) ticket\(review.resolvedLate == 1 ? " was" : "s were") resolved after their due time and \(review.overdueTickets) open ticket\(review.overdueTickets == 1 ? " is" : "s are") past due now."))
        }
        return findings
    }
}

extension Value {
    var intValue: Int64? { if case .int(let n) = self { return n } else { return nil } }
}
