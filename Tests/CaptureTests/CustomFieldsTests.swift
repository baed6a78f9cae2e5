import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// Custom fields as a user brings them from another CRM (Fixtures/custom-*.csv, figures worked out in
/// Fixtures/README.md): declared or kept from an import's extra columns, then shown, filtered (the
/// same rows in SQL as in memory), exported and read back, edited, and used by reports' `--by`.
@Suite struct CustomFieldsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let leads = fixtures + "/custom-leads.csv"
    static let deals = fixtures + "/custom-deals.csv"

    func file(_ content: String, _ ext: String = "csv") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-custom-\(UUID().uuidString).\(ext)").path
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A shell holding the fixture's leads: two declared fields, two kept from extra columns.
    func leadShell() throws -> TestShell {
        let shell = try TestShell(now: "2026-04-01")
        try shell.run("field add lead employees int; field add lead renewal date")
        try shell.run("lead import \(Self.leads) --keep-extra --map 'Renewal=custom.renewal'")
        return shell
    }

    @Test func importKeepsExtraColumnsAsTypedFields() throws {
        let shell = try leadShell()
        #expect(shell.output.notes.contains("new custom fields: industry_segment (string), notes (string)"))
        let fields = try shell.rows("field list")
        #expect(fields.map { $0["name"]?.plainText } == ["employees", "renewal", "industry_segment", "notes"])
        #expect(fields.map { $0["type"]?.plainText } == ["int", "date", "string", "string"])
        #expect(fields.map { $0["values"] } == [.int(3), .int(3), .int(4), .int(2)])
        // Shown after the built-in columns, typed.
        let listed = try shell.rows("lead list")
        let columns = try #require(listed.first?.names)
        #expect(columns.suffix(4) == ["employees", "renewal", "industry_segment", "notes"])
        #expect(columns.first == "id")
        #expect(listed.map { $0["employees"] } == [.int(120), .int(12), .null, .int(1055)])
        #expect(listed.map { $0["renewal"]?.plainText } == ["2026-03-01", "", "2026-02-15", "2026-01-31"])
        #expect(listed.map { $0["industry_segment"]?.plainText } == ["enterprise", "smb", "mid", "smb"])
        let shown = try #require(try shell.rows("lead show L-4").first)
        #expect(shown["employees"] == .int(1055))
        #expect(shown["notes"] == .string("vip"))
        #expect(shown.names.suffix(4) == ["employees", "renewal", "industry_segment", "notes"])
        // Without --keep-extra the extra columns are named as ignored, and no field is made.
        let other = try TestShell()
        try other.run("lead import \(Self.leads)")
        #expect(other.output.notes.contains("ignored columns: Employees, Industry Segment, Renewal, Notes (map them with --map 'Column=field', or keep them with --keep-extra)"))
        #expect(try other.rows("field list").isEmpty)
    }

    @Test(arguments: [
        "employees > 50", "employees >= 120", "employees < 100", "employees == 12", "employees != 12", "employees == null",
        "employees != null", "industry_segment == smb", "industry_segment != smb", "industry_segment =~ ENT", "industry_segment !~ m",
        "renewal < 2026-03-01", "renewal == 2026-01-31", "notes == null", "employees > 50 and budget > 1000",
        "employees > 100 or industry_segment == mid", "employees > 5000",
    ])
    func filtersAgreeInSQLAndInMemory(condition: String) throws {
        let shell = try leadShell()
        let pushed = try shell.rows("lead list | where \(condition) | get id | each { |i| {id: $i} }")
        let inMemory = try shell.rows("lead list | each { |l| $l } | where \(condition) | get id | each { |i| {id: $i} }")
        #expect(pushed == inMemory, "where \(condition)")
        #expect(try shell.rows("lead list | where \(condition) | explain").first?["reads"] == .string("sql"), "where \(condition) was not pushed down")
    }

    @Test func filterResultsAreTheHandCountedOnes() throws {
        let shell = try leadShell()
        #expect(try shell.rows("lead list | where employees > 50 | select name").map { $0["name"]?.plainText } == ["Acme", "Delta"])
        #expect(try shell.run("lead list | where employees > 50 | count") == "2\n")
        #expect(try shell.run("lead list | where industry_segment == smb | count") == "2\n")
        #expect(try shell.run("lead list | where renewal < 2026-02-20 | count") == "2\n")
        let sql = try shell.rows("lead list | where employees > 50 | explain").first?["sql"]?.plainText ?? ""
        #expect(sql.contains("leads.id IN (SELECT record FROM custom_values WHERE entity = 'lead' AND field = 'employees' AND CAST(value AS BIGINT) > ?)"))
        for keys in ["employees", "renewal", "industry_segment", "notes employees"] {
            for reverse in ["", " --reverse"] {
                let pushed = try shell.rows("lead list | sort-by \(keys)\(reverse) | select id")
                let inMemory = try shell.rows("lead list | each { |l| $l } | sort-by \(keys)\(reverse) | select id")
                #expect(pushed == inMemory, "sort-by \(keys)\(reverse)")
            }
        }
    }

    @Test func aBadValueNamesItsLineAndColumnAndImportsNothing() throws {
        let shell = try TestShell()
        try shell.run("field add lead employees int")
        let path = try file("Company,Employees,Segment\nAcme,120,smb\nBeta,many,mid\n")
        let failure = try #require(shell.failure(of: "lead import \(path) --keep-extra"))
        #expect(failure.description.contains("nothing imported: 1 of 2 rows rejected"))
        #expect(shell.printed.contains("rejected line 3, column \"Employees\": \"many\" is not a whole number (employees is int)"))
        #expect(!shell.output.notes.contains { $0.hasPrefix("new custom fields") })
        #expect(try shell.query("SELECT count(*) AS n FROM leads").first?.integer("n") == 0)
        #expect(try shell.query("SELECT count(*) AS n FROM custom_values").first?.integer("n") == 0)
        // The field --keep-extra would have made is not kept either.
        #expect(try shell.rows("field list").count == 1)
        let dates = try file("Company,Renewal\nAcme,2026-13-45\n")
        try shell.run("field add lead renewal date")
        let bad = try #require(shell.failure(of: "lead import \(dates)"))
        #expect(bad.description.contains("nothing imported: 1 of 1 rows rejected"))
        #expect(shell.printed.contains("rejected line 2, column \"Renewal\": \"2026-13-45\" is not a date"))
        let deals = try file("customer,status,Seats\nAcme,open,3\nBeta,open,ten\n")
        try shell.run("field add deal seats int")
        let badDeal = try #require(shell.failure(of: "deal import \(deals)"))
        #expect(badDeal.description.contains("nothing imported: 1 of 2 rows rejected"))
        #expect(shell.printed.contains("rejected line 3: column \"Seats\": \"ten\" is not a whole number (seats is int)"))
        #expect(try shell.query("SELECT count(*) AS n FROM deals").first?.integer("n") == 0)
    }

    @Test func exportAndSaveReadBackUnchanged() throws {
        let shell = try leadShell()
        let exported = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-custom-\(UUID().uuidString).csv").path
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-custom-\(UUID().uuidString).csv").path
        try shell.run("lead export \(exported)")
        try shell.run("lead list | save \(saved)")
        let header = try String(contentsOfFile: exported, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.hasSuffix("employees,renewal,industry_segment,notes"))
        let compared = "lead list | select name budget email employees renewal industry_segment notes"
        let original = try shell.rows(compared)
        for path in [exported, saved] {
            let copy = try TestShell(now: "2026-04-01")
            // The same declarations; the text fields come back by --keep-extra, the typed ones by name.
            try copy.run("field add lead employees int; field add lead renewal date")
            try copy.run("lead import \(path) --keep-extra")
            #expect(try copy.rows(compared) == original)
            #expect(try copy.rows("field list").map { $0["type"]?.plainText } == ["int", "date", "string", "string"])
        }
    }

    @Test func editSetsTypedValuesAndRefusesBadOnes() throws {
        let shell = try leadShell()
        #expect(try shell.run("lead edit L-2 --set employees=80") == "L-2 changed: employees: 12 → 80\n")
        #expect(try shell.rows("lead show L-2").first?["employees"] == .int(80))
        #expect(try shell.run("lead list | where employees > 50 | count") == "3\n")
        let journal = try shell.query("SELECT payload FROM events WHERE type = 'lead.edited'").first?.text("payload") ?? ""
        #expect(journal.contains("\"employees\"") && journal.contains("80"))
        let bad = try #require(shell.failure(of: "lead edit L-2 --set employees=lots"))
        #expect(bad.description.contains("employees: \"lots\" is not a whole number (employees is int)"))
        let unknown = try #require(shell.failure(of: "lead edit L-2 --set colour=red"))
        #expect(unknown.description.contains("lead has no custom field \"colour\""))
        // A refused edit changes nothing, not even the fields given before the bad one.
        _ = shell.failure(of: "lead edit L-2 --budget 9000 --set notes=ok --set renewal=someday")
        #expect(try shell.rows("lead show L-2").first?["notes"] == .null)
        #expect(try shell.rows("lead show L-2").first?["budget"]?.plainText == "800.00 CNY")
        try shell.run("lead edit L-2 --set renewal=2026-05-01 --set employees=")
        let after = try #require(try shell.rows("lead show L-2").first)
        #expect(after["renewal"]?.plainText == "2026-05-01")
        #expect(after["employees"] == .null)
        #expect(try shell.run("lead edit L-2 --set renewal=2026-05-01 --dry-run") == "L-2 unchanged\n")
    }

    @Test func declaringChecksNamesAndRemovingDropsValues() throws {
        let shell = try leadShell()
        #expect(shell.failure(of: "field add lead Employees int")?.description.contains("lower-case letters, digits and _ only") == true)
        #expect(shell.failure(of: "field add lead budget int")?.description.contains("budget is a built-in field") == true)
        #expect(shell.failure(of: "field add lead employees string")?.description.contains("lead already has a field employees of type int") == true)
        #expect(try shell.run("field add lead employees int") == "lead already has employees (int)\n")
        // Deleting a lead deletes its values.
        try shell.run("lead rm L-4")
        #expect(try shell.query("SELECT count(*) AS n FROM custom_values WHERE record = 4").first?.integer("n") == 0)
        #expect(try shell.run("field rm lead notes") == "removed lead field notes and its 1 value\n")
        #expect(try shell.rows("lead list").first?["notes"] == nil)
        #expect(shell.failure(of: "field rm lead notes")?.description.contains("lead has no custom field \"notes\"") == true)
    }

    @Test func dealFieldsAreImportedShownFilteredEditedAndReportedBy() throws {
        let shell = try TestShell(now: "2026-04-01")
        try shell.run("field add deal seats int")
        try shell.run("deal import \(Self.deals) --keep-extra")
        #expect(shell.output.notes.contains("new custom fields: region_code (string)"))
        #expect(try shell.rows("deal list | select id seats region_code").map { $0["seats"] } == [.int(10), .int(5), .int(20), .null])
        for condition in ["seats >= 10", "seats == null", "region_code == north", "region_code != north", "seats < 10 or region_code == south"] {
            let pushed = try shell.rows("deal list | where \(condition) | select id")
            let inMemory = try shell.rows("deal list | each { |d| $d } | where \(condition) | select id")
            #expect(pushed == inMemory, "where \(condition)")
        }
        #expect(try shell.rows("deal list | where seats >= 10 | select id").map { $0["id"]?.plainText } == ["D-1", "D-3"])
        #expect(try shell.rows("deal show D-1").first?["region_code"] == .string("north"))
        #expect(try shell.run("deal edit D-4 --set seats=7") == "D-4 changed: seats: 7\n")
        #expect(shell.failure(of: "deal edit D-4 --set seats=seven")?.description.contains("\"seven\" is not a whole number") == true)

        // Hand-computed in Fixtures/README.md.
        let table = try shell.rows("report winloss --period 2026-Q1 --by region_code")
        #expect(table.map { $0["region_code"]?.plainText } == ["north", "south"])
        let north = try #require(table.first)
        #expect(north["won"] == .int(2))
        #expect(north["lost"] == .int(1))
        #expect(north["win rate"]?.plainText == "66.7")
        #expect(north["won value"]?.plainText == "3,000.00 CNY")
        #expect(north["cycle days"]?.plainText == "36")
        #expect(table.last?["win rate"]?.plainText == "0")
        #expect(try shell.rows("report winloss --period 2026-Q1 --by seats").map { $0["seats"]?.plainText } == ["10", "20", "5", "7"])
        let refused = try #require(shell.failure(of: "report winloss --by colour"))
        #expect(refused.description.contains("\"colour\" is not a segment (segments: owner, source, campaign, industry, region, product, tier, currency; custom fields: seats, region_code)"))
    }

    @Test func leadFieldsSegmentTheFunnel() throws {
        let shell = try leadShell()
        let rows = try shell.rows("report funnel --by industry_segment | where stage == capture")
        let counts = Dictionary(uniqueKeysWithValues: rows.map { ($0["industry_segment"]?.plainText ?? "", $0["count"]) })
        #expect(counts == ["enterprise": .int(1), "mid": .int(1), "smb": .int(2)])
    }
}

extension CustomFieldsTests {
    @Test func productFieldsAreImportedListedFilteredAndEdited() throws {
        let shell = try TestShell()
        try shell.run("field add product warranty_months int")
        let path = try file("sku,name,price,Warranty Months,Supplier\nA-1,Alpha,100,24,Acme Parts\nB-2,Beta,200,,Bolt Co\nC-3,Gamma,300,12,\n")
        try shell.run("product import \(path) --keep-extra")
        #expect(shell.output.notes.contains("new custom fields: supplier (string)"))
        let listed = try shell.rows("product list")
        #expect(listed.map { $0["warranty_months"] } == [.int(24), .null, .int(12)])
        #expect(listed.first?.names.suffix(2) == ["warranty_months", "supplier"])
        for condition in ["warranty_months > 12", "warranty_months == null", "supplier =~ co", "supplier != \"Bolt Co\""] {
            let pushed = try shell.rows("product list | where \(condition) | select sku")
            let inMemory = try shell.rows("product list | each { |p| $p } | where \(condition) | select sku")
            #expect(pushed == inMemory, "where \(condition)")
        }
        #expect(try shell.rows("product list | where warranty_months > 12 | select sku").map { $0["sku"]?.plainText } == ["A-1"])
        #expect(try shell.run("product edit B-2 --set warranty_months=36") == "B-2 changed: warranty_months: 36\n")
        #expect(shell.failure(of: "product edit B-2 --set warranty_months=long")?.description.contains("\"long\" is not a whole number") == true)
        let bad = try file("sku,name,price,Warranty Months\nD-4,Delta,100,two years\n")
        #expect(shell.failure(of: "product import \(bad)") != nil)
        #expect(shell.printed.contains("rejected line 2, column \"Warranty Months\": \"two years\" is not a whole number (warranty_months is int)"))
        #expect(try shell.rows("product list").count == 3)
    }
}

extension CustomFieldsTests {
    /// Merging a duplicate fills the kept lead's empty custom fields from it, as it does the built-in
    /// ones, instead of losing them with the deleted lead.
    @Test func mergeFillsEmptyCustomFields() throws {
        let shell = try leadShell()
        // L-3 (Gamma) has no employees or notes; L-4 (Delta) has 1055 and "vip"; both have a segment.
        #expect(try shell.run("lead merge L-3 L-4") == "L-4 merged into L-3 (fields from L-4: employees, notes)\n")
        let kept = try #require(try shell.rows("lead show L-3").first)
        #expect(kept["employees"] == .int(1055))
        #expect(kept["notes"] == .string("vip"))
        #expect(kept["industry_segment"] == .string("mid"))
        #expect(kept["renewal"]?.plainText == "2026-02-15")
        #expect(try shell.query("SELECT count(*) AS n FROM custom_values WHERE record = 4").first?.integer("n") == 0)
    }
}

/// Money and decimal custom fields: exact, compared in SQL as in memory, refused with their place.
extension CustomFieldsTests {
    /// Products with a list price in any currency (a plain number in the price's) and an exact weight.
    func productShell() throws -> TestShell {
        let shell = try TestShell(now: "2026-04-01")
        try shell.run("field add product msrp money; field add product weight_kg decimal")
        let path = try file("sku,name,price,MSRP,Weight Kg\nA-1,Alpha,100,\"1,200.50 USD\",0.125\nB-2,Beta,200,300,2.5\nC-3,Gamma,300,,\nD-4,Delta,50,99.99 EUR,\"1,000.000001\"\n")
        try shell.run("product import \(path)")
        return shell
    }

    @Test func moneyAndDecimalFieldsAreExact() throws {
        let shell = try productShell()
        let listed = try shell.rows("product list")
        #expect(listed.map { $0["msrp"]?.plainText } == ["1,200.50 USD", "300.00 CNY", "", "99.99 EUR"])
        #expect(listed.map { $0["weight_kg"]?.plainText } == ["0.125", "2.5", "", "1000.000001"])
        #expect(try shell.rows("field list product").map { $0["type"]?.plainText } == ["money", "decimal"])
        // Summed exactly, never through binary floating point, and money only within one currency.
        #expect(try shell.run("product list | where weight_kg != null | get weight_kg | sum") == "1002.625001\n")
        #expect(try shell.run("product list | where msrp > 100 | count") == "2\n")
        #expect(try shell.rows("product list | where msrp >= 1000USD | select sku").map { $0["sku"]?.plainText } == ["A-1"])
        #expect(try shell.rows("product list | where weight_kg < 2.5 | select sku").map { $0["sku"]?.plainText } == ["A-1"])
        let sql = try shell.rows("product list | where weight_kg > 0.5 | explain").first?["sql"]?.plainText ?? ""
        #expect(sql.contains("field = 'weight_kg' AND CAST(value AS BIGINT) > ?"), "\(sql)")
        try shell.run("product edit B-2 --set weight_kg=2.75 --set 'msrp=45 GBP'")
        let edited = try #require(try shell.rows("product list | where sku == B-2").first)
        #expect(edited["msrp"]?.plainText == "45.00 GBP")
        #expect(edited["weight_kg"] == .decimal(Decimal(string: "2.75") ?? 0))
    }

    @Test(arguments: [
        "msrp > 100", "msrp <= 300", "msrp == 300", "msrp != 300", "msrp >= 1000USD",
        "msrp == 300CNY", "msrp != 300CNY", "msrp < 100EUR", "msrp == null", "weight_kg > 0.5",
        "weight_kg == 2.5", "weight_kg != 2.5", "weight_kg < 1", "weight_kg >= 1000.000001", "weight_kg > 1000", "weight_kg == null",
        "weight_kg > 0.1234567", "weight_kg > 1 and msrp < 1000",
    ])
    func moneyAndDecimalFiltersAgreeInSQLAndInMemory(condition: String) throws {
        let shell = try productShell()
        let pushed = try shell.rows("product list | where \(condition) | select sku")
        let inMemory = try shell.rows("product list | each { |p| $p } | where \(condition) | select sku")
        #expect(pushed == inMemory, "where \(condition)")
        // A decimal with more places than stored is compared in memory, exactly; the rest as SQL.
        let reads = condition.contains("0.1234567") ? "in memory" : "sql"
        #expect(try shell.rows("product list | where \(condition) | explain").first?["reads"] == .string(reads), "where \(condition)")
        for reverse in ["", " --reverse"] {
            let sorted = try shell.rows("product list | sort-by msrp weight_kg\(reverse) | select sku")
            #expect(sorted == (try shell.rows("product list | each { |p| $p } | sort-by msrp weight_kg\(reverse) | select sku")))
        }
    }

    @Test func badAmountsAndDecimalsNameTheirLineAndColumn() throws {
        let shell = try TestShell()
        try shell.run("field add lead deal_size money; field add lead win_odds decimal")
        let money = try file("Company,Deal Size\nAcme,5000\nBeta,lots\n")
        #expect(shell.failure(of: "lead import \(money)")?.description.contains("nothing imported: 1 of 2 rows rejected") == true)
        #expect(shell.printed.contains("rejected line 3, column \"Deal Size\": \"lots\" is not an amount (e.g. 1,200.50 USD) (deal_size is money)"))
        let decimal = try file("Company,Win Odds\nAcme,0.1234567\nBeta,1.5\n")
        #expect(shell.failure(of: "lead import \(decimal)") != nil)
        #expect(shell.printed.contains("rejected line 2, column \"Win Odds\": \"0.1234567\" is not a decimal number with at most 6 decimal places (win_odds is decimal)"))
        #expect(try shell.query("SELECT count(*) AS n FROM custom_values").first?.integer("n") == 0)
        try shell.forgetRolledBackIDs(in: "leads")
        try shell.run("lead add Acme")
        #expect(shell.failure(of: "lead edit L-1 --set win_odds=1e3")?.description.contains("\"1e3\" is not a decimal number") == true)
        #expect(shell.failure(of: "lead edit L-1 --set 'deal_size=12 XYZ'")?.description.contains("\"12 XYZ\" is not an amount") == true)
        // Reports break down by kinds, not amounts.
        try shell.run("field add deal list_price money")
        let refused = try #require(shell.failure(of: "report winloss --by list_price"))
        #expect(refused.description.contains("list_price is money: a report is broken down by a field of kinds, not of amounts"))
    }

    @Test func moneyAndDecimalExportAndReadBackUnchanged() throws {
        let shell = try TestShell(now: "2026-04-01")
        try shell.run("field add lead deal_size money; field add lead win_odds decimal")
        let path = try file("Company,Deal Size,Win Odds\nAcme,\"5,000 USD\",0.75\nBeta,800,-3\nGamma,,\n")
        // A plain amount is in the import's --currency.
        try shell.run("lead import \(path) --currency EUR")
        let compared = "lead list | select name deal_size win_odds"
        let original = try shell.rows(compared)
        #expect(original.map { $0["deal_size"]?.plainText } == ["5,000.00 USD", "800.00 EUR", ""])
        #expect(original.map { $0["win_odds"]?.plainText } == ["0.75", "-3", ""])
        for format in ["csv", "json"] {
            let exported = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-custom-\(UUID().uuidString).\(format)").path
            try shell.run("lead export \(exported)")
            let copy = try TestShell(now: "2026-04-01")
            try copy.run("field add lead deal_size money; field add lead win_odds decimal")
            try copy.run("lead import \(exported)")
            #expect(try copy.rows(compared) == original, "\(format)")
            #expect(!copy.printed.contains("ignored columns"), "\(format): the currency column beside deal_size is read with it")
        }
    }

    @Test func addingAndRemovingFieldsIsJournaled() throws {
        let shell = try TestShell(now: "2026-04-01")
        try shell.run("field add lead employees int; field add lead employees int; lead add Acme; lead edit L-1 --set employees=12")
        _ = try shell.run("field rm lead employees --dry-run")
        try shell.run("field rm lead employees")
        let events = try shell.rows("journal list lead.employees")
        #expect(events.map { $0["type"]?.plainText } == ["field.added", "field.removed"])
        #expect(events.map { $0["actor"]?.plainText }.allSatisfy { $0?.isEmpty == false })
        #expect(events.first?["at"]?.plainText.hasPrefix("2026-04-01") == true)
        #expect(events.last?["details"]?.plainText == "{\"entity\":\"lead\",\"name\":\"employees\",\"type\":\"int\",\"values\":1}")
        #expect(try shell.rows("journal list --type field.added").count == 1)
    }

    @Test func tabCompletesReportSegmentsWithCustomFields() throws {
        let shell = try TestShell()
        try shell.run("field add deal region_code string; field add lead employees int; field add product supplier string")
        let completer = Completer(session: shell.session)
        #expect(completer.complete("report winloss --by ").candidates.map(\.word)
            == ["owner", "source", "campaign", "industry", "region", "product", "tier", "currency", "region_code", "employees"])
        #expect(completer.complete("report funnel --by reg").candidates.map(\.word) == ["region", "region_code"])
        #expect(completer.complete("report winloss --period 2026-Q1 --by em").candidates.map(\.word) == ["employees"])
    }
}
