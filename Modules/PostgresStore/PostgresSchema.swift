import FunnelStore
import StageKit

/// The schema of a new PostgreSQL database: every migration this funnel knows, applied at once.
///
/// The migrations are SQLite SQL, written over three years of SQLite-only changes (table rebuilds,
/// `json_extract` backfills); a new PostgreSQL database has no history to replay. So its schema is
/// the result: the migrations run on an in-memory SQLite database, and the tables, indexes and
/// triggers they leave are written out in PostgreSQL's words (`statements(for:)`), with every
/// migration then recorded as applied. SQLite's types become PostgreSQL's (INTEGER `BIGINT`, TEXT
/// `TEXT`), an `INTEGER PRIMARY KEY` an identity column, `COLLATE NOCASE` a case-insensitive
/// collation, and each trigger a trigger function.
public enum PostgresSchema {
    /// The collation `COLLATE NOCASE` becomes: ICU's root locale at secondary strength, so `Acme`
    /// and `ACME` are equal and sort together.
    static let caseInsensitive = """
        CREATE COLLATION IF NOT EXISTS funnel_nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)
        """

    /// The SQL functions every backend has (`SQLDatabase`): `funnel_contains(text, pattern)` is the
    /// shell's `=~`, containment ignoring case (ICU's lower case), NULL when either is NULL; true or
    /// false here, where a condition must be boolean (SQLite's is 1 or 0). One per type a column has.
    static let functions: [String] = ["text", "bigint", "double precision"].map { type in
        """
        CREATE FUNCTION funnel_contains(value \(type), pattern text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $funnel$
            SELECT strpos(lower(CAST(value AS text) COLLATE "und-x-icu"), lower(pattern COLLATE "und-x-icu")) > 0
        $funnel$
        """
    }

    /// The team's roles (issue 18; more to come: finance and service): a member sees and changes the
    /// leads they own and unowned ones, and the deals they own; a manager sees and changes everything.
    /// Roles belong to the whole server, so they are made once for every Funnel database on it; the
    /// grants and policies are this database's. The user who made the schema owns the tables and is
    /// not held by the policies (the administrator). Enforced by PostgreSQL (row-level security), not
    /// by the shell: a member's session sees only their rows whatever it runs.
    static let roles = ["funnel_member", "funnel_manager"]

    /// Records that belong to their deal's owner (quotes, contracts, invoices, payments and what a
    /// deal's discovery records), each with the condition that finds its parent: the subquery runs
    /// under the member's own policies, so a record follows its deal down the chain.
    static let followers: [(table: String, parent: String)] = {
        let deal = "EXISTS (SELECT 1 FROM deals d WHERE d.id = deal_id)"
        let quote = "EXISTS (SELECT 1 FROM quotes q WHERE q.id = quote_id)"
        let invoice = "EXISTS (SELECT 1 FROM invoices i WHERE i.id = invoice_id)"
        return ["quotes", "contracts", "accepted_quotes", "proposed_products", "needs", "stakeholders", "activities",
                "competitors", "objections"].map { ($0, deal) }
            + [("quote_lines", quote), ("accepted_quote_lines", quote),
               ("invoices", "EXISTS (SELECT 1 FROM contracts c WHERE c.id = contract_id)"),
               ("payments", invoice), ("dunning_reminders", invoice)]
    }()

    static var access: [String] {
        let made = roles.map { role in
            "DO $funnel$ BEGIN CREATE ROLE \(role) NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $funnel$"
        }
        let grants = roles.flatMap { role in [
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(role)",
            "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO \(role)",
            "REVOKE INSERT, UPDATE, DELETE ON funnel_migrations FROM \(role)",
            // Tables made later (a plugin's, by the administrator's sessions) are the team's too.
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \(role)",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO \(role)",
        ] }
        let policies = [
            "ALTER TABLE leads ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY leads_member ON leads TO funnel_member USING (owner = current_user OR owner IS NULL) "
                + "WITH CHECK (owner = current_user OR owner IS NULL)",
            "CREATE POLICY leads_manager ON leads TO funnel_manager USING (true) WITH CHECK (true)",
            "ALTER TABLE deals ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY deals_member ON deals TO funnel_member USING (owner = current_user) WITH CHECK (owner = current_user)",
            "CREATE POLICY deals_manager ON deals TO funnel_manager USING (true) WITH CHECK (true)",
        ]
        let following: [String] = followers.flatMap { (table: String, parent: String) -> [String] in
            ["ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY",
             "CREATE POLICY \(table)_member ON \(table) TO funnel_member USING (\(parent)) WITH CHECK (\(parent))",
             "CREATE POLICY \(table)_manager ON \(table) TO funnel_manager USING (true) WITH CHECK (true)"]
        }
        let journal: [String] = [
            // The journal: a member reads the events of the leads and deals they may see (the
            // subqueries see through the member's own policies) and of everything else, appends only
            // as themself, and never edits or deletes an event.
            "ALTER TABLE events ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY events_member_read ON events FOR SELECT TO funnel_member USING (CASE "
                + "WHEN subject LIKE 'L-%' THEN EXISTS (SELECT 1 FROM leads WHERE CAST(id AS TEXT) = substr(subject, 3)) "
                + "WHEN subject LIKE 'D-%' THEN EXISTS (SELECT 1 FROM deals WHERE CAST(id AS TEXT) = substr(subject, 3)) "
                + "ELSE true END)",
            "CREATE POLICY events_member_append ON events FOR INSERT TO funnel_member WITH CHECK (actor = current_user)",
            "REVOKE UPDATE, DELETE ON events FROM funnel_member",
            "CREATE POLICY events_manager ON events TO funnel_manager USING (true) WITH CHECK (true)",
            // Bulk screening's decisions are journal too: a member reads those of leads they may see.
            "ALTER TABLE decisions ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY decisions_member ON decisions TO funnel_member USING (EXISTS (SELECT 1 FROM leads WHERE id = subject))",
            "CREATE POLICY decisions_manager ON decisions TO funnel_manager USING (true) WITH CHECK (true)",
        ]
        return made + grants + policies + following + journal
    }

    /// The DDL that makes the schema `migrations` leave, in PostgreSQL's words, tables before the
    /// foreign keys between them.
    public static func statements(for migrations: [Migration]) throws -> [String] {
        let sqlite = try SQLiteStore(path: ":memory:")
        try sqlite.migrate(migrations)
        return try sqlite.transaction(writing: false) { database in try statements(describing: database) }
    }

    /// The DDL for the schema of a SQLite database.
    static func statements(describing database: any SQLDatabase) throws -> [String] {
        let objects = try database.query("""
            SELECT type, name, tbl_name, sql FROM sqlite_master
            WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
            ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid
            """)
        var tables: [String] = [], constraints: [String] = [], indexes: [String] = [], triggers: [String] = []
        var needsCollation = false
        for object in objects {
            let name = object.text("name") ?? "", sql = object.text("sql") ?? ""
            switch object.text("type") {
            case "table":
                let table = try Self.table(name, sql: sql, in: database)
                tables.append(table.create)
                constraints += table.foreignKeys
                needsCollation = needsCollation || table.create.contains("funnel_nocase")
            case "index":
                indexes.append(index(sql))
            case "trigger":
                triggers += try trigger(name, sql: sql)
            default:
                continue
            }
        }
        return (needsCollation ? [caseInsensitive] : []) + functions + tables + constraints + indexes + triggers
    }

    /// A table's CREATE TABLE and its foreign keys (added once every table exists).
    static func table(_ name: String, sql: String, in database: any SQLDatabase) throws -> (create: String, foreignKeys: [String]) {
        let columns = try database.query("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid", [.text(name)])
        let keyColumns = columns.filter { ($0.integer("pk") ?? 0) > 0 }.sorted { ($0.integer("pk") ?? 0) < ($1.integer("pk") ?? 0) }
        // A single INTEGER PRIMARY KEY is SQLite's rowid: ids the database hands out.
        let identity = keyColumns.count == 1 && keyColumns[0].text("type")?.uppercased() == "INTEGER" ? keyColumns[0].text("name") : nil
        let noCase = caseInsensitiveColumns(sql)
        var lines: [String] = []
        for column in columns {
            let columnName = column.text("name") ?? ""
            var line = quoted(columnName) + " " + type(column.text("type") ?? "")
            if columnName == identity {
                line += " GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
            } else {
                if noCase.contains(columnName.lowercased()) { line += " COLLATE funnel_nocase" }
                if column.integer("notnull") == 1 { line += " NOT NULL" }
                if let value = column.text("dflt_value") { line += " DEFAULT " + defaultValue(value) }
            }
            lines.append("    " + line)
        }
        if identity == nil, !keyColumns.isEmpty {
            lines.append("    PRIMARY KEY (" + keyColumns.compactMap { $0.text("name") }.map(quoted).joined(separator: ", ") + ")")
        }
        // UNIQUE constraints written in the table (CREATE UNIQUE INDEX statements come with the indexes).
        for index in try database.query("SELECT name FROM pragma_index_list(?) WHERE origin = 'u' ORDER BY seq DESC", [.text(name)]) {
            let names = try database.query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [.text(index.text("name") ?? "")])
            lines.append("    UNIQUE (" + names.compactMap { $0.text("name") }.map(quoted).joined(separator: ", ") + ")")
        }
        let create = "CREATE TABLE \(quoted(name)) (\n" + lines.joined(separator: ",\n") + "\n)"
        var foreignKeys: [String] = []
        let references = try database.query("SELECT id, seq, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq", [.text(name)])
        for id in Set(references.compactMap { $0.integer("id") }).sorted() {
            let parts = references.filter { $0.integer("id") == id }
            guard let parent = parts.first?.text("table") else { continue }
            let from = parts.compactMap { $0.text("from") }.map(quoted).joined(separator: ", ")
            let to = parts.compactMap { $0.text("to") }
            var statement = "ALTER TABLE \(quoted(name)) ADD FOREIGN KEY (\(from)) REFERENCES \(quoted(parent))"
            if !to.isEmpty { statement += " (" + to.map(quoted).joined(separator: ", ") + ")" }
            if let action = parts.first?.text("on_delete"), action != "NO ACTION" { statement += " ON DELETE " + action }
            // Checked at each statement unless a transaction defers them, as SQLite's defer_foreign_keys does.
            statement += " DEFERRABLE INITIALLY IMMEDIATE"
            foreignKeys.append(statement)
        }
        return (create, foreignKeys)
    }

    /// SQLite's declared type as PostgreSQL's, by SQLite's affinity rules.
    static func type(_ declared: String) -> String {
        let upper = declared.uppercased()
        if upper.contains("INT") { return "BIGINT" }
        if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") || upper.isEmpty { return "TEXT" }
        if upper.contains("BLOB") { return "BYTEA" }
        if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") { return "DOUBLE PRECISION" }
        return "NUMERIC"
    }

    /// A column default: literals as they are; SQLite's `CURRENT_TIMESTAMP` is text there, so it
    /// stays text here.
    static func defaultValue(_ value: String) -> String {
        switch value.uppercased() {
        case "CURRENT_TIMESTAMP": return "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
        case "CURRENT_DATE": return "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        default: return value
        }
    }

    /// The (lower-cased) names of the columns a CREATE TABLE declares `COLLATE NOCASE`.
    static func caseInsensitiveColumns(_ sql: String) -> Set<String> {
        var names = Set<String>()
        for line in sql.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "(" }) where line.uppercased().contains("COLLATE NOCASE") {
            if let first = line.split(separator: " ", omittingEmptySubsequences: true).first {
                names.insert(first.trimmingCharacters(in: "\"`[]").lowercased())
            }
        }
        return names
    }

    /// A CREATE INDEX as PostgreSQL takes it: the same but for `COLLATE NOCASE`.
    static func index(_ sql: String) -> String {
        sql.replacing("COLLATE NOCASE", with: "COLLATE funnel_nocase")
    }

    /// A SQLite trigger (`CREATE TRIGGER name AFTER DELETE ON table BEGIN statements; END`) as a
    /// PostgreSQL trigger function and the trigger that calls it for each row.
    static func trigger(_ name: String, sql: String) throws -> [String] {
        let upper = sql.uppercased()
        guard let named = upper.firstRange(of: name.uppercased()), let on = upper.firstRange(of: " ON "),
              let begin = upper.firstRange(of: "BEGIN"), let end = upper.ranges(of: "END").last,
              named.upperBound <= on.lowerBound, on.upperBound <= begin.lowerBound, begin.upperBound <= end.lowerBound else {
            throw DatabaseFailure("trigger \(name) cannot be written for PostgreSQL: \(sql)")
        }
        let timing = sql[named.upperBound..<on.lowerBound].trimmingCharacters(in: " \n")
        let table = sql[on.upperBound..<begin.lowerBound].trimmingCharacters(in: " \n")
        let body = sql[begin.upperBound..<end.lowerBound].trimmingCharacters(in: " \n")
        let function = quoted(name + "_function")
        let result = timing.uppercased().contains("DELETE") ? "OLD" : "NEW"
        return [
            "CREATE FUNCTION \(function)() RETURNS trigger LANGUAGE plpgsql AS $funnel$ BEGIN\n    \(body)\n    RETURN \(result);\nEND $funnel$",
            "CREATE TRIGGER \(quoted(name)) \(timing) ON \(table) FOR EACH ROW EXECUTE FUNCTION \(function)()",
        ]
    }

    static func quoted(_ name: String) -> String { "\"" + name.replacing("\"", with: "\"\"") + "\"" }
}

extension StringProtocol {
    /// The text without the given characters at either end.
    func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters)
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
