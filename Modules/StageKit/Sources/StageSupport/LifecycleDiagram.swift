#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// The lifecycle as a flowchart, as it is configured now: the registered slots in order (a team's
/// inserted stages included) with their active implementations and gates, the hand-offs between them,
/// where leads and deals leave (disqualified, lost, won) and the collection branch (invoices issued,
/// paid on time, paid late, dunned, still open). With a period, each arrow carries how many took it
/// and, for deals, the median days from entering the stage to taking it: the figures `report paths`,
/// `report funnel` and `report receivables` count, read from the core tables.
public struct LifecycleDiagram: Sendable, Equatable {
    /// The part of the process a box belongs to, top to bottom.
    public enum Lane: String, Sendable, Equatable {
        case leads, deals, collection, afterSale = "after sale", measure
    }

    /// A slot of the lifecycle.
    public struct Box: Sendable, Equatable {
        public let name: String
        /// Its active implementation, when known (`bant`).
        public let implementation: String?
        /// What a lead or deal needs to leave it (the hand-off the next slot gets).
        public let gate: String?
        public let lane: Lane
    }

    /// A way out of a box: to the next box, or to an outcome (`lost`, `won`, `paid late`) when `to`
    /// names no box.
    public struct Arrow: Sendable, Equatable {
        public let from: String
        public let to: String
        /// What the arrow means when the boxes do not say it (`qualified`, `invoices issued`).
        public let label: String?
        /// With a period: how many leads, deals or invoices took it.
        public let count: Int64?
        /// With a period, for deals: the median days from entering `from` to taking the arrow.
        public let medianDays: Value?

        /// The arrow's words: `qualified · 12 · median 4.5 d`.
        public var text: String {
            var parts: [String] = []
            if let label { parts.append(label) }
            if let count { parts.append(String(count)) }
            if let medianDays, medianDays != .null { parts.append("median \(medianDays.plainText) d") }
            return parts.joined(separator: " · ")
        }
    }

    public let boxes: [Box]
    /// Arrows from box to box, in lifecycle order.
    public let arrows: [Arrow]
    /// Arrows to outcomes, beside the box they leave.
    public let exits: [Arrow]
    /// The period the counts are for (`2026-Q1`); nil without counts.
    public let period: String?

    /// The diagram of `slots` (the registered lifecycle) with their `implementations` by slot name;
    /// with `period`, the counts of that period.
    public static func build(slots: [StageSlot], implementations: [String: String] = [:],
                             period: (start: Date, end: Date, label: String)?, in database: any SQLDatabase) throws -> LifecycleDiagram {
        let names = slots.map(\.rawValue)
        func index(_ name: String) -> Int? { names.firstIndex(of: name) }
        let screen = index("screen") ?? 1, sign = index("sign") ?? names.count, payment = index("payment") ?? sign, revisit = index("revisit") ?? payment
        func lane(_ position: Int) -> Lane {
            position <= screen ? .leads : position <= sign ? .deals : position <= payment ? .collection : position <= revisit ? .afterSale : .measure
        }
        let gates = try Self.gates(in: database)
        let boxes = names.enumerated().map { position, name in
            Box(name: name, implementation: implementations[name], gate: gates[name], lane: lane(position))
        }
        let counts = try period.map { try Counts.read($0, in: database) }
        let dealStages = boxes.filter { $0.lane == .deals }.map(\.name)
        var arrows: [Arrow] = [], exits: [Arrow] = []
        let flowing = boxes.filter { $0.lane != .measure }
        for (box, next) in zip(flowing, flowing.dropFirst()) {
            switch (box.lane, next.lane) {
            case (.leads, .leads):
                arrows.append(Arrow(from: box.name, to: next.name, label: "leads", count: box.name == names.first ? counts?.captured : nil, medianDays: nil))
            case (.leads, .deals):
                arrows.append(Arrow(from: box.name, to: next.name, label: "qualified", count: counts?.qualified, medianDays: nil))
            case (.deals, .deals):
                let moves = counts?.moves[box.name + "→" + next.name]
                arrows.append(Arrow(from: box.name, to: next.name, label: nil, count: counts.map { _ in Int64(moves?.count ?? 0) },
                                    medianDays: counts.map { _ in Counts.median(moves ?? []) }))
            case (.deals, _):
                arrows.append(Arrow(from: box.name, to: next.name, label: "invoices issued", count: counts?.invoices.issued, medianDays: nil))
            default:
                arrows.append(Arrow(from: box.name, to: next.name, label: nil, count: nil, medianDays: nil))
            }
        }
        if let last = flowing.last(where: { $0.lane == .afterSale }), let first = dealStages.first {
            arrows.append(Arrow(from: last.name, to: first, label: "repeat deals", count: nil, medianDays: nil))
        }
        if let screenBox = boxes.last(where: { $0.lane == .leads }) {
            exits.append(Arrow(from: screenBox.name, to: "disqualified", label: nil, count: counts?.disqualified, medianDays: nil))
        }
        for stage in dealStages {
            let lost = counts?.lost[stage]
            exits.append(Arrow(from: stage, to: "lost", label: nil, count: counts.map { _ in Int64(lost?.count ?? 0) },
                               medianDays: counts.map { _ in Counts.median(lost ?? []) }))
        }
        if let last = dealStages.last {
            exits.append(Arrow(from: last, to: "won", label: nil, count: counts.map { _ in Int64(counts?.won.count ?? 0) },
                               medianDays: counts.map { Counts.median($0.won) }))
        }
        if let collecting = boxes.last(where: { $0.lane == .collection }) {
            let invoices = counts?.invoices
            for (outcome, count) in [("paid on time", invoices?.onTime), ("paid late", invoices?.late), ("dunned", invoices?.dunned),
                                     ("still open", invoices?.open)] {
                exits.append(Arrow(from: collecting.name, to: outcome, label: nil, count: count, medianDays: nil))
            }
        }
        return LifecycleDiagram(boxes: boxes, arrows: arrows, exits: exits, period: period?.label)
    }

    /// What leaving each slot needs, from the gates every implementation is held to
    /// (`StageSlot.handOffMissing`) and their settings.
    static func gates(in database: any SQLDatabase) throws -> [String: String] {
        let setting = { (key: String) in try database.query("SELECT value FROM settings WHERE key = ?", [.text(key)]).first?.text("value") }
        let needs = try setting(StageSlot.minimumNeeds.key).flatMap { Int($0.trimmingSpaces) } ?? 1
        let budget = try setting(StageSlot.budgetConfirmedRequired.key).map { ["true", "yes", "1"].contains($0.lowercased()) } ?? true
        return [
            "screen": "qualified: a customer and a deal",
            "discover": (needs == 1 ? "a need" : "\(needs) needs") + (budget ? ", budget confirmed" : ""),
            "recommend": "a product proposed", "negotiate": "a quote accepted", "sign": "a contract signed",
        ]
    }

    /// The period's figures.
    struct Counts {
        var captured: Int64 = 0, qualified: Int64 = 0, disqualified: Int64 = 0
        /// Deals' moves from stage to stage entered in the period (`discover→recommend`), each with the
        /// seconds spent in the stage left.
        var moves: [String: [Int64]] = [:]
        /// Deals lost in the period, by the stage they were in, with the seconds since entering it.
        var lost: [String: [Int64]] = [:]
        /// Deals won in the period, with the seconds since entering their last stage.
        var won: [Int64] = []
        var invoices = (issued: Int64(0), onTime: Int64(0), late: Int64(0), dunned: Int64(0), open: Int64(0))

        static func read(_ period: (start: Date, end: Date, label: String), in database: any SQLDatabase) throws -> Counts {
            let epoch = database.dialect.epochSeconds
            var counts = Counts()
            let bounds: [SQLValue] = [.text(Day.formatTimestamp(period.start)), .text(Day.formatTimestamp(period.end))]
            for row in try database.query("""
                SELECT status, count(*) AS n FROM leads WHERE created_at >= ? AND created_at < ? GROUP BY status
                """, bounds) {
                let n = row.integer("n") ?? 0
                counts.captured += n
                switch row.text("status") {
                case "qualified", "converted": counts.qualified += n
                case "disqualified": counts.disqualified += n
                default: break
                }
            }
            for row in try database.query("""
                SELECT previous, stage, \(epoch("entered_at")) - \(epoch("previous_at")) AS seconds FROM (
                    SELECT stage, entered_at, lag(stage) OVER stays AS previous, lag(entered_at) OVER stays AS previous_at
                    FROM deal_stages
                    WHERE deal_id IN (SELECT deal_id FROM deal_stages WHERE entered_at >= ? AND entered_at < ?)
                    WINDOW stays AS (PARTITION BY deal_id ORDER BY entered_at, event_id)) AS moves
                WHERE previous IS NOT NULL AND previous <> stage AND entered_at >= ? AND entered_at < ?
                """, bounds + bounds) {
                guard let from = row.text("previous"), let to = row.text("stage") else { continue }
                counts.moves[from + "→" + to, default: []].append(row.integer("seconds") ?? -1)
            }
            for row in try database.query("""
                SELECT d.status AS status, d.stage AS stage,
                       \(epoch("d.closed_at")) - \(epoch("(SELECT max(s.entered_at) FROM deal_stages s WHERE s.deal_id = d.id AND s.stage = d.stage)")) AS seconds
                FROM deals d WHERE d.status IN ('won', 'lost') AND d.closed_at >= ? AND d.closed_at < ?
                """, bounds) {
                let spent = row.integer("seconds") ?? -1
                if row.text("status") == "won" { counts.won.append(spent) } else { counts.lost[row.text("stage") ?? "", default: []].append(spent) }
            }
            for row in try database.query("""
                SELECT i.amount_minor AS amount, i.due_on AS due, p.paid AS paid, p.last_paid AS last_paid,
                       EXISTS (SELECT 1 FROM dunning_reminders r WHERE r.invoice_id = i.id) AS dunned
                FROM invoices i LEFT JOIN (SELECT invoice_id, sum(amount_minor) AS paid, max(paid_on) AS last_paid FROM payments GROUP BY invoice_id) AS p
                  ON p.invoice_id = i.id
                WHERE i.issued_on >= ? AND i.issued_on < ?
                """, bounds) {
                counts.invoices.issued += 1
                if (row.integer("dunned") ?? 0) != 0 { counts.invoices.dunned += 1 }
                let settled = (row.integer("paid") ?? 0) >= (row.integer("amount") ?? 0)
                guard settled, let paidOn = row.text("last_paid"), let due = row.text("due") else { counts.invoices.open += 1; continue }
                if paidOn.prefix(10) > due.prefix(10) { counts.invoices.late += 1 } else { counts.invoices.onTime += 1 }
            }
            return counts
        }

        /// The median of some durations in seconds, as days with one decimal; null without any
        /// (durations unknown, -1, are left out).
        static func median(_ seconds: [Int64]) -> Value {
            let known = seconds.filter { $0 >= 0 }.sorted()
            guard !known.isEmpty else { return .null }
            let middle = known.count / 2
            let twice = known.count % 2 == 1 ? Int128(known[middle]) * 2 : Int128(known[middle - 1]) + Int128(known[middle])
            return Rounding.decimal(tenths: Rounding.tenths(twice, 2 * 86_400))
        }
    }
}

// MARK: - Mermaid and SVG

extension LifecycleDiagram {
    /// The diagram as Mermaid flowchart text (`flowchart TD`), one subgraph per part of the process.
    public var mermaid: String {
        var lines = ["flowchart TD"]
        func id(_ name: String) -> String { String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" }) }
        func quoted(_ text: String) -> String { "\"" + text.replacing("\"", with: "#quot;") + "\"" }
        for lane in [Lane.leads, .deals, .collection, .afterSale, .measure] {
            let members = boxes.filter { $0.lane == lane }
            guard !members.isEmpty else { continue }
            lines.append("  subgraph \(id(lane.rawValue))[\(quoted(lane.rawValue))]")
            for box in members {
                let detail = [box.implementation, box.gate.map { "gate: " + $0 }].compactMap { $0 }
                lines.append("    \(id(box.name))[\(quoted(([box.name] + detail).joined(separator: "<br/>")))]")
            }
            lines.append("  end")
        }
        for arrow in arrows {
            let text = arrow.text
            lines.append("  \(id(arrow.from)) -->" + (text.isEmpty ? "" : "|\(quoted(text))|") + " \(id(arrow.to))")
        }
        for (index, exit) in exits.enumerated() {
            let node = "exit\(index)"
            lines.append("  \(node)([\(quoted(exit.to))])")
            let text = exit.text
            lines.append("  \(id(exit.from)) -.->" + (text.isEmpty ? "" : "|\(quoted(text))|") + " \(node)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The diagram as one SVG image: the flowing boxes top to bottom with the arrows between them
    /// labelled, each box's exits to its right, the measuring slots underneath.
    public var svg: String {
        let flowing = boxes.filter { $0.lane != .measure }
        let boxWidth = 220, boxHeight = 46, gap = 44, left = 20, exitX = 290
        var y = 20
        var body: [String] = []
        var top: [String: Int] = [:]
        func escape(_ text: String) -> String {
            text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
        }
        for (index, box) in flowing.enumerated() {
            top[box.name] = y
            body.append("<rect x=\"\(left)\" y=\"\(y)\" width=\"\(boxWidth)\" height=\"\(boxHeight)\" rx=\"6\" fill=\"#ebf4ff\" stroke=\"#2b6cb0\"/>")
            body.append("<text x=\"\(left + 10)\" y=\"\(y + 19)\" font-weight=\"bold\">\(escape(box.name))"
                + (box.implementation.map { "<tspan font-weight=\"normal\" fill=\"#4a5568\"> (\(escape($0)))</tspan>" } ?? "") + "</text>")
            if let gate = box.gate { body.append("<text x=\"\(left + 10)\" y=\"\(y + 37)\" font-size=\"11\" fill=\"#4a5568\">gate: \(escape(gate))</text>") }
            let boxExits = exits.filter { $0.from == box.name }
            for (row, exit) in boxExits.enumerated() {
                let exitY = y + 14 + row * 16
                body.append("<line x1=\"\(left + boxWidth)\" y1=\"\(exitY - 4)\" x2=\"\(exitX - 6)\" y2=\"\(exitY - 4)\" stroke=\"#c53030\" stroke-dasharray=\"4 3\" marker-end=\"url(#exit)\"/>")
                body.append("<text x=\"\(exitX)\" y=\"\(exitY)\" font-size=\"12\" fill=\"#c53030\">\(escape(exit.to))"
                    + (exit.text.isEmpty ? "" : ": \(escape(exit.text))") + "</text>")
            }
            y += max(boxHeight, boxExits.count * 16 + 8)
            if index < flowing.count - 1, let arrow = arrows.first(where: { $0.from == box.name && $0.to == flowing[index + 1].name }) {
                body.append("<line x1=\"\(left + boxWidth / 2)\" y1=\"\(y)\" x2=\"\(left + boxWidth / 2)\" y2=\"\(y + gap - 4)\" stroke=\"#2d3748\" marker-end=\"url(#next)\"/>")
                if !arrow.text.isEmpty {
                    body.append("<text x=\"\(left + boxWidth / 2 + 8)\" y=\"\(y + gap / 2 + 4)\" font-size=\"12\">\(escape(arrow.text))</text>")
                }
                y += gap
            }
        }
        for arrow in arrows where top[arrow.to] != nil && (top[arrow.to] ?? 0) < (top[arrow.from] ?? 0) {
            body.append("<text x=\"\(left)\" y=\"\(y + 20)\" font-size=\"12\">↺ \(escape(arrow.from)) → \(escape(arrow.to)): \(escape(arrow.text))</text>")
            y += 20
        }
        let measuring = boxes.filter { $0.lane == .measure }.map(\.name)
        if !measuring.isEmpty {
            body.append("<text x=\"\(left)\" y=\"\(y + 22)\" font-size=\"12\" fill=\"#4a5568\">measured and reviewed by: \(escape(measuring.joined(separator: ", ")))</text>")
            y += 22
        }
        let height = y + 16
        return """
            <svg xmlns="http://www.w3.org/2000/svg" id="lifecycle-diagram" width="640" height="\(height)" viewBox="0 0 640 \(height)" font-family="system-ui, sans-serif" font-size="13" role="img">
            <title>\(escape("The lifecycle as configured" + (period.map { ", \($0)" } ?? "")))</title>
            <defs><marker id="next" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#2d3748"/></marker>
            <marker id="exit" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#c53030"/></marker></defs>
            \(body.joined(separator: "\n"))
            </svg>
            """
    }
}
