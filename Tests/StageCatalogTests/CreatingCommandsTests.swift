import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// Commands that create something return the created record: bound, piped on or printed as JSON it
/// is the value (and the command says nothing); unused, the command says what it did instead.
@Suite struct CreatingCommandsTests {
    static func signedDeal() throws -> TestShell {
        let shell = try TestShell(now: "2026-01-31")
        try shell.run("""
        lead add Acme; lead qualify L-1 --force --owner alice
        product add A-1 Alpha --price 1000
        quote add D-1 --line 'A-1 x 2' --override; quote send Q-1; quote accept Q-1
        """)
        return shell
    }

    @Test func contractSignAndPaymentsReturnTheirRecords() throws {
        let shell = try Self.signedDeal()
        #expect(try shell.run("let k = (contract sign Q-1 --delivery 2026-03-01 --payment 'net 30' --signatory Wang --yes); print $k.id $k.deal $k.total") == "K-1\nD-1\n2,000.00 CNY\n")
        try shell.run("invoice generate K-1")
        #expect(try shell.run("let p = (payment add I-1 500 --ref HZ-1 --yes); print $p.remaining $p.status") == "1,500.00 CNY\nopen\n")
        // Unused, the command says what it did and its record is not shown.
        #expect(try shell.run("payment add I-1 1000 --yes") == "received 1,000.00 CNY on I-1 · 500.00 CNY remaining\n")
        #expect(try shell.run("credit note I-1 500 --reason damaged --yes | get status") == "paid\n")
    }

    @Test func discoveryAndRecommendationRecordsAreValues() throws {
        let shell = try Self.signedDeal()
        #expect(try shell.run("competitor add D-1 Kingdee") == "competitor Kingdee added to D-1\n")
        #expect(try shell.run("let c = (competitor add D-1 SAP --notes cheaper); print $c.name $c.notes") == "SAP\ncheaper\n")
        #expect(try shell.run("stakeholder add D-1 王伟 --role CTO --decides | get role") == "CTO\n")
        #expect(try shell.run("evidence add case-study 'Ningbo Port' --products A-1 | get id") == "E-1\n")
        #expect(try shell.run("let o = (objection add D-1 price 'too dear'); print $o.id") == "O-1\n")
        #expect(try shell.run("field add lead employees int | get type") == "int\n")
        #expect(try shell.run("product alias Alfa A-1 | get sku") == "A-1\n")
        // Printed as JSON, the record is the whole of standard output, and the command says nothing.
        let notes = shell.output.notes.count
        #expect(try shell.run("stakeholder add D-1 Li --json") == #"{"deal":"D-1","name":"Li","role":null,"decides":false}"# + "\n")
        #expect(shell.output.notes.count == notes)
    }

    @Test func revisionsAmendmentsAndSchedulesReturnTheNewRecord() throws {
        let drafting = try TestShell(now: "2026-01-31")
        try drafting.run("lead add Acme; lead qualify L-1 --force; product add A-1 Alpha --price 1000; quote add D-1 --line 'A-1 x 3' --override")
        #expect(try drafting.run("let q = (quote revise Q-1 --discount 5%); print $q.id $q.version $q.supersedes") == "Q-2\n2\nQ-1\n")
        let shell = try Self.signedDeal()
        try shell.run("contract sign Q-1 --delivery 2026-03-01 --signatory Wang --yes")
        #expect(try shell.run("let a = (contract amend K-1 --reason 'later delivery' --delivery 2026-04-01 --yes); print $a.id $a.version") == "K-2\n2\n")
        #expect(try shell.run("revisit schedule C-1 --every 10day | get due") == "2026-02-10\n")
        #expect(try shell.run("revisit schedule C-1 --every 10day") == "C-1 revisit due 2026-02-10 (every 10 days)\n")
    }
}
