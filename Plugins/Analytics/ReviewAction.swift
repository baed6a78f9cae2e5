#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// An improvement a review agreed on (`action add`): what is to be done, by whom and when,
/// and the figure that shows whether it worked, with its target. The next `review run` reports each
/// against its metric: the figure in the period the action came out of, in the reviewed period, and
/// the target.
struct ReviewAction {
    static let kind = EntityKind(prefix: "RA", noun: "action")

    var id: EntityID
    var text: String
    var owner: String?
    var due: Date?
    var metric: String
    /// The segment kind and value the metric is read for (`--by owner=wang`); the team's when nil.
    var segment: (kind: String, value: String)?
    var target: Decimal?
    /// The review period it came out of (`2026-Q1`): its metric's "before".
    var period: String
    var recorded: Date
    var done: Date?
    var note: String?

    static let migrations = [
        Migration(module: "review", name: "v1-actions", statements: [
            """
            CREATE TABLE review_actions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                text TEXT NOT NULL,
                owner TEXT,
                due_on TEXT,
                metric TEXT NOT NULL,
                segment_kind TEXT,
                segment_value TEXT,
                target TEXT,
                period TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                done_at TEXT,
                note TEXT
            )
            """,
        ]),
    ]

    /// The columns `action list` shows and reads.
    static let columns: [Relation.Column] = [
        .init("id", .id(kind, "id")), .init("action", .text("text")), .init("owner", .text("owner")), .init("due", .date("due_on")),
        .init("metric", .text("metric")), .init("segment", .text("CASE WHEN segment_kind IS NULL THEN NULL ELSE segment_kind || '=' || segment_value END")),
        .init("target", .text("target")), .init("period", .text("period")), .init("recorded", .date("recorded_at")),
        .init("status", .text("CASE WHEN done_at IS NULL THEN 'open' ELSE 'done' END")), .init("done", .date("done_at")),
        .init("note", .text("note")),
    ]

    func insert(in database: any SQLDatabase) throws -> EntityID {
        try database.execute("""
            INSERT INTO review_actions (text, owner, due_on, metric, segment_kind, segment_value, target, period, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(text), owner.map(SQLValue.text) ?? .null, due.map { .text(Day.formatTimestamp($0)) } ?? .null, .text(metric),
                  segment.map { .text($0.kind) } ?? .null, segment.map { .text($0.value) } ?? .null,
                  target.map { .text("\($0)") } ?? .null, .text(period), .text(Day.formatTimestamp(recorded))])
        return EntityID(Self.kind, database.lastInsertedRowID)
    }

    /// Every action, oldest first.
    static func all(in database: any SQLDatabase) throws -> [ReviewAction] {
        try database.query("""
            SELECT id, text, owner, due_on, metric, segment_kind, segment_value, target, period, recorded_at, done_at, note
            FROM review_actions ORDER BY id
            """).map { row in
            let segment: (String, String)? = if let kind = row.text("segment_kind"), let value = row.text("segment_value") { (kind, value) } else { nil }
            return ReviewAction(id: EntityID(kind, row.integer("id") ?? 0), text: row.text("text") ?? "", owner: row.text("owner"),
                                due: row.text("due_on").flatMap { try? Day.parse($0) }, metric: row.text("metric") ?? "", segment: segment,
                                target: row.text("target").flatMap { Decimal(string: $0) }, period: row.text("period") ?? "",
                                recorded: row.text("recorded_at").flatMap { try? Day.parse($0) } ?? Date(timeIntervalSince1970: 0),
                                done: row.text("done_at").flatMap { try? Day.parse($0) }, note: row.text("note"))
        }
    }

    /// The start of `now`'s day as stored: an action due that day is overdue from the next.
    static func today(_ now: Date) -> String {
        Day.formatTimestamp((try? Day.parse(Day.format(now))) ?? now)
    }

    /// Open and past its due day.
    func isOverdue(now: Date) -> Bool {
        guard done == nil, let due else { return false }
        return Day.formatTimestamp(due) < ReviewAction.today(now)
    }

    /// What the action is measured by, as a sentence's subject: `win rate for owner wang`.
    var measuredBy: String {
        metric + (segment.map { " for \($0.kind) \($0.value)" } ?? "")
    }
}
