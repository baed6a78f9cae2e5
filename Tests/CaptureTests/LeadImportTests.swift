import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// `lead import` on real files, good and malformed.
@Suite struct LeadImportTests {
    func file(_ name: String, _ bytes: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data(bytes.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func leadCount(_ shell: TestShell) throws -> Int64? {
        try shell.query("SELECT count(*) AS n FROM leads").first?.integer("n")
    }

    @Test func importsAnotherCRMsExportWithAMappingAndPlaceholders() throws {
        let path = try file("crm.csv", """
        \u{FEFF}Company Name,Contact,E-mail,Budget (CNY),Lead Source,Decision Maker,Created,Notes\r
        "Acme, Inc.",Wang Wei,w@acme.cn,"50,000.00",Trade Show,Yes,1/31/2026,"line one\r
        line two"\r
        杭州钢铁有限公司,Li,li@hz.cn,Select,website,no,2026-01-02,\r
        Beta,Zhao,Select,1200,Select,Select,2026-01-03T09:30:00Z,ok\r

        """)
        let shell = try TestShell()
        let text = try shell.run("lead import \(path) --map 'Contact=name' --null Select --campaign expo-2026")
        #expect(text == "imported 3 leads · 0 rejected\n")
        let rows = try shell.query("SELECT name, company, email, budget_minor, source, campaign, authority, created_at FROM leads ORDER BY id")
        #expect(rows.map { $0.text("name") } == ["Wang Wei", "Li", "Zhao"])
        #expect(rows.map { $0.text("company") } == ["Acme, Inc.", "杭州钢铁有限公司", "Beta"])
        #expect(rows.map { $0.integer("budget_minor") } == [5_000_000, nil, 120_000])
        #expect(rows.map { $0.text("source") } == ["trade show", "website", "import"])
        #expect(rows.allSatisfy { $0.text("campaign") == "expo-2026" })
        #expect(rows.map { $0.integer("authority") } == [1, 0, nil])
        #expect(rows.map { $0.text("email") } == ["w@acme.cn", "li@hz.cn", nil])
        #expect(rows.map { $0.text("created_at") } == ["2026-01-31T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-03T09:30:00Z"])
        #expect(shell.output.notes.contains("ignored columns: Notes (map them with --map 'Column=field', or keep them with --keep-extra)"))
        let journal = try shell.query("SELECT type, subject FROM events")
        #expect(journal.map { $0.text("type") } == ["lead.imported"])
    }

    /// Past 50,000 rows the import drops the leads indexes and rebuilds them after, while a second thread
    /// reads the file: a bad row late in the file still rolls everything back, indexes included.
    @Test func aLargeFileLoadsInBulkAndABadRowLateInItRollsEverythingBack() throws {
        var csv = "company,email,budget\n"
        for number in 1...60_000 { csv += "Company \(number),buyer\(number)@example.com,\(number % 900 + 100)\n" }
        let good = try file("big.csv", csv)
        let bad = try file("big-bad.csv", csv + "Late Ltd,late@example.com,lots\n")
        let shell = try TestShell()
        let indexes = shell.dialect == .postgresql
            ? "SELECT count(*) AS n FROM pg_indexes WHERE tablename = 'leads' AND indexname LIKE 'leads_%'"
            : "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads' AND name LIKE 'leads_%'"
        let indexCount = try shell.query(indexes).first?.integer("n")
        let failure = try #require(shell.failure(of: "lead import \(bad)"))
        #expect(failure.description.contains("nothing imported: 1 of 60001 rows rejected"))
        #expect(shell.printed.contains("rejected line 60002, column \"budget\""))
        #expect(try leadCount(shell) == 0)
        #expect(try shell.query(indexes).first?.integer("n") == indexCount)
        try shell.forgetRolledBackIDs(in: "leads")
        #expect(try shell.run("lead import \(good)") == "imported 60000 leads · 0 rejected\n")
        #expect(try leadCount(shell) == 60_000)
        #expect(try shell.query(indexes).first?.integer("n") == indexCount)
        let last = try shell.query("SELECT company, email_key, budget_minor FROM leads ORDER BY id DESC LIMIT 1").first
        #expect(last?.text("company") == "Company 60000")
        #expect(last?.text("email_key") == "buyer60000@example.com")
        #expect(last?.integer("budget_minor") == 70_000)  // 60000 % 900 + 100 = 700.00
        // The rebuilt key index serves duplicate detection on the next add.
        #expect(try shell.run("lead add Someone --email BUYER17@example.com").contains("L-17"))
    }

    @Test func aMappingFileWorksLikeMap() throws {
        let mapping = try file("crm.map", "# Salesforce export\nAccount=company\nOwner Alias=owner\n")
        let data = try file("sf.csv", "Account,Owner Alias,Annual Budget\nAcme,alice,1000\n")
        let shell = try TestShell()
        #expect(try shell.run("lead import \(data) --mapping \(mapping)") == "imported 1 lead · 0 rejected\n")
        #expect(try shell.query("SELECT name, owner, budget_minor FROM leads").first?.text("owner") == "alice")
    }

    @Test func importsJSON() throws {
        let path = try file("leads.json", #"[{"name": "Acme", "budget": {"amount": "12.50", "currency": "USD"}, "need": "high"}, {"company": "Beta", "frequency": "Monthly"}]"#)
        let shell = try TestShell()
        #expect(try shell.run("lead import \(path)") == "imported 2 leads · 0 rejected\n")
        let rows = try shell.query("SELECT name, budget_minor, budget_currency, need, purchase_frequency FROM leads ORDER BY id")
        #expect(rows.map { $0.text("name") } == ["Acme", "Beta"])
        #expect(rows.first?.text("budget_currency") == "USD")
        #expect(rows.first?.integer("need") == 3)
        #expect(rows.last?.text("purchase_frequency") == "monthly")
    }

    @Test func everyRejectedRowIsReportedAndNothingIsWritten() throws {
        let path = try file("bad.csv", """
        name,budget,authority,created,frequency,email
        Good,100,yes,2026-01-01,yearly,g@x.cn
        Bad Budget,abc,yes,2026-01-01,yearly,
        Bad Date,100,yes,2026-02-30,yearly,
        Bad Enum,100,maybe,2026-01-01,daily,
        ,100,yes,2026-01-01,yearly,
        Short,100
        Bad Mail,100,yes,2026-01-01,yearly,not-an-address

        """)
        let shell = try TestShell()
        let failure = try #require(shell.failure(of: "lead import \(path)"))
        #expect(failure.description.contains("nothing imported: 6 of 7 rows rejected"))
        #expect(shell.printed == """
        rejected line 3, column "budget": "abc" is not an amount (expected e.g. 12,345.67 CNY)
        rejected line 4, column "created": "2026-02-30" is not a date (expected YYYY-MM-DD, M/D/YYYY, YYYY/M/D, D.M.YYYY, YYYY年M月D日 or an ISO timestamp)
        rejected line 5, column "authority": "maybe" is not yes or no
        rejected line 6, column "name": a lead needs a name or a company
        rejected line 7: 2 fields where the header has 6
        rejected line 8, column "email": "not-an-address" is not an e-mail address

        """)
        #expect(try leadCount(shell) == 0)
        #expect(try shell.query("SELECT count(*) AS n FROM events").first?.integer("n") == 0)
    }

    @Test func phonesAndCurrenciesAreChecked() throws {
        let path = try file("phones.csv", """
        name,phone,budget
        Good,+86 (571) 8888-0000 ext. 12,100
        Letters,call me,100
        Short,12-34,100
        Typo,13800001111,100 XYZ

        """)
        let shell = try TestShell()
        #expect(shell.failure(of: "lead import \(path)")?.description.contains("nothing imported: 3 of 4 rows rejected") == true)
        #expect(shell.printed == """
        rejected line 3, column "phone": "call me" is not a phone number
        rejected line 4, column "phone": "12-34" is not a phone number
        rejected line 5, column "budget": "XYZ" is not a currency code (e.g. CNY, USD, EUR)

        """)
        #expect(try leadCount(shell) == 0)
    }

    @Test func partialKeepsTheGoodRowsAndDryRunWritesNothing() throws {
        let path = try file("mixed.csv", "name,budget\nA,1\nB,x\nC,3\n")
        let shell = try TestShell()
        // The dry run says what the real run would do: without --partial, nothing.
        #expect(try shell.run("lead import \(path) --dry-run")
            .hasSuffix("would import nothing: 1 of 3 rows rejected (--partial would import the 2 good rows)\n"))
        #expect(shell.failure(of: "lead import \(path)")?.description.contains("nothing imported: 1 of 3 rows rejected") == true)
        #expect(try shell.run("lead import \(path) --dry-run --partial").hasSuffix("would import 2 leads · 1 rejected\n"))
        #expect(try leadCount(shell) == 0)
        #expect(try shell.run("lead import \(path) --partial").hasSuffix("imported 2 leads · 1 rejected\n"))
        #expect(try leadCount(shell) == 2)
    }

    @Test(arguments: [
        ("", "the file is empty"),
        ("name\n\"Acme\n", "line 2: a quoted field is not closed"),
        ("Foo,Bar\n1,2\n", "no column gives the lead's name or company"),
        ("[1, 2", "invalid JSON"),
    ])
    func malformedFilesAreRefusedWithTheReason(content: String, message: String) throws {
        let isJSON = content.hasPrefix("[")
        let path = try file(isJSON ? "bad.json" : "bad.csv", content)
        let shell = try TestShell()
        let failure = try #require(shell.failure(of: "lead import \(path)"))
        #expect(failure.description.contains(message), "\(failure.description)")
        #expect(failure.description.contains("<test>:1:13"))
        #expect(try leadCount(shell) == 0)
    }

    /// Lead and product imports fit their columns by the rule invoice and payment imports use
    /// (`ImportColumns.resolve`): a mapped column wins over one recognised by its header, two columns
    /// mapped to one field are refused, and a refused field is answered with the fields there are.
    @Test func leadAndProductImportsFitColumnsByTheSharedRule() throws {
        let shell = try TestShell()
        let leads = try file("leads.csv", "name,Contact,E-mail\nAcme Buyer,Wang Wei,w@acme.cn\n")
        #expect(try shell.run("lead import \(leads) --map 'Contact=name' --quiet") == "imported 1 lead · 0 rejected\n")
        #expect(try shell.query("SELECT name, email FROM leads").map { "\($0.text("name") ?? "")/\($0.text("email") ?? "")" } == ["Wang Wei/w@acme.cn"])
        #expect(shell.output.notes.contains("ignored columns: name (map them with --map 'Column=field', or keep them with --keep-extra)"))
        #expect(shell.failure(of: "lead import \(leads) --map 'name=name,Contact=name'")?.description
            .contains("two columns are mapped to name") == true)
        let unknown = try #require(shell.failure(of: "lead import \(leads) --map 'Contact=person'"))
        #expect(unknown.description.contains("\"Contact=person\": person is not a lead field (fields: name, company, email, phone, source,"))

        let products = try file("products.csv", "sku,Product Name,Description,price\nA-1,Alpha,The first,100\n")
        #expect(try shell.run("product import \(products) --map 'Description=name'") == "imported 1 product\n")
        #expect(try shell.query("SELECT name FROM products").first?.text("name") == "The first")
        #expect(shell.output.notes.contains("ignored columns: Product Name (map them with --map 'Column=field', or keep them with --keep-extra)"))
        let unknownProduct = try #require(shell.failure(of: "product import \(products) --map 'Description=label'"))
        #expect(unknownProduct.description.contains("label is not a product field (fields: sku, name, price, category, addresses, stock, lead_time, cost)"))
    }

    @Test func mappingErrorsNameTheColumn() throws {
        let path = try file("a.csv", "Company\nAcme\n")
        let shell = try TestShell()
        #expect(shell.failure(of: "lead import \(path) --map 'Company=firm'")?.description.contains("firm is not a lead field") == true)
        #expect(shell.failure(of: "lead import \(path) --map 'Firm=company'")?.description.contains("a.csv has no column \"Firm\" (columns: Company)") == true)
        let mapping = try file("bad.map", "# our CRM\nCompany=company\nOops\n")
        let located = try #require(shell.failure(of: "lead import \(path) --mapping \(mapping)"))
        #expect(located.description.contains("\(mapping):3: \"Oops\" is not Column=field"))
        #expect(shell.failure(of: "lead import /nonexistent.csv")?.description.contains("/nonexistent.csv: cannot read the file") == true)
        let directory = FileManager.default.temporaryDirectory.path
        #expect(shell.failure(of: "lead import \(directory)")?.description.contains("\(directory): it is a directory, not a CSV file") == true)
        #expect(shell.failure(of: "invoice import \(directory)")?.description.contains("\(directory): it is a directory") == true)
    }

    @Test func identicalRowsAreImportedAndReportedAsPossibleDuplicates() throws {
        let path = try file("dupes.csv", "company,email,phone\nAcme Ltd,a@acme.cn,\nACME LIMITED,,+86 138 0000 1111\nOther,A@ACME.CN,008613800001111\n")
        let shell = try TestShell()
        try shell.run("lead add \"Acme Co., Ltd.\"")
        #expect(try shell.run("lead import \(path)") == "imported 3 leads · 0 rejected · possible duplicates: 3 e-mails, phones or companies shared (see: lead dupes)\n")
        let groups = try shell.rows("lead dupes")
        #expect(groups.map { $0["reason"]?.plainText } == ["same company", "same e-mail", "same phone"])
        #expect(groups.first?["leads"]?.plainText == "L-1, L-2, L-3")
        // Leads sharing two keys are one group with both reasons.
        let twins = try TestShell()
        try twins.run("lead add \"Acme Ltd\" --email a@acme.cn; lead add ACME --email A@acme.cn")
        let merged = try twins.rows("lead dupes")
        #expect(merged.map { "\($0["leads"]?.plainText ?? "") \($0["reason"]?.plainText ?? "")" } == ["L-1, L-2 same e-mail, same company"])
    }

    @Test func exportedAndSavedCSVImportUnchanged() throws {
        let folder = (try file("unused", "") as NSString).deletingLastPathComponent
        let shell = try TestShell()
        try shell.run("field add lead employees int; field add lead renewal date; field add lead segment string")
        try shell.run(#"lead add "杭州钢铁, 有限公司" --company 'Hangzhou "Steel"' --budget "50,000 CNY" --tags "vip,expo" --authority yes --need 2"#)
        try shell.run(#"lead add Beta --budget "1,234.50 USD" --email b@beta.example --frequency monthly"#)
        try shell.run("lead add Gamma")
        try shell.run("lead edit L-1 --set employees=120 --set renewal=2026-06-30 --set 'segment=东部, \"key\"'")
        let exported = folder + "/export.csv", saved = folder + "/saved.csv"
        try shell.run("lead export " + exported)
        try shell.run("lead list | save " + saved)
        let text = try String(contentsOfFile: exported, encoding: .utf8)
        #expect(text.contains(",budget,budget_currency,"), "\(text)")
        #expect(text.contains(",50000.00,CNY,") && text.contains(",1234.50,USD,"), "\(text)")
        let compared = "lead list | reject id source"
        let original = try shell.rows(compared)
        for path in [exported, saved] {
            let copy = try TestShell()
            try copy.run("field add lead employees int; field add lead renewal date; field add lead segment string")
            #expect(try copy.run("lead import " + path + " --quiet") == "imported 3 leads · 0 rejected\n")
            #expect(try copy.rows(compared) == original, "\(path)")
        }
        // A currency column that disagrees with the amount's own currency is refused, by line and column.
        let clash = try file("clash.csv", "name,budget,budget_currency\nAcme,5 USD,CNY\nBeta,5,XYZ\n")
        let other = try TestShell()
        #expect(other.failure(of: "lead import " + clash) != nil)
        #expect(other.printed.contains("line 2, column \"budget\": \"5 USD\" is in USD but the currency column says CNY"), "\(other.printed)")
        #expect(other.printed.contains("line 3, column \"budget_currency\": \"XYZ\" is not a currency code"), "\(other.printed)")
    }

    @Test func exportThenImportRoundTrips() throws {
        let directory = try file("unused", "")
        let csv = (directory as NSString).deletingLastPathComponent + "/leads.csv"
        let shell = try TestShell()
        try shell.run(#"lead add "杭州, 客户" --budget "12,345.67 CNY" --tags "vip,expo" --authority yes --need 2 --frequency monthly"#)
        try shell.run("lead export \(csv)")
        let other = try TestShell()
        try other.run("lead import \(csv)")
        let original = try shell.rows("lead list | reject id source")
        let copy = try other.rows("lead list | reject id source")
        #expect(original == copy)
        let folder = (csv as NSString).deletingLastPathComponent
        #expect(shell.failure(of: "lead export \(csv)")?.description.contains("\(csv) exists") == true)
        #expect(shell.failure(of: "lead export \(folder) --force")?.description.contains("\(folder) is a directory") == true)
        #expect(shell.failure(of: "lead export \(folder)/missing/leads.csv")?.description.contains("there is no folder \(folder)/missing") == true)
        #expect(shell.failure(of: "lead list | save \(folder) --force")?.description.contains("\(folder) is a directory") == true)
        try shell.run("lead export \(csv) --force")
        #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("id,"))
    }
}

@Suite struct DealImportTests {
    func file(_ content: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-deals-\(UUID().uuidString).csv").path
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func historicalDealsKeepTheirDatesOutcomesAndCustomers() throws {
        let path = try file("""
        Account Name,Opportunity Name,Owner,Product,Stage Reached,Outcome,Created Date,Close Date,Amount,Lost Reason
        Acme,Acme ERP,alice,GTX-PRO,sign,Closed Won,1/15/2025,2025-03-01,"120,000.00",
        Acme,Acme upgrade,bob,LITE,negotiate,Closed Lost,2025-04-01,2025-05-20,9000,price
        Beta,,alice,,discover,open,2025-06-01,,,

        """)
        let shell = try TestShell()
        #expect(try shell.run("deal import \(path)") == "imported 3 deals · 2 new customers\n")
        let deals = try shell.query("SELECT title, stage, status, created_at, closed_at, value_minor, product, lost_reason, customer_id FROM deals ORDER BY id")
        #expect(deals.map { $0.text("status") } == ["won", "lost", "open"])
        #expect(deals.map { $0.text("stage") } == ["sign", "negotiate", "discover"])
        #expect(deals.map { $0.integer("customer_id") } == [1, 1, 2])
        #expect(deals[0].text("created_at") == "2025-01-15T00:00:00Z")
        #expect(deals[0].text("closed_at") == "2025-03-01T00:00:00Z")
        #expect(deals[1].text("lost_reason") == "price")
        #expect(deals[2].text("title") == "Beta deal")
        #expect(try shell.query("SELECT count(*) AS n FROM events WHERE type = 'deal.imported'").first?.integer("n") == 3)
        // The same file again would double the history: every row is refused, naming the deal it repeats.
        let again = try #require(shell.failure(of: "deal import \(path)"))
        #expect(again.description.contains("nothing imported: 3 of 3 rows rejected"))
        #expect(shell.printed.contains("the same deal is already D-1 (was this file imported before?)"))
        #expect(try shell.query("SELECT count(*) AS n FROM deals").first?.integer("n") == 3)
    }

    @Test func badRowsAreReportedAndNothingIsImported() throws {
        let path = try file("""
        customer,status,stage,created,closed,value
        Acme,won,sign,2025-01-01,2025-02-01,100
        Beta,maybe,sign,2025-01-01,2025-02-01,100
        Gamma,won,haggle,2025-01-01,2025-02-01,100
        Delta,won,sign,2025-03-01,2025-02-01,100
        Epsilon,lost,sign,2025-01-01,,100
        ,open,sign,2025-01-01,,100
        Zeta,open,sign,2025-01-01,,12abc
        Eta,open,sign,2025-01-01,,-100

        """)
        let shell = try TestShell()
        let failure = try #require(shell.failure(of: "deal import \(path)"))
        #expect(failure.description.contains("nothing imported: 7 of 8 rows rejected"))
        #expect(shell.printed == """
        rejected line 3: column "status": "maybe" is not won, lost or open
        rejected line 4: column "stage": "haggle" is not a stage (capture, screen, discover, recommend, negotiate, sign, payment, service, revisit)
        rejected line 5: closed 2025-02-01 before it was created 2025-03-01
        rejected line 6: a lost deal needs a close date
        rejected line 7: a deal needs a customer (file such deals under one with --missing-customer NAME)
        rejected line 8: column "value": "12abc" is not an amount (expected e.g. 12,345.67 CNY)
        rejected line 9: column "value": a deal's value cannot be negative

        """)
        #expect(try shell.query("SELECT count(*) AS n FROM deals").first?.integer("n") == 0)
        // --partial keeps the good row, as lead import does.
        #expect(try shell.run("deal import \(path) --partial --dry-run").hasSuffix("would import 1 deal · 7 rejected\n"))
        #expect(try shell.run("deal import \(path) --partial").hasSuffix("imported 1 deal · 1 new customer · 7 rejected\n"))
        #expect(try shell.query("SELECT count(*) AS n FROM deals").first?.integer("n") == 1)
    }
}
