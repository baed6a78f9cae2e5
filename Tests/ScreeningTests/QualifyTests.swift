import FunnelModel
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

@Suite struct QualifyTests {
    let qualified = "lead add \"杭州钢铁\" --company \"杭州钢铁有限公司\" --email w@hz.cn --budget 50000 --authority yes --need 3 --timeline 30 --region 华东 --industry steel"

    @Test func qualifyingMakesALinkedCustomerContactAndDeal() throws {
        let shell = try TestShell()
        try shell.run(qualified + "; lead screen L-1")
        let links = try #require(try shell.rows("lead qualify L-1 --owner alice").first)
        #expect(links["customer"] == .id(.init(.customer, 1)))
        #expect(links["deal"] == .id(.init(.deal, 1)))
        let customer = try #require(try shell.query("SELECT name, lead_id FROM customers").first)
        #expect(customer.text("name") == "杭州钢铁有限公司")
        #expect(customer.integer("lead_id") == 1)
        let contact = try #require(try shell.query("SELECT name, email, role, customer_id FROM contacts").first)
        #expect(contact.text("email") == "w@hz.cn")
        #expect(contact.text("role") == "decision maker")
        let deal = try #require(try shell.query("SELECT stage, status, value_minor, owner, lead_id FROM deals").first)
        #expect(deal.text("stage") == "discover")
        #expect(deal.text("status") == "open")
        #expect(deal.integer("value_minor") == 5_000_000)
        #expect(deal.text("owner") == "alice")
        let lead = try #require(try shell.query("SELECT status, owner, customer_id, deal_id FROM leads").first)
        #expect(lead.text("status") == "converted")
        #expect(lead.integer("deal_id") == 1)
        let events = try shell.query("SELECT type, subject FROM events WHERE type IN ('lead.converted', 'customer.created', 'deal.created') ORDER BY id")
        #expect(events.map { "\($0.text("type") ?? "") \($0.text("subject") ?? "")" } == ["lead.converted L-1", "customer.created C-1", "deal.created D-1"])
    }

    @Test func onlyScreenedLeadsQualifyAndOnlyOnce() throws {
        let shell = try TestShell()
        try shell.run("lead add Fresh")
        #expect(shell.failure(of: "lead qualify L-1")?.description.contains("L-1 is new, not qualified") == true)
        try shell.run("lead qualify L-1 --force")
        #expect(shell.failure(of: "lead qualify L-1 --force")?.description.contains("already converted") == true)
        #expect(try shell.query("SELECT count(*) AS n FROM deals").first?.integer("n") == 1)
    }

    /// Screening a converted lead again would mark it qualified and let it be converted twice.
    @Test func aConvertedLeadIsNotScreenedAgainSoItCannotBeConvertedTwice() throws {
        let shell = try TestShell()
        try shell.run(qualified + "; lead screen L-1; lead qualify L-1; lead add Other --budget 50000 --authority yes --need 3 --timeline 30")
        let named = try #require(shell.failure(of: "lead screen L-1"))
        #expect(named.description.contains("L-1 is converted (deal D-1): a converted lead is not screened again"))
        #expect(try shell.rows("lead screen L-1 --dry-run").first?["verdict"] == .string("qualified"))  // changes nothing
        let rows = try shell.rows("lead list | lead screen")
        #expect(rows.map { $0["id"] } == [.id(.init(.lead, 2))])
        #expect(shell.output.notes.contains("1 converted lead not screened again: L-1"))
        #expect(try shell.query("SELECT status FROM leads ORDER BY id").map { $0.text("status") } == ["converted", "qualified"])
        #expect(shell.failure(of: "lead qualify L-1 --force")?.description.contains("already converted") == true)
        #expect(try shell.query("SELECT count(*) AS n FROM deals").first?.integer("n") == 1)
    }

    @Test func assignmentByRuleRoundRobinAndLoad() throws {
        let shell = try TestShell()
        try shell.run("""
        config set screen.assign.owners "alice, bob, carol"
        config set screen.assign.region.华东 dora
        lead add A --region 华东; lead add B; lead add C; lead add D
        """)
        let owners = try shell.rows("lead list | lead qualify --force").map { $0["owner"]?.plainText ?? "" }
        #expect(owners == ["dora", "alice", "bob", "carol"])
        try shell.run("config set screen.assign.mode load; lead add E; lead add F")
        // alice, bob and carol have one open deal each; ties go to the first listed.
        #expect(try shell.rows("lead qualify L-5 --force").first?["owner"] == .string("alice"))
        #expect(try shell.rows("lead qualify L-6 --force").first?["owner"] == .string("bob"))
        #expect(try shell.rows("lead add G --owner zoe; lead qualify L-7 --force").first?["owner"] == .string("zoe"))
        #expect(shell.failure(of: "config set screen.assign.mode lottery")?.description.contains("\"lottery\" is not round-robin or load") == true)
        try shell.execute("INSERT INTO settings (key, value) VALUES ('screen.assign.mode', 'lottery') ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        try shell.run("lead add H")
        #expect(shell.failure(of: "lead qualify L-8 --force")?.description.contains("not round-robin or load") == true)
    }

    @Test func dryRunShowsTheAssignmentAndChangesNothing() throws {
        let shell = try TestShell()
        try shell.run(qualified + "; lead screen L-1")
        #expect(try shell.rows("lead qualify L-1 --dry-run").first?["customer"] == .string("杭州钢铁有限公司"))
        #expect(try shell.query("SELECT count(*) AS n FROM customers").first?.integer("n") == 0)
    }
}
