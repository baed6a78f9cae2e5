import FunnelStore
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

@Suite struct ServiceTests {
    static let signed = """
    lead add "宁波港务"; lead qualify L-1 --force
    product add P Pee --price 100
    quote add D-1 --line 'P x 1' --override; quote send Q-1; quote accept Q-1
    contract sign Q-1 --delivery 2026-03-01 --service gold --signatory 王经理
    """

    @Test func ticketsAreDueWithinTheContractsServiceLevel() throws {
        let shell = try TestShell()
        try shell.run(Self.signed)
        #expect(try shell.run("ticket open C-1 installation \"install 20 units\"") == "T-1 opened for C-1: installation, due 2026-01-31T04:00:00Z (gold, 4h)\n")
        #expect(try shell.run("ticket open C-1 issue \"line down\" --priority urgent") == "T-2 opened for C-1: issue, due 2026-01-31T02:00:00Z (gold, 2h)\n")
        try shell.run("lead add Other; lead qualify L-2 --force")
        #expect(try shell.run("ticket open C-2 support") == "T-3 opened for C-2: support, due 2026-02-05T00:00:00Z (standard, 120h)\n")
        #expect(shell.failure(of: "ticket open C-2 support --contract K-1")?.description.contains("K-1 is not C-2's contract") == true)
    }

    @Test func theStatusFlowResolutionAndSatisfaction() throws {
        let shell = try TestShell()
        try shell.run(Self.signed + "\nticket open C-1 support")
        #expect(shell.failure(of: "ticket resolve T-1 --resolution x")?.description.contains("only a ticket that is in-progress can be resolved") == true)
        try shell.run("ticket start T-1")
        #expect(shell.failure(of: "ticket resolve T-1")?.description.contains("say how it was resolved") == true)
        try shell.run("ticket resolve T-1 --resolution \"replaced the sensor\"")
        #expect(shell.failure(of: "ticket close T-1 --satisfaction 9")?.description.contains("from 1 to 5") == true)
        try shell.run("ticket close T-1 --satisfaction 5")
        let ticket = try #require(try shell.rows("ticket list").first)
        #expect(ticket["status"] == .string("closed"))
        #expect(ticket["satisfaction"] == .int(5))
        let types = try shell.query("SELECT type FROM events WHERE subject = 'T-1' ORDER BY id").map { $0.text("type") ?? "" }
        #expect(types == ["ticket.opened", "ticket.in-progress", "ticket.resolved", "ticket.closed"])
    }

    @Test func overdueAndBreachedTicketsAreListed() throws {
        let shell = try TestShell()
        try shell.run(Self.signed + "\nticket open C-1 support; ticket open C-1 training")
        try shell.store.transaction { try $0.execute("UPDATE tickets SET due_at = '2026-01-30T00:00:00Z'") }
        #expect(try shell.rows("ticket list --overdue").count == 2)
        try shell.run("ticket start T-1")
        #expect(try shell.run("ticket resolve T-1 --resolution late") == "T-1 resolved (after its due time: service level breached)\n")
        #expect(try shell.rows("ticket list --breached").map { $0["id"]?.plainText } == ["T-1"])
        #expect(try shell.rows("ticket list --overdue").map { $0["id"]?.plainText } == ["T-2"])
    }
}
