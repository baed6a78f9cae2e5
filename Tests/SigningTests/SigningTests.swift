import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

@Suite struct SigningTests {
    static let accepted = """
    lead add "宁波港务"; lead qualify L-1 --force
    product add GTX-PRO "GTX Pro" --price 4821
    quote add D-1 --line 'GTX-PRO x 20' --discount 8% --override; quote approve Q-1 --by manager
    quote send Q-1; quote accept Q-1
    """

    @Test func signingAnAcceptedQuoteWinsTheDeal() throws {
        let shell = try TestShell()
        try shell.run(Self.accepted)
        #expect(try shell.run("contract sign Q-1 --delivery 2026-03-01 --payment '30% deposit, 70% net 30' --warranty 12month --service gold --signatory 王经理")
                == "K-1 signed · D-1 won · 88,706.40 CNY, delivery 2026-03-01, 30% deposit, 70% net 30\n")
        let contract = try #require(try shell.query("SELECT * FROM contracts").first)
        #expect(contract.integer("deposit_bp") == 3000)
        #expect(contract.integer("net_days") == 30)
        #expect(contract.integer("warranty_months") == 12)
        #expect(contract.text("service_level") == "gold")
        let deal = try #require(try shell.query("SELECT status, value_minor, closed_at FROM deals").first)
        #expect(deal.text("status") == "won")
        #expect(deal.integer("value_minor") == 8_870_640)
        #expect(deal.text("closed_at") == "2026-01-31T00:00:00Z")
        #expect(shell.failure(of: "contract sign Q-1 --delivery 2026-03-01 --signatory x")?.description.contains("already signed") == true)
    }

    @Test func onlyAcceptedQuotesAreSignedAndTermsMustMakeSense() throws {
        let shell = try TestShell()
        try shell.run("lead add A; lead qualify L-1 --force; product add P Pee --price 10; quote add D-1 --line 'P x 1' --override")
        #expect(shell.failure(of: "contract sign Q-1 --delivery 2026-03-01 --signatory x")?.description.contains("Q-1 is not an accepted quote; only an accepted quote is signed") == true)
        try shell.run("quote send Q-1; quote accept Q-1")
        #expect(shell.failure(of: "contract sign Q-1 --delivery 2026-03-01 --signatory x --payment 'pay whenever'")?.description.contains("is not understood") == true)
        #expect(shell.failure(of: "contract sign Q-1 --delivery 2026-03-01 --signatory x --warranty forever")?.description.contains("not a number of months") == true)
        #expect(shell.failure(of: "contract sign Q-1 --delivery 2026-03-01")?.description.contains("say who signed") == true)
        #expect(try shell.query("SELECT count(*) AS n FROM contracts").first?.integer("n") == 0)
        try shell.run("contract sign Q-1 --delivery 2026-03-01 --signatory x --payment 'net 45, 3 installments'")
        let terms = try #require(try shell.query("SELECT net_days, installments FROM contracts").first)
        #expect(terms.integer("net_days") == 45)
        #expect(terms.integer("installments") == 3)
    }

    @Test func amendmentsAreVersionsAndCancellingNeedsAReason() throws {
        let shell = try TestShell()
        try shell.run(Self.accepted + "\ncontract sign Q-1 --delivery 2026-03-01 --signatory 王经理")
        #expect(shell.failure(of: "contract amend K-1 --delivery 2026-04-01")?.description.contains("say why it is amended") == true)
        #expect(try shell.run("contract amend K-1 --delivery 2026-04-01 --reason \"port strike\"") == "K-2 amends K-1 (version 2): port strike\n")
        #expect(try shell.rows("contract list").map { $0["status"]?.plainText } == ["amended", "signed"])
        #expect(shell.failure(of: "contract cancel K-2")?.description.contains("a cancellation needs a reason") == true)
        try shell.run("contract cancel K-2 --reason \"budget withdrawn\"")
        let deal = try #require(try shell.query("SELECT status, lost_reason FROM deals").first)
        #expect(deal.text("status") == "lost")
        #expect(deal.text("lost_reason") == "contract cancelled: budget withdrawn")
    }
}
