/// The tables every stage shares: leads, customers, contacts, deals, the journal and settings.
///
/// Portable SQL: it runs unchanged on SQLite and PostgreSQL (where AUTOINCREMENT becomes an identity
/// column). Ids are never reused: a deleted lead's id stays in the journal. Stage modules add their own tables
/// through their `migrations`.
public enum CoreSchema {
    /// The secondary indexes of `leads`, as the migrations create them; bulk loads drop and rebuild
    /// them (`LeadTable.bulkLoad`). Never change one: add a migration instead.
    public static let leadIndexes: [(name: String, create: String)] = [
        ("leads_status", "CREATE INDEX leads_status ON leads(status)"),
        ("leads_budget", "CREATE INDEX leads_budget ON leads(budget_currency, budget_minor)"),
        ("leads_email_key", "CREATE INDEX leads_email_key ON leads(email_key) WHERE email_key IS NOT NULL"),
        ("leads_phone_key", "CREATE INDEX leads_phone_key ON leads(phone_key) WHERE phone_key IS NOT NULL"),
        ("leads_company_key", "CREATE INDEX leads_company_key ON leads(company_key) WHERE company_key IS NOT NULL"),
        ("leads_converted", "CREATE INDEX leads_converted ON leads(id) WHERE customer_id IS NOT NULL OR deal_id IS NOT NULL"),
    ]

    /// The indexes of `deals`: by owner and status (v4), and the covering indexes a period's deals are
    /// read from (v12). A rebuild of the table (v22) makes them again. Never change one: add a migration.
    static let dealIndexes = [
        "CREATE INDEX deals_owner_status ON deals(owner, status)",
        "CREATE INDEX deals_by_close ON deals(closed_at, status, owner, product, stage, value_currency, value_minor, lead_id, customer_id, created_at)",
        "CREATE INDEX deals_by_opening ON deals(created_at, status, owner, product, stage, value_currency, value_minor, lead_id, customer_id, closed_at)",
    ]

    /// Whether one of the core indexes of `table` starts with `column`: the database then finds the
    /// column's distinct values with one seek each (e.g. the currencies of lead budgets) instead of
    /// reading every row.
    public static func hasIndex(on table: String, startingWith column: String) -> Bool {
        (leadIndexes.map(\.create) + dealIndexes).contains { create in
            create.contains(" ON \(table)(\(column),") || create.contains(" ON \(table)(\(column))")
        }
    }

    /// The journal's index by subject (`journal list L-1`), as migration v1 creates it.
    static let journalSubjectIndex = (name: "events_subject", create: "CREATE INDEX events_subject ON events(subject)")

    public static let migrations: [Migration] = [
        Migration(module: "core", name: "v1-shared-entities", statements: [
            """
            CREATE TABLE leads (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL,
                company TEXT, email TEXT, phone TEXT, source TEXT, owner TEXT, region TEXT, industry TEXT,
                budget_minor INTEGER, budget_currency TEXT,
                authority INTEGER, need INTEGER, timeline_days INTEGER,
                status TEXT NOT NULL DEFAULT 'new',
                score INTEGER,
                created_at TEXT NOT NULL
            )
            """,
            CoreSchema.leadIndexes[0].create,
            """
            CREATE TABLE customers (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL,
                lead_id INTEGER REFERENCES leads(id),
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE contacts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                name TEXT NOT NULL, email TEXT, phone TEXT, role TEXT
            )
            """,
            """
            CREATE TABLE deals (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                title TEXT NOT NULL,
                stage TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'open',
                value_minor INTEGER, value_currency TEXT,
                owner TEXT,
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                subject TEXT NOT NULL,
                slot TEXT NOT NULL,
                implementation TEXT NOT NULL,
                type TEXT NOT NULL,
                payload TEXT NOT NULL
            )
            """,
            CoreSchema.journalSubjectIndex.create,
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ]),
        Migration(module: "core", name: "v2-budget-index", statements: [
            // Budget filters and the currencies present are read from this index, not the table.
            CoreSchema.leadIndexes[1].create,
        ]),
        Migration(module: "core", name: "v3-lead-capture-fields", statements: [
            "ALTER TABLE leads ADD COLUMN campaign TEXT",
            "ALTER TABLE leads ADD COLUMN tags TEXT",
            "ALTER TABLE leads ADD COLUMN purchase_frequency TEXT",
            // Normalised e-mail, phone and company (FunnelModel's DuplicateKeys) for duplicate detection.
            "ALTER TABLE leads ADD COLUMN email_key TEXT",
            "ALTER TABLE leads ADD COLUMN phone_key TEXT",
            "ALTER TABLE leads ADD COLUMN company_key TEXT",
            CoreSchema.leadIndexes[2].create, CoreSchema.leadIndexes[3].create, CoreSchema.leadIndexes[4].create,
        ]),
        Migration(module: "core", name: "v4-lead-conversion", statements: [
            // Qualifying a lead makes a customer, a contact and a deal; each side points to the other.
            "ALTER TABLE leads ADD COLUMN customer_id INTEGER REFERENCES customers(id)",
            "ALTER TABLE leads ADD COLUMN deal_id INTEGER REFERENCES deals(id)",
            "ALTER TABLE deals ADD COLUMN lead_id INTEGER REFERENCES leads(id)",
            "ALTER TABLE contacts ADD COLUMN lead_id INTEGER REFERENCES leads(id)",
            CoreSchema.dealIndexes[0],
        ]),
        Migration(module: "core", name: "v5-needs-and-products", statements: [
            // Needs are found in discovery and matched in recommendation; products are quoted, signed
            // and shipped by later stages: both are shared.
            """
            CREATE TABLE needs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deal_id INTEGER NOT NULL REFERENCES deals(id),
                kind TEXT NOT NULL,
                description TEXT NOT NULL,
                priority TEXT NOT NULL
            )
            """,
            "CREATE INDEX needs_deal ON needs(deal_id)",
            // What analytics read of a deal's history, also for deals imported from another CRM.
            "ALTER TABLE deals ADD COLUMN closed_at TEXT",
            "ALTER TABLE deals ADD COLUMN product TEXT",
            "ALTER TABLE deals ADD COLUMN lost_reason TEXT",
            "CREATE INDEX customers_name ON customers(name)",
            """
            CREATE TABLE products (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                sku TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                category TEXT,
                price_minor INTEGER NOT NULL,
                price_currency TEXT NOT NULL,
                addresses TEXT,
                stock INTEGER NOT NULL DEFAULT 0,
                lead_time_days INTEGER NOT NULL DEFAULT 0
            )
            """,
        ]),
        Migration(module: "core", name: "v6-product-cost", statements: [
            // What a unit costs us, for the margin a quote leaves.
            "ALTER TABLE products ADD COLUMN cost_minor INTEGER",
        ]),
        Migration(module: "core", name: "v7-contracts", statements: [
            // Signed in the sign stage; invoiced, served and revisited by the stages after it.
            """
            CREATE TABLE contracts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deal_id INTEGER NOT NULL REFERENCES deals(id),
                quote_id INTEGER,
                version INTEGER NOT NULL,
                status TEXT NOT NULL,
                total_minor INTEGER NOT NULL,
                currency TEXT NOT NULL,
                delivery_date TEXT NOT NULL,
                payment_terms TEXT NOT NULL,
                deposit_bp INTEGER NOT NULL DEFAULT 0,
                net_days INTEGER NOT NULL DEFAULT 30,
                installments INTEGER NOT NULL DEFAULT 1,
                warranty_months INTEGER NOT NULL DEFAULT 0,
                service_level TEXT NOT NULL,
                signatory TEXT NOT NULL,
                signed_on TEXT NOT NULL,
                supersedes INTEGER REFERENCES contracts(id),
                reason TEXT,
                created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX contracts_deal ON contracts(deal_id)",
        ]),
        Migration(module: "core", name: "v8-receivables", statements: [
            // Issued and collected in the payment stage; read by service, revisit and analytics.
            """
            CREATE TABLE invoices (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                number TEXT NOT NULL UNIQUE,
                contract_id INTEGER REFERENCES contracts(id),
                customer_id INTEGER REFERENCES customers(id),
                kind TEXT NOT NULL,
                amount_minor INTEGER NOT NULL,
                currency TEXT NOT NULL,
                issued_on TEXT NOT NULL,
                due_on TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'open'
            )
            """,
            "CREATE INDEX invoices_customer ON invoices(customer_id)",
            """
            CREATE TABLE payments (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                invoice_id INTEGER NOT NULL REFERENCES invoices(id),
                amount_minor INTEGER NOT NULL,
                currency TEXT NOT NULL,
                paid_on TEXT NOT NULL,
                method TEXT NOT NULL,
                reference TEXT
            )
            """,
            "CREATE INDEX payments_invoice ON payments(invoice_id)",
        ]),
        Migration(module: "core", name: "v9-service-and-revisits", statements: [
            // After-sales tickets (service stage) and customer revisits (revisit stage); reviews read both.
            """
            CREATE TABLE tickets (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                contract_id INTEGER REFERENCES contracts(id),
                kind TEXT NOT NULL,
                priority TEXT NOT NULL,
                summary TEXT NOT NULL,
                status TEXT NOT NULL,
                opened_at TEXT NOT NULL,
                due_at TEXT NOT NULL,
                resolved_at TEXT,
                resolution TEXT,
                satisfaction INTEGER
            )
            """,
            "CREATE INDEX tickets_customer ON tickets(customer_id)",
            "ALTER TABLE customers ADD COLUMN tier TEXT",
            """
            CREATE TABLE revisits (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                due_on TEXT NOT NULL,
                done_on TEXT,
                outcome TEXT,
                nps INTEGER,
                deal_id INTEGER REFERENCES deals(id)
            )
            """,
            "CREATE INDEX revisits_customer ON revisits(customer_id)",
        ]),
        Migration(module: "core", name: "v10-deal-analytics", statements: [
            // When the owner expects a deal to close, for the forecast by month.
            "ALTER TABLE deals ADD COLUMN expected_close TEXT",
            // Reports of a period find its deals by when they opened or closed.
            "CREATE INDEX deals_created ON deals(created_at)",
            "CREATE INDEX deals_closed ON deals(closed_at)",
            // Every stage a deal entered and when: a projection of the journal's `deal.created` and
            // `deal.advanced` events, kept by `StageContext.journal`, so time-in-stage reports read a
            // narrow table in deal order instead of parsing millions of event payloads.
            """
            CREATE TABLE deal_stages (
                deal_id INTEGER NOT NULL,
                entered_at TEXT NOT NULL,
                event_id INTEGER NOT NULL,
                stage TEXT NOT NULL,
                PRIMARY KEY (deal_id, entered_at, event_id)
            ) WITHOUT ROWID
            """,
            """
            INSERT INTO deal_stages (deal_id, entered_at, event_id, stage)
            SELECT CAST(substr(subject, 3) AS INTEGER), at, id,
                   CASE type WHEN 'deal.advanced' THEN json_extract(payload, '$.to') ELSE coalesce(json_extract(payload, '$.stage'), 'discover') END
            FROM events WHERE type IN ('deal.created', 'deal.advanced') AND subject LIKE 'D-%'
            """,
            "CREATE INDEX deal_stages_entered ON deal_stages(entered_at)",
        ]),
        Migration(module: "core", name: "v11-stay-ends", statements: [
            // When each stay ended (the deal entered its next stage), kept by `DealStageProjection`, and an
            // index a period's stays are read from alone: measured 1.7x faster than ordering every stay
            // of the period's deals to find each one's successor (docs/benchmarks.md).
            "ALTER TABLE deal_stages ADD COLUMN left_at TEXT",
            DealStageProjection.fillLeftAt,
            "DROP INDEX deal_stages_entered",
            "CREATE INDEX deal_stages_entered ON deal_stages(entered_at, stage, left_at)",
        ]),
        Migration(module: "core", name: "v12-period-covering-indexes", statements: [
            // A period's deals (closed in it, or opened in it) are read from these indexes alone, with
            // what win/loss, segments, the funnel and the forecast need: a quarter's review measured
            // about 0.6 s faster (docs/benchmarks.md), for about a fifth more file.
            CoreSchema.dealIndexes[1], CoreSchema.dealIndexes[2],
            "DROP INDEX deals_created",
            "DROP INDEX deals_closed",
        ]),
        Migration(module: "core", name: "v13-converted-leads-index", statements: [
            // The leads a customer and a deal refer to (`LeadTable.converted`): screening a million leads
            // finds the few converted ones here instead of reading every row.
            CoreSchema.leadIndexes[5].create,
        ]),
        // The hand-off from negotiate to sign (`AcceptedQuote`): what signing reads, whichever
        // implementation negotiated. The built-in negotiation copies quotes accepted before it.
        Migration(module: "core", name: "v14-accepted-quotes", statements: AcceptedQuote.schema),
        // The hand-off from recommend to negotiate (`Proposal`). The built-in recommendation copies
        // the proposals it kept in its own table.
        Migration(module: "core", name: "v15-proposed-products", statements: Proposal.schema),
        // Records of a slot's own kinds, for slots the lifecycle does not know (`SlotRecord`).
        Migration(module: "core", name: "v16-slot-records", statements: SlotRecord.schema),
        Migration(module: "core", name: "v17-budget-confirmed", statements: [
            // Asked by the discover slot's gate whichever implementation found it (`BudgetConfirmation`);
            // the built-in discovery copies what its own table held (discovery v2).
            "ALTER TABLE deals ADD COLUMN budget_confirmed INTEGER NOT NULL DEFAULT 0",
        ]),
        // One counter of quote ids for every negotiate implementation (`QuoteIDs`). The built-in
        // negotiation raises it above the quotes it numbered itself before.
        Migration(module: "core", name: "v18-quote-ids", statements: QuoteIDs.schema),
        // The payment slot's dunning steps on overdue invoices (`DunningReminder`), whichever implementation took them.
        Migration(module: "core", name: "v19-dunning-reminders", statements: DunningReminder.schema),
        // Other names of catalog products in imported files (`ProductAlias`): written by the catalog's
        // `product alias`, read by `deal import`.
        Migration(module: "core", name: "v20-product-aliases", statements: ProductAlias.schema),
        // A team's own fields on leads, deals and products (`CustomFields`): declared by `field add`
        // or an import's `--keep-extra`, shown, filtered and exported with the built-in ones.
        Migration(module: "core", name: "v21-custom-fields", statements: CustomFields.schema),
        // A deal's creation day and stage may be unknown (imported without them): NULL, where they were
        // stored as the empty text because the columns were NOT NULL since v1.
        Migration(module: "core", name: "v22-unknown-deal-dates-and-stages", statements: CoreSchema.dealsWithUnknowns),
        // Money custom fields' currencies.
        Migration(module: "core", name: "v23-custom-money", statements: CustomFields.moneySchema),
        // Custom fields on customers, invoices and payments: their values go with a deleted row.
        Migration(module: "core", name: "v24-custom-fields-on-receivables", statements: CustomFields.receivablesSchema),
        // A lead's creation day may be unknown (imported from a file without one): NULL, as v22 made
        // deals' (leads imported before were dated at the import; that cannot be told apart now).
        Migration(module: "core", name: "v25-unknown-lead-dates", statements: CoreSchema.leadsWithUnknownDates),
        // Bulk decisions (`DecisionRun`): one journal event per run and a narrow row per subject decided,
        // where screening journaled one JSON event per lead. Events journaled before stay as they are:
        // readers read both.
        Migration(module: "core", name: "v26-decision-runs", statements: DecisionRun.schema),
        // Each distinct reasons line of bulk decisions stored once (`decision_reasons`), where every
        // decision carried its own copy: a million screened leads wrote 146 MB, now 28 MB.
        Migration(module: "core", name: "v27-decision-reasons", statements: DecisionRun.reasonsSchema),
    ]

    /// SQLite cannot drop a NOT NULL constraint, so v22 rebuilds `deals` (SQLite's table rebuild, with
    /// foreign keys off while a migration runs and checked before it commits): a new table of the same
    /// columns in the same order, where `stage` and `created_at` may be NULL; every row copied with
    /// the empty text made NULL; the old table dropped and the new one renamed; the AUTOINCREMENT
    /// counter kept (ids of deleted deals are never reused); its indexes and trigger made again.
    static let dealsWithUnknowns: [String] = [
        """
        CREATE TABLE deals_v22 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            title TEXT NOT NULL,
            stage TEXT,
            status TEXT NOT NULL DEFAULT 'open',
            value_minor INTEGER, value_currency TEXT,
            owner TEXT,
            created_at TEXT,
            lead_id INTEGER REFERENCES leads(id),
            closed_at TEXT,
            product TEXT,
            lost_reason TEXT,
            expected_close TEXT,
            budget_confirmed INTEGER NOT NULL DEFAULT 0
        )
        """,
        """
        INSERT INTO deals_v22 (id, customer_id, title, stage, status, value_minor, value_currency, owner, created_at, lead_id,
                               closed_at, product, lost_reason, expected_close, budget_confirmed)
        SELECT id, customer_id, title, nullif(stage, ''), status, value_minor, value_currency, owner, nullif(created_at, ''), lead_id,
               closed_at, product, lost_reason, expected_close, budget_confirmed
        FROM deals
        """,
        "DELETE FROM sqlite_sequence WHERE name = 'deals_v22'",
        "INSERT INTO sqlite_sequence (name, seq) SELECT 'deals_v22', seq FROM sqlite_sequence WHERE name = 'deals'",
        "DROP TABLE deals",
        "ALTER TABLE deals_v22 RENAME TO deals",
        // The indexes of v4 and v12, and the trigger of v21, as they were.
    ] + CoreSchema.dealIndexes + [CustomFields.deleteTrigger(.deal)]

    /// v25 rebuilds `leads` as v22 rebuilt `deals`, so `created_at` may be NULL: the same columns in
    /// the same order, every row copied, the AUTOINCREMENT counter kept, its indexes and trigger made again.
    static let leadsWithUnknownDates: [String] = [
        """
        CREATE TABLE leads_v25 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            company TEXT, email TEXT, phone TEXT, source TEXT, owner TEXT, region TEXT, industry TEXT,
            budget_minor INTEGER, budget_currency TEXT,
            authority INTEGER, need INTEGER, timeline_days INTEGER,
            status TEXT NOT NULL DEFAULT 'new',
            score INTEGER,
            created_at TEXT,
            campaign TEXT, tags TEXT, purchase_frequency TEXT, email_key TEXT, phone_key TEXT, company_key TEXT,
            customer_id INTEGER REFERENCES customers(id),
            deal_id INTEGER REFERENCES deals(id)
        )
        """,
        """
        INSERT INTO leads_v25 (id, name, company, email, phone, source, owner, region, industry, budget_minor, budget_currency,
                               authority, need, timeline_days, status, score, created_at, campaign, tags, purchase_frequency,
                               email_key, phone_key, company_key, customer_id, deal_id)
        SELECT id, name, company, email, phone, source, owner, region, industry, budget_minor, budget_currency,
               authority, need, timeline_days, status, score, nullif(created_at, ''), campaign, tags, purchase_frequency,
               email_key, phone_key, company_key, customer_id, deal_id
        FROM leads
        """,
        "DELETE FROM sqlite_sequence WHERE name = 'leads_v25'",
        "INSERT INTO sqlite_sequence (name, seq) SELECT 'leads_v25', seq FROM sqlite_sequence WHERE name = 'leads'",
        "DROP TABLE leads",
        "ALTER TABLE leads_v25 RENAME TO leads",
    ] + CoreSchema.leadIndexes.map(\.create) + [CustomFields.deleteTrigger(.lead)]
}
