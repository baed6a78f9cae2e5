import FunnelModel

/// A bulk decision — screening every lead, a dunning run over the overdue invoices, reassigning leads
/// to owners — recorded as one journal event for the run and one narrow row per subject decided,
/// instead of one journal event per subject: a million JSON events cost 3-4 s in SQLite alone.
///
/// Stored in the core tables `decision_runs` (what each decision is called in the journal, the kind
/// of subject, the run's journal event), `decisions` (run, subject number, decision, score, reasons)
/// and `decision_reasons` (each distinct reasons line once, core migration v27: a scorer gives a
/// handful of distinct lines over a million subjects, and 90 bytes of text per row were four fifths
/// of the table). `journal list` shows each row as the event it stands for (e.g.
/// `lead.screened` on `L-1`, with the run's time, actor, slot and implementation), in time order with
/// the subject's other events; `Decision.recorded(in:database:)` reads them.
///
/// Writing: `begin`, then `record` the decisions (a hundred rows to a statement), then `finish`, which
/// journals the run's event with the count of each decision. All of it inside the command's
/// transaction, so a run that fails leaves nothing. A dry run begins none.
public final class DecisionRun {
    /// The run's row in `decision_runs`.
    public let id: Int64
    private let context: StageContext
    private let kind: EntityKind
    private let insert: RowsStatement
    /// The id of each reasons line this run stored or found, while there are at most `knownReasonsLimit`.
    private var reasonIDs: [String: Int64] = [:]
    private static let knownReasonsLimit = 10_000
    /// How many subjects got each decision so far (a subject decided twice counted twice until `finish`).
    public private(set) var counts: [String: Int64] = [:]
    private var written: Int64 = 0
    /// The last subject recorded, and whether every subject came after the one before: then none was
    /// decided twice and the counts need no look at the table.
    private var lastSubject: Int64?
    private var ascending = true

    /// The core tables, as migration v26 creates them. `decisions` is keyed by run and subject without
    /// a rowid: a run's rows are appended in subject order, and one subject's decisions are found by
    /// one look-up per run.
    static let schema = [
        """
        CREATE TABLE decision_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            event INTEGER REFERENCES events(id),
            type TEXT NOT NULL,
            kind TEXT NOT NULL,
            decision_name TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE decisions (
            run INTEGER NOT NULL REFERENCES decision_runs(id),
            subject INTEGER NOT NULL,
            decision TEXT NOT NULL,
            score INTEGER,
            reasons TEXT,
            PRIMARY KEY (run, subject)
        ) WITHOUT ROWID
        """,
    ]

    /// Migration v27: reasons stored once each in `decision_reasons`, `decisions.reason` their id
    /// (`decisions` rebuilt, its rows kept).
    static let reasonsSchema = [
        "CREATE TABLE decision_reasons (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)",
        "INSERT INTO decision_reasons (text) SELECT DISTINCT reasons FROM decisions WHERE reasons IS NOT NULL ORDER BY reasons",
        """
        CREATE TABLE decisions_v27 (
            run INTEGER NOT NULL REFERENCES decision_runs(id),
            subject INTEGER NOT NULL,
            decision TEXT NOT NULL,
            score INTEGER,
            reason INTEGER REFERENCES decision_reasons(id),
            PRIMARY KEY (run, subject)
        ) WITHOUT ROWID
        """,
        """
        INSERT INTO decisions_v27 (run, subject, decision, score, reason)
        SELECT d.run, d.subject, d.decision, d.score, r.id FROM decisions d LEFT JOIN decision_reasons r ON r.text = d.reasons
        """,
        "DROP TABLE decisions",
        "ALTER TABLE decisions_v27 RENAME TO decisions",
    ]

    /// Begins a run deciding about subjects of `kind`, each decision journaled as `type` (e.g.
    /// `lead.screened`) with the decision under `decisionName` (e.g. `verdict`). The acting stage of
    /// `context` is the run's slot and implementation.
    public init(deciding type: String, about kind: EntityKind, decisionName: String, context: StageContext) throws {
        try context.database.execute("INSERT INTO decision_runs (type, kind, decision_name) VALUES (?, ?, ?)",
                                     [.text(type), .text(kind.prefix), .text(decisionName)])
        id = context.database.lastInsertedRowID
        self.context = context
        self.kind = kind
        // A subject decided twice in one run keeps its last decision.
        insert = RowsStatement(in: context.database, valuesPerRow: 4) { rows in
            "INSERT INTO decisions (run, subject, decision, score, reason) SELECT ?1, column1, column2, CAST(column3 AS BIGINT), CAST(column4 AS BIGINT) FROM ("
                + RowsStatement.values(rows: rows, width: 4, first: 2) + ") AS v WHERE true "
                + "ON CONFLICT (run, subject) DO UPDATE SET decision = excluded.decision, score = excluded.score, reason = excluded.reason"
        }
    }

    /// One subject's decision: its number (of the run's kind), what was decided, a score when the
    /// implementation gives one, and its reasons in a line (what `lead screen` shows as `why`).
    public struct Row: Sendable {
        public var subject: Int64
        public var decision: String
        public var score: Int64?
        public var reasons: String?

        public init(subject: Int64, decision: String, score: Int64? = nil, reasons: String? = nil) {
            self.subject = subject
            self.decision = decision
            self.score = score
            self.reasons = reasons
        }
    }

    /// Stores decisions, a hundred rows to a statement.
    public func record(_ rows: [Row]) throws {
        var values: [SQLValue] = []
        values.reserveCapacity(rows.count * 4)
        for row in rows {
            counts[row.decision, default: 0] += 1
            if let last = lastSubject, row.subject <= last { ascending = false }
            lastSubject = row.subject
            values += [.integer(row.subject), .text(row.decision), row.score.map(SQLValue.integer) ?? .null,
                       try row.reasons.map { .integer(try reasonID($0)) } ?? .null]
        }
        written += Int64(rows.count)
        try insert.execute(constants: [.integer(id)], values: values)
    }

    /// The id of a reasons line in `decision_reasons`, stored there when it is new.
    private func reasonID(_ reasons: String) throws -> Int64 {
        if let known = reasonIDs[reasons] { return known }
        let database = context.database
        try database.execute("INSERT INTO decision_reasons (text) VALUES (?) ON CONFLICT (text) DO NOTHING", [.text(reasons)])
        guard let id = try database.query("SELECT id FROM decision_reasons WHERE text = ?", [.text(reasons)]).first?.integer("id") else {
            throw DatabaseFailure("the reasons line just stored in decision_reasons cannot be read back")
        }
        // A scorer that writes each subject's own figures into its reasons would grow this without end.
        if reasonIDs.count >= Self.knownReasonsLimit { reasonIDs.removeAll(keepingCapacity: true) }
        reasonIDs[reasons] = id
        return id
    }

    /// Journals the run as `type` (e.g. `screen.ran`) about the kind's plural (`leads`), with how many
    /// subjects it decided, the count of each decision (`qualified`, `disqualified`) and `details`.
    public func finish(_ type: String, details: Record = Record()) throws {
        if !ascending {
            // A subject decided twice keeps its last decision, and counts once.
            counts = [:]
            written = 0
            for row in try context.database.query("SELECT decision, count(*) AS n FROM decisions WHERE run = ? GROUP BY decision", [.integer(id)]) {
                let n = row.integer("n") ?? 0
                counts[row.text("decision") ?? "", default: 0] += n
                written += n
            }
        }
        var fields: [(String, Value)] = [("decided", .int(written))]
        for decision in counts.keys.sorted() { fields.append((decision, .int(counts[decision] ?? 0))) }
        try context.journal(type, about: kind.noun + "s", details: Record(fields + details.fields.map { ($0.name, $0.value) }))
        try context.database.execute("UPDATE decision_runs SET event = ? WHERE id = ?", [.integer(context.database.lastInsertedRowID), .integer(id)])
    }
}

extension DecisionRun {
    /// A decision shown as the journal event it stands for: the run's event id, time, actor, slot and
    /// implementation; the subject (`L-1`); the decision's type (`lead.screened`); details as JSON
    /// (`{"verdict":"qualified","score":100,"why":"..."}`).
    public struct JournalEntry: Sendable, Equatable {
        public var event: Int64
        public var at: String
        public var actor: String
        public var subject: String
        public var slot: String
        public var implementation: String
        public var type: String
        public var payload: String

        /// An entry; `journal list` makes one of each stored event too, to put both in one order.
        public init(event: Int64, at: String, actor: String, subject: String, slot: String, implementation: String, type: String,
                    payload: String) {
            self.event = event
            self.at = at
            self.actor = actor
            self.subject = subject
            self.slot = slot
            self.implementation = implementation
            self.type = type
            self.payload = payload
        }
    }

    /// The recorded decisions as journal entries, in the order of their runs (then by subject):
    /// only those about `subject` (`L-1`) and of `type` (`lead.screened`) when given.
    public static func journalEntries(subject: String?, type: String?, in database: any SQLDatabase) throws -> [JournalEntry] {
        var number: Int64?
        var kind: String?
        if let subject {
            // An id is PREFIX-NUMBER; anything else (a custom field) is no decision's subject.
            let parts = subject.split(separator: "-", maxSplits: 1)
            guard parts.count == 2, let given = Int64(parts[1]) else { return [] }
            (kind, number) = (parts[0].uppercased(), given)
        }
        var entries: [JournalEntry] = []
        for run in try runs(type: type, kind: kind, in: database) {
            // The run's rows by its key: for one subject, one look-up in each run.
            let rows = try database.query("SELECT d.subject, d.decision, d.score, r.text AS reasons FROM decisions d"
                                              + " LEFT JOIN decision_reasons r ON r.id = d.reason WHERE d.run = ?"
                                              + (number == nil ? "" : " AND d.subject = ?") + " ORDER BY d.subject",
                                          [.integer(run.id)] + (number.map { [SQLValue.integer($0)] } ?? []))
            entries.reserveCapacity(entries.count + rows.count)
            for row in rows {
                var payload = "{"
                Value.appendQuoted(run.decisionName, to: &payload)
                payload += ":"
                Value.appendQuoted(row.text("decision") ?? "", to: &payload)
                if let score = row.integer("score") { payload += ",\"score\":" + String(score) }
                if let reasons = row.text("reasons") {
                    payload += ",\"why\":"
                    Value.appendQuoted(reasons, to: &payload)
                }
                payload += "}"
                entries.append(JournalEntry(event: run.event, at: run.at, actor: run.actor, subject: run.kind + "-" + String(row.integer("subject") ?? 0),
                                            slot: run.slot, implementation: run.implementation, type: run.type, payload: payload))
            }
        }
        return entries
    }

    /// A finished run as its journal event tells it.
    struct Run {
        let id: Int64, event: Int64
        let at: String, actor: String, slot: String, implementation: String
        let type: String, kind: String, decisionName: String
    }

    /// The finished runs, in the order they ran (and so of their events), of `type` and `kind` when given.
    static func runs(type: String?, kind: String?, in database: any SQLDatabase) throws -> [Run] {
        var conditions = ["r.event IS NOT NULL"], arguments: [SQLValue] = []
        if let type {
            conditions.append("r.type = ?")
            arguments.append(.text(type))
        }
        if let kind {
            conditions.append("r.kind = ?")
            arguments.append(.text(kind))
        }
        return try database.query("""
            SELECT r.id, r.event, e.at, e.actor, e.slot, e.implementation, r.type, r.kind, r.decision_name
            FROM decision_runs r JOIN events e ON e.id = r.event WHERE \(conditions.joined(separator: " AND ")) ORDER BY r.id
            """, arguments).map { row in
            Run(id: row.integer("id") ?? 0, event: row.integer("event") ?? 0, at: row.text("at") ?? "", actor: row.text("actor") ?? "",
                slot: row.text("slot") ?? "", implementation: row.text("implementation") ?? "", type: row.text("type") ?? "",
                kind: row.text("kind") ?? "", decisionName: row.text("decision_name") ?? "decision")
        }
    }

    /// Who decided last about each subject in runs of type `type`, by subject number: the run's journal
    /// event and the implementation.
    public static func latest(_ type: String, in database: any SQLDatabase) throws -> [Int64: (event: Int64, implementation: String)] {
        var latest: [Int64: (event: Int64, implementation: String)] = [:]
        for run in try runs(type: type, kind: nil, in: database) {
            for row in try database.query("SELECT subject FROM decisions WHERE run = ?", [.integer(run.id)]) {
                latest[row.integer("subject") ?? 0] = (run.event, run.implementation)
            }
        }
        return latest
    }
}
