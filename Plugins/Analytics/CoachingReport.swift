#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// `report coaching --owner O --period P`: where one rep's deals stall or are lost compared with the
/// team's — win rate, conversion at each deal stage, time in each stage, lost reasons, discount given
/// and evidence shown — one plain sentence each with both figures, and which call for coaching.
enum CoachingReport {
    static let command = Command(CommandSignature(
        "report coaching",
        summary: "Where one rep's deals stall or are lost compared with the team, in plain sentences with the figures.",
        flags: [Flag("owner", .string, "The rep: a deal owner.")] + ReportPeriod.flags,
        output: .table,
        examples: [Example("report coaching --owner alice --period 2026-Q1", "What to train alice on, from the first quarter.",
                           setup: "lead add Acme; lead qualify L-1 --owner alice --force")])) { invocation, context in
        guard let owner = invocation.string("owner")?.trimmingSpaces, !owner.isEmpty else {
            throw CommandError("report coaching needs the rep: --owner NAME", argument: "owner")
        }
        let period = try ReportPeriod.from(invocation)
        let owners = try WinLossReport.tallies(context, period: period, segment: .owner)
        guard owners[owner] != nil else {
            throw CommandError("\(owner) has no deal in \(period.label)", argument: "owner",
                               hint: owners.isEmpty ? nil : "owners with deals then: " + owners.keys.sorted().joined(separator: ", "))
        }
        context.output.note("the team: every owner's deals in \(period.label); coach = " + thresholds)
        return .table(table(try comparisons(context, owner: owner, period: period, owners: owners)))
    }

    /// When a comparison calls for coaching, as docs/analytics.md defines it.
    static let thresholds = "win rate or a stage's conversion 10 points or more below the team's, a stage's median time over 1.5x the team's, "
        + "a lost reason's share 20 points above, discount 5 points above, evidence shown 20 points below"

    /// One figure of the rep beside the team's.
    struct Comparison {
        let area: String
        let stage: String?
        let finding: String
        let rep: Value
        let team: Value
        let coach: Bool
    }

    static func table(_ comparisons: [Comparison]) -> Table {
        Table(columns: ["area", "stage", "finding", "rep", "team", "coach"], rows: comparisons.map {
            Record([("area", .string($0.area)), ("stage", $0.stage.map(Value.string) ?? .null), ("finding", .string($0.finding)),
                    ("rep", $0.rep), ("team", $0.team), ("coach", .string($0.coach ? "yes" : "no"))])
        })
    }

    /// Every comparison for `owner` in `period`; `owners` are the period's win/loss tallies by owner.
    static func comparisons(_ context: StageContext, owner: String, period: ReportPeriod,
                            owners: [String: WinLossReport.Tally]) throws -> [Comparison] {
        var result = winRate(owner, owners: owners).map { [$0] } ?? []
        let mine = owners[owner] ?? WinLossReport.Tally()
        let stages = DealStages(context).names
        let funnel = try FunnelReport.table(context, period: period, segment: .owner)
        let teamFunnel = try FunnelReport.table(context, period: period, segment: nil)
        for stage in stages.dropLast() {
            guard let row = funnel.rows.first(where: { $0["owner"] == .string(owner) && $0["stage"] == .string(stage) }),
                  let count = row["count"]?.intValue, count > 0, let conversion = row["conversion"], conversion != .null else { continue }
            let teamConversion = teamFunnel.rows.first { $0["stage"] == .string(stage) }?["conversion"] ?? .null
            result.append(Comparison(area: "conversion", stage: stage,
                                     finding: "Of \(owner)'s \(counted(Int(count), "deal")) that reached \(stage), \(conversion.plainText)% went on, against \(teamConversion.reviewText)% for the team.",
                                     rep: conversion, team: teamConversion, coach: points(conversion) <= points(teamConversion) - 100))
        }
        result += stageTimes(owner, in: try stageTimesByOwner(context, period: period))
        let reasons = try LostReasonsReport.table(context, period: period, segment: .owner).rows.filter { $0["owner"] == .string(owner) }
        let teamReasons = try LostReasonsReport.table(context, period: period, segment: nil).rows
        if let top = reasons.first, let reason = top["reason"]?.plainText, let share = top["share"] {
            let teamShare = teamReasons.first { $0["reason"] == .string(reason) }?["share"] ?? .null
            result.append(Comparison(area: "lost reasons", stage: nil,
                                     finding: "\(owner) lost \(share.plainText)% of \(counted(Int(mine.lost), "lost deal")) to \(reason), against \(teamShare.reviewText)% of the team's.",
                                     rep: share, team: teamShare, coach: points(share) >= points(teamShare) + 200))
        }
        let accepted = period.condition("q.accepted_at")
        let discounts = try context.database.query("""
            SELECT \(Segment.owner.dealExpression) AS owner, count(*) AS quotes, sum(q.discount_bp) AS bp
            FROM accepted_quotes q JOIN deals d ON d.id = q.deal_id WHERE \(accepted.sql) GROUP BY 1
            """, accepted.arguments)
        let myQuotes = discounts.first { $0.text("owner") == owner }
        if let quotes = myQuotes?.integer("quotes"), quotes > 0 {
            let myDiscount = Rounding.decimal(tenths: Rounding.tenths(Int128(myQuotes?.integer("bp") ?? 0), Int128(quotes) * 100))
            let allQuotes = discounts.reduce(Int64(0)) { $0 + ($1.integer("quotes") ?? 0) }, allBP = discounts.reduce(Int64(0)) { $0 + ($1.integer("bp") ?? 0) }
            let teamDiscount = Rounding.decimal(tenths: Rounding.tenths(Int128(allBP), Int128(allQuotes) * 100))
            result.append(Comparison(area: "discount", stage: nil,
                                     finding: "\(owner)'s \(counted(Int(quotes), "accepted quote")) gave \(myDiscount.plainText)% off on average, against \(teamDiscount.plainText)% for the team.",
                                     rep: myDiscount, team: teamDiscount, coach: points(myDiscount) >= points(teamDiscount) + 50))
        }
        let proposed = period.condition("p.proposed_at")
        let evidence = try context.database.query("""
            SELECT owner, count(*) AS deals, sum(shown) AS shown FROM (
                SELECT \(Segment.owner.dealExpression) AS owner, max(CASE WHEN p.evidence_id IS NULL THEN 0 ELSE 1 END) AS shown
                FROM proposed_products p JOIN deals d ON d.id = p.deal_id WHERE \(proposed.sql) GROUP BY d.id) AS per_deal
            GROUP BY owner
            """, proposed.arguments)
        if let mineRow = evidence.first(where: { $0.text("owner") == owner }), let deals = mineRow.integer("deals"), deals > 0 {
            let myShare = Figures.percent(mineRow.integer("shown") ?? 0, of: deals)
            let teamShare = Figures.percent(evidence.reduce(Int64(0)) { $0 + ($1.integer("shown") ?? 0) },
                                            of: evidence.reduce(Int64(0)) { $0 + ($1.integer("deals") ?? 0) })
            result.append(Comparison(area: "evidence", stage: nil,
                                     finding: "\(owner) showed evidence for \(myShare.plainText)% of \(counted(Int(deals), "deal")) with products proposed, against \(teamShare.plainText)% for the team.",
                                     rep: myShare, team: teamShare, coach: points(myShare) <= points(teamShare) - 200))
        }
        return result
    }

    /// The rep's win rate against the team's (`owners` are the period's tallies by owner); nil when
    /// the rep closed nothing.
    static func winRate(_ owner: String, owners: [String: WinLossReport.Tally]) -> Comparison? {
        let mine = owners[owner] ?? WinLossReport.Tally(), team = WinLossReport.total(owners)
        guard mine.won + mine.lost > 0 else { return nil }
        let myRate = Figures.percent(mine.won, of: mine.won + mine.lost), teamRate = Figures.percent(team.won, of: team.won + team.lost)
        return Comparison(area: "win rate", stage: nil,
                          finding: "\(owner) won \(myRate.plainText)% of \(counted(Int(mine.won + mine.lost), "closed deal")), against \(teamRate.reviewText)% for the team.",
                          rep: myRate, team: teamRate, coach: points(myRate) <= points(teamRate) - 100)
    }

    /// Time in each stage by owner, with the whole team's median as the norm: one read for every rep.
    static func stageTimesByOwner(_ context: StageContext, period: ReportPeriod) throws -> Table {
        try StageTimeReport.table(context, period: period, segment: .owner, norm: period)
    }

    /// The rep's median days in each stage against the team's, from `stageTimesByOwner`.
    static func stageTimes(_ owner: String, in table: Table) -> [Comparison] {
        table.rows.filter { $0["owner"] == .string(owner) }.compactMap { row in
            guard let stage = row["stage"]?.plainText, let median = row["median days"], median != .null else { return nil }
            let norm = row["norm median"] ?? .null
            let ratio = points(norm) > 0 ? Rounding.decimal(tenths: Rounding.tenths(points(median), points(norm))) : Value.null
            return Comparison(area: "time in stage", stage: stage,
                              finding: "\(owner)'s deals waited a median of \(median.plainText) days in \(stage), against \(norm.reviewText) for the team"
                                + (ratio == .null ? "." : " (\(ratio.plainText)x)."),
                              rep: median, team: norm, coach: points(norm) > 0 && points(median) * 2 > points(norm) * 3)
        }
    }

    /// A share or number of days in tenths (`62.5` → 625); 0 for null.
    static func points(_ value: Value) -> Int128 {
        guard case .decimal(let decimal) = value else { return 0 }
        return Int128((decimal * 10).truncatedInt64 ?? 0)
    }
}
