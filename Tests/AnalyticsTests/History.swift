import FunnelTestSupport
import StageKit

/// A small hand-made history, "now" 2026-02-20, whose figures the tests work out by hand:
///
/// - Leads: L-1 (web, 01-05) → D-1; L-2 (web, 01-10) → D-2; L-3 (expo, 01-20) disqualified; L-4 (expo, 02-03) new.
/// - D-1 alice, from L-1: discover 01-06, recommend 01-10, negotiate 01-20, sign 02-01, won 02-05, 10,000 CNY.
/// - D-2 bob, from L-2: discover 01-11, recommend 01-21, lost 02-01 ("price: too high"), 5,000 CNY.
/// - D-3 alice, imported (no lead, no stage history): negotiate, lost 01-15 ("competitor"), zero value.
/// - D-4 bob: discover 01-25, open, never engaged since, no value.
/// - D-5 carol: sign, won, no close date and no journal (missing dates), 3,000 CNY.
/// - D-6 alice: discover 01-28, recommend 02-01, negotiate 02-05, open, 8,000 CNY, expected to close 03-15.
/// - Invoices: I-1 6,000 due 02-10 paid 02-14 (4 days late); I-2 4,000 due 03-07 unpaid; I-3 1,000 due
///   01-20, 500 paid 01-25 (overdue); I-4 2,000 due 01-30 paid 01-29.
enum History {
    static func shell() throws -> TestShell {
        let shell = try TestShell(now: "2026-02-20")
        try shell.execute("""
            PRAGMA defer_foreign_keys = ON;
            INSERT INTO customers (id, name, created_at, tier) VALUES (1, 'Acme', '2026-01-06T00:00:00Z', 'gold'), (2, 'Beta', '2026-01-11T00:00:00Z', NULL);
            INSERT INTO leads (id, name, source, status, created_at, deal_id) VALUES
              (1, 'Acme', 'web', 'converted', '2026-01-05T00:00:00Z', 1), (2, 'Beta', 'web', 'converted', '2026-01-10T00:00:00Z', 2),
              (3, 'Gamma', 'expo', 'disqualified', '2026-01-20T00:00:00Z', NULL), (4, 'Delta', 'expo', 'new', '2026-02-03T00:00:00Z', NULL);
            INSERT INTO deals (id, customer_id, title, stage, status, value_minor, value_currency, owner, created_at, lead_id, closed_at, lost_reason, expected_close) VALUES
              (1, 1, 'D1', 'sign', 'won', 1000000, 'CNY', 'alice', '2026-01-06T00:00:00Z', 1, '2026-02-05T00:00:00Z', NULL, NULL),
              (2, 2, 'D2', 'recommend', 'lost', 500000, 'CNY', 'bob', '2026-01-11T00:00:00Z', 2, '2026-02-01T00:00:00Z', 'price: too high', NULL),
              (3, 1, 'D3', 'negotiate', 'lost', 0, 'CNY', 'alice', '2025-12-01T00:00:00Z', NULL, '2026-01-15T00:00:00Z', 'competitor', NULL),
              (4, 2, 'D4', 'discover', 'open', NULL, NULL, 'bob', '2026-01-25T00:00:00Z', NULL, NULL, NULL, NULL),
              (5, 1, 'D5', 'sign', 'won', 300000, 'CNY', 'carol', '2026-01-02T00:00:00Z', NULL, NULL, NULL, NULL),
              (6, 1, 'D6', 'negotiate', 'open', 800000, 'CNY', 'alice', '2026-01-28T00:00:00Z', NULL, NULL, NULL, '2026-03-15T00:00:00Z');
            INSERT INTO events (at, actor, subject, slot, implementation, type, payload) VALUES
              ('2026-01-06T00:00:00Z', 't', 'D-1', 'screen', 'bant', 'deal.created', '{"stage":"discover"}'),
              ('2026-01-10T00:00:00Z', 't', 'D-1', 'discover', 'needs', 'deal.advanced', '{"from":"discover","to":"recommend"}'),
              ('2026-01-20T00:00:00Z', 't', 'D-1', 'recommend', 'catalog', 'deal.advanced', '{"from":"recommend","to":"negotiate"}'),
              ('2026-02-01T00:00:00Z', 't', 'D-1', 'negotiate', 'quotes', 'deal.advanced', '{"from":"negotiate","to":"sign"}'),
              ('2026-02-05T00:00:00Z', 't', 'D-1', 'sign', 'contracts', 'deal.won', '{}'),
              ('2026-01-11T00:00:00Z', 't', 'D-2', 'screen', 'bant', 'deal.created', '{"stage":"discover"}'),
              ('2026-01-21T00:00:00Z', 't', 'D-2', 'discover', 'needs', 'deal.advanced', '{"from":"discover","to":"recommend"}'),
              ('2026-02-01T00:00:00Z', 't', 'D-2', 'discover', 'needs', 'deal.lost', '{"stage":"recommend"}'),
              ('2026-01-15T00:00:00Z', 't', 'D-3', 'capture', 'forms', 'deal.imported', '{"stage":"negotiate","status":"lost"}'),
              ('2026-01-25T00:00:00Z', 't', 'D-4', 'revisit', 'cadence', 'deal.created', '{"stage":"discover"}'),
              ('2026-01-28T00:00:00Z', 't', 'D-6', 'screen', 'bant', 'deal.created', '{"stage":"discover"}'),
              ('2026-02-01T00:00:00Z', 't', 'D-6', 'discover', 'needs', 'deal.advanced', '{"from":"discover","to":"recommend"}'),
              ('2026-02-05T00:00:00Z', 't', 'D-6', 'recommend', 'catalog', 'deal.advanced', '{"from":"recommend","to":"negotiate"}');
            INSERT INTO invoices (id, number, customer_id, kind, amount_minor, currency, issued_on, due_on, status) VALUES
              (1, 'INV-1', 1, 'balance', 600000, 'CNY', '2026-02-05T00:00:00Z', '2026-02-10T00:00:00Z', 'paid'),
              (2, 'INV-2', 1, 'balance', 400000, 'CNY', '2026-02-05T00:00:00Z', '2026-03-07T00:00:00Z', 'open'),
              (3, 'INV-3', 2, 'balance', 100000, 'CNY', '2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z', 'open'),
              (4, 'INV-4', 2, 'balance', 200000, 'CNY', '2026-01-15T00:00:00Z', '2026-01-30T00:00:00Z', 'paid');
            INSERT INTO payments (invoice_id, amount_minor, currency, paid_on, method) VALUES
              (1, 600000, 'CNY', '2026-02-14T00:00:00Z', 'transfer'), (3, 50000, 'CNY', '2026-01-25T00:00:00Z', 'transfer'),
              (4, 200000, 'CNY', '2026-01-29T00:00:00Z', 'transfer')
            """)
        // The stage entries (and stay ends) the journal keeps for these events.
        try shell.execute(DealStageProjection.rebuild(for: shell.dialect).joined(separator: ";\n"))
        return shell
    }
}
