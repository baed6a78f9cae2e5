import StageKit

/// The discover stage's own tables (needs are a core table: recommendation reads them).
enum DiscoverySchema {
    static let migrations = [
        Migration(module: "discovery", name: "v1", statements: [
            """
            CREATE TABLE activities (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deal_id INTEGER NOT NULL REFERENCES deals(id),
                kind TEXT NOT NULL,
                summary TEXT NOT NULL,
                occurred_on TEXT NOT NULL,
                participants TEXT,
                actor TEXT NOT NULL
            )
            """,
            "CREATE INDEX activities_deal ON activities(deal_id)",
            """
            CREATE TABLE stakeholders (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deal_id INTEGER NOT NULL REFERENCES deals(id),
                name TEXT NOT NULL,
                role TEXT,
                decides INTEGER NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE TABLE competitors (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deal_id INTEGER NOT NULL REFERENCES deals(id),
                name TEXT NOT NULL,
                notes TEXT
            )
            """,
            "CREATE TABLE deal_discovery (deal_id INTEGER PRIMARY KEY REFERENCES deals(id), budget_confirmed INTEGER NOT NULL DEFAULT 0)",
        ]),
        Migration(module: "discovery", name: "v2-budget-confirmed-handed-off", statements: [
            // A confirmed budget is a hand-off of the discover slot now, on the core deals row (core v17).
            "UPDATE deals SET budget_confirmed = TRUE WHERE id IN (SELECT deal_id FROM deal_discovery WHERE budget_confirmed = TRUE)",
            "DROP TABLE deal_discovery",
        ]),
    ]
}
