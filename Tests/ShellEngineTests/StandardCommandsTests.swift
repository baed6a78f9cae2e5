import Foundation
import FunnelTestSupport
import ShellEngine
import ShellSyntax
import StageKit
import Testing

/// Issue 16, the standard commands: `do`, `reduce`, `append`, `merge`, `default`, `ignore`,
/// `describe`, the `str` commands, `format date`, month and year durations, unary minus on
/// variables and subexpressions, `match`, `try` as an expression, and optional columns in
/// `select` and `sort-by`.
@Suite struct StandardCommandsTests {
    // MARK: closures

    @Test func doCallsAClosureHeldInAVariableWithItsArguments() throws {
        let shell = try TestShell()
        #expect(try shell.run("let total = { |a, b| $a + $b }; do $total 100CNY 50CNY") == "150.00 CNY\n")
        #expect(try shell.run("[1 2 3] | do { $in | length }") == "3\n")
        #expect(try shell.run("let double = { $it * 2 }; do $double 21") == "42\n")
    }

    @Test func doRefusesTheWrongNumberOfArgumentsWithACaret() throws {
        let shell = try TestShell()
        let failure = try #require(shell.failure(of: "let f = { |a, b| $a + $b }; do $f 1"))
        #expect(failure.description == """
        <test>:1:32: error: the closure takes 2 arguments, got 1
          let f = { |a, b| $a + $b }; do $f 1
                                         ^^
        hint: pass one argument for each |parameter|
        """)
        let tooMany = try #require(shell.failure(of: "do { |a| $a } 1 2"))
        #expect(tooMany.diagnostic.message == "the closure takes 1 argument, got 2")
        #expect(shell.failure(of: "do 5")?.diagnostic.message == "bad value for CLOSURE: \"5\" is not a closure { |x| ... }")
    }

    @Test func reduceFoldsFromTheFirstItemOrTheGivenValue() throws {
        let shell = try TestShell()
        #expect(try shell.run("[1 2 3 4] | reduce { |it, acc| $acc + $it }") == "10\n")
        #expect(try shell.run("[3 4] | reduce --fold 100 { |it, acc| $acc - $it }") == "93\n")
        #expect(try shell.run("[] | reduce --fold 0 { |it, acc| $acc + $it }") == "0\n")
        try shell.run("lead add A --budget 100; lead add B --budget 250.50")
        #expect(try shell.run("lead list | reduce --fold 0CNY { |lead, total| $total + $lead.budget }") == "350.50 CNY\n")
        #expect(shell.failure(of: "[] | reduce { |it, acc| $acc + $it }")?.diagnostic.message
            == "reduce has no items and no --fold value to start from")
        let oneParameter = try #require(shell.failure(of: "[1 2] | reduce { |it| $it }"))
        #expect(oneParameter.diagnostic.message == "reduce needs a closure of two parameters, the item and the value so far")
        #expect(oneParameter.diagnostic.span == Span(15, 27))
        // Overflow inside the closure is caught as everywhere else.
        #expect(shell.failure(of: "[9223372036854775807 1] | reduce { |it, acc| $acc + $it }")?.diagnostic.message == "integer overflow")
    }

    // MARK: lists and records

    @Test func appendAddsItemsAndRows() throws {
        let shell = try TestShell()
        #expect(try shell.run("[1 2] | append 3 | to json") == "[1,2,3]\n")
        #expect(try shell.run("[1 2] | append [3 4] | to json") == "[1,2,3,4]\n")
        #expect(try shell.run("[{name: Acme}] | append {name: Beta, budget: 5} | to json")
            == "[{\"name\":\"Acme\"},{\"name\":\"Beta\",\"budget\":5}]\n")
        try shell.run("lead add Acme")
        #expect(try shell.run("lead list | select name | append {name: Extra} | get name | to json") == "[\"Acme\",\"Extra\"]\n")
    }

    @Test func mergeReplacesAndAddsFieldsAndMergesTablesRowByRow() throws {
        let shell = try TestShell()
        #expect(try shell.run("{name: Acme, budget: 100CNY} | merge {budget: 200CNY, owner: alice} | to json")
            == "{\"name\":\"Acme\",\"budget\":{\"amount\":\"200.00\",\"currency\":\"CNY\"},\"owner\":\"alice\"}\n")
        #expect(try shell.run("[{a: 1} {a: 2}] | merge [{b: x} {b: y}] | to json") == "[{\"a\":1,\"b\":\"x\"},{\"a\":2,\"b\":\"y\"}]\n")
        #expect(try shell.run("[{a: 1} {a: 2}] | merge {b: 0} | to json") == "[{\"a\":1,\"b\":0},{\"a\":2,\"b\":0}]\n")
        let failure = try #require(shell.failure(of: "{a: 1} | merge 5"))
        #expect(failure.diagnostic.message == "merge into a record needs a record, got int")
        #expect(failure.diagnostic.span == Span(15, 16))
    }

    @Test func defaultFillsNullsAndMissingFields() throws {
        let shell = try TestShell()
        #expect(try shell.run("[{name: Acme, budget: 100CNY} {name: Beta}] | default 0CNY budget | get budget | to json")
            == "[{\"amount\":\"100.00\",\"currency\":\"CNY\"},{\"amount\":\"0.00\",\"currency\":\"CNY\"}]\n")
        #expect(try shell.run("null | default 5") == "5\n")
        #expect(try shell.run("7 | default 5") == "7\n")
        try shell.run("lead add Acme --industry retail; lead add Beta")
        #expect(try shell.run("lead list | default unknown industry | get industry | to json") == "[\"retail\",\"unknown\"]\n")
    }

    @Test func ignoreDropsTheValueButNotTheWork() throws {
        let shell = try TestShell()
        #expect(try shell.run("lead add Acme | ignore") == "")
        #expect(try shell.run("lead list | count") == "1\n")
    }

    @Test func describeNamesTheType() throws {
        let shell = try TestShell()
        #expect(try shell.run("100CNY | describe") == "money (CNY)\n")
        #expect(try shell.run("[1 2 3] | describe") == "list<int>\n")
        #expect(try shell.run("[1 a] | describe") == "list<any>\n")
        #expect(try shell.run("{name: Acme, budget: 5} | describe") == "record<name: string, budget: int>\n")
        #expect(try shell.run("1month | describe") == "calendar duration\n")
        #expect(try shell.run("{ |x| $x } | describe") == "closure\n")
    }

    // MARK: text

    @Test func stringCommandsWorkOnTextAndListsOfText() throws {
        let shell = try TestShell()
        #expect(try shell.run("'north,south,,east' | str split ',' | to json") == "[\"north\",\"south\",\"\",\"east\"]\n")
        #expect(try shell.run("'杭州 客户' | str length") == "5\n")
        #expect(try shell.run("'杭州 客户' | str length --width") == "9\n")
        #expect(try shell.run("'Café' | str length --bytes") == "5\n")
        // "e" and a combining accent are one character, as a reader counts.
        #expect(try shell.run("'Cafe\u{301}' | str length") == "4\n")
        #expect(try shell.run("'a-b-c' | str replace '-' '/'") == "a/b-c\n")
        #expect(try shell.run("'a-b-c' | str replace '-' '/' --all") == "a/b/c\n")
        #expect(try shell.run("'INV 2026 0042' | str replace --regex '(\\d+) (\\d+)' '$1-$2'") == "INV 2026-0042\n")
        #expect(try shell.run("'a1b22c' | str replace --regex '[0-9]+' '#' --all") == "a#b#c\n")
        #expect(try shell.run("'  Acme Ltd  ' | str trim | str length") == "8\n")
        #expect(try shell.run("'  Acme  ' | str trim --left | str length") == "6\n")
        #expect(try shell.run("'Acme Ltd' | str contains Ltd") == "true\n")
        #expect(try shell.run("'Acme Ltd' | str contains ltd") == "false\n")
        #expect(try shell.run("'Acme Ltd' | str contains ltd --ignore-case") == "true\n")
        #expect(try shell.run("'straße' | str upcase") == "STRASSE\n")
        #expect(try shell.run("'ÉCOLE' | str downcase") == "école\n")
        #expect(try shell.run("[Acme Beta] | str upcase | to json") == "[\"ACME\",\"BETA\"]\n")
    }

    @Test func stringCommandsRefuseWhatIsNotTextWithACaret() throws {
        let shell = try TestShell()
        let failure = try #require(shell.failure(of: "5 | str upcase"))
        #expect(failure.diagnostic.message == "str upcase works on text, got int")
        #expect(failure.diagnostic.span == Span(4, 14))
        let regex = try #require(shell.failure(of: "'a' | str replace --regex '(' x"))
        #expect(regex.diagnostic.message == "not a valid regular expression: (")
        #expect(regex.diagnostic.span == Span(26, 29))
        #expect(shell.failure(of: "'a' | str split ''")?.diagnostic.message == "str split needs a separator of at least one character")
    }

    // MARK: dates

    @Test func stringCommandsChangeTheNamedColumnsOfATable() throws {
        let shell = try TestShell()
        try shell.run("lead add 'Acme Ltd' --industry retail --email ' a@acme.example '; lead add Beta")
        let upper = try shell.rows("lead list | str upcase name industry")
        #expect(upper.map { $0["name"] } == [.string("ACME LTD"), .string("BETA")])
        #expect(upper.map { $0["industry"] } == [.string("RETAIL"), .null])
        #expect(upper.first?["id"]?.plainText == "L-1" && upper.first?.names.count == 19)
        #expect(try shell.rows("lead list | str trim email | str replace '@' ' at ' email").first?["email"] == .string("a at acme.example"))
        #expect(try shell.rows("lead list | str length name").map { $0["name"] } == [.int(8), .int(4)])
        #expect(try shell.rows("lead list | str contains Ltd name").map { $0["name"] } == [.bool(true), .bool(false)])
        #expect(try shell.run("{name: acme, n: 1} | str upcase name | to json") == "{\"name\":\"ACME\",\"n\":1}\n")
        #expect(try shell.run("[{name: acme}] | str split c name | to json") == "[{\"name\":[\"a\",\"me\"]}]\n")
        // A misspelt column, a column that is not text, and column names on text say so at the word.
        let misspelt = try #require(shell.failure(of: "lead list | str upcase nmae"))
        #expect(misspelt.diagnostic.message == "no column \"nmae\"" && misspelt.description.contains("did you mean \"name\"?"))
        #expect(misspelt.diagnostic.span.start == 23, "\(misspelt.description)")
        let notText = try #require(shell.failure(of: "lead list | str upcase created"))
        #expect(notText.diagnostic.message == "str upcase works on text, got date in column \"created\" of row 1")
        let onText = try #require(shell.failure(of: "'acme' | str upcase name"))
        #expect(onText.diagnostic.message.contains("names columns, but its input is string"))
    }

    @Test func describeGivesTheColumnTypesOfStoredRowsWithoutReadingThem() throws {
        let shell = try TestShell()
        try shell.run("lead add Acme --budget 500; lead add Beta --budget '9 USD'")
        let before = shell.session.storedRowsRead
        #expect(try shell.run("lead list | select id name budget need authority created | describe")
                == "table<id: id (lead), name: string, budget: money, need: int, authority: bool, created: date>\n")
        #expect(try shell.run("deal list | select customer | describe") == "table<customer: id (customer)>\n")
        #expect(shell.session.storedRowsRead == before)
        // The same names once the rows are read; amounts in several currencies are money.
        #expect(try shell.run("lead list | each { |l| $l } | select id name budget created | describe")
                == "table<id: id (lead), name: string, budget: money, created: date>\n")
    }

    @Test func sumRefusesTextRatherThanJoiningIt() throws {
        let shell = try TestShell()
        #expect(try shell.run("[1 2 3] | sum") == "6\n")
        let text = try #require(shell.failure(of: "[Acme Beta] | sum"))
        #expect(text.diagnostic.message == "sum adds numbers, amounts and durations, not string (Acme)")
        try shell.run("lead add Acme; lead add Beta")
        let column = try #require(shell.failure(of: "lead list | aggregate {names: 'sum name'}"))
        #expect(column.diagnostic.message.contains("not string (Acme)"))
        #expect(shell.failure(of: "lead list | group-by status --aggregate {names: 'sum name'}")?.diagnostic.message.contains("not string") == true)
    }

    @Test func printOfADashPrintsTheDash() throws {
        let shell = try TestShell()
        #expect(try shell.run("print - 5") == "-\n5\n")
        #expect(try shell.run("let m = 5; print -$m") == "-5\n")
        #expect(try shell.run("7 - 5") == "2\n")
    }

    /// `whoami` is the session's actor, the name the journal records for its changes.
    @Test func whoamiIsTheNameTheJournalRecords() throws {
        let shell = try TestShell()
        #expect(try shell.run("whoami") == "tester\n")
        try shell.run("lead add Acme")
        #expect(try shell.run("journal list L-1 | get actor | first") == "tester\n")
    }

    @Test func whatARolledBackTryBodySaidIsNotShown() throws {
        let shell = try TestShell()
        let printed = try shell.run("try { lead add Gone; print 'printed as it ran'; error make oops } catch { print caught }")
        #expect(printed == "printed as it ran\ncaught\n")
        #expect(try shell.run("lead list | count") == "0\n")
        // A body that succeeds says what it did; so does an inner try's body kept by an outer one.
        try shell.forgetRolledBackIDs(in: "leads")
        #expect(try shell.run("try { lead add Kept; null } catch { print caught }") == "L-1 added: Kept\n")
        #expect(try shell.run("try { try { lead add Inner; null } catch { }; lead add Outer; error make late } catch { print no }") == "no\n")
        try shell.forgetRolledBackIDs(in: "leads")
        #expect(try shell.run("try { try { lead add Inner; null } catch { }; lead add Outer; null } catch { print no }")
                == "L-2 added: Inner\nL-3 added: Outer\n")
        #expect(try shell.run("lead list | get name | to json") == "[\"Kept\",\"Inner\",\"Outer\"]\n")
    }

    /// A creating command whose record would be an `if`, `match` or `try` statement's value says what
    /// it did, as it does on its own line, when nothing uses that value (a statement, a loop's or a
    /// `def`'s earlier line); the record is shown only when something takes it.
    @Test func aCreatingCommandInABranchSaysWhatItDid() throws {
        let shell = try TestShell()
        #expect(try shell.run("try { lead add Tried }") == "L-1 added: Tried\n")
        #expect(try shell.run("if true { lead add Chosen }") == "L-2 added: Chosen\n")
        #expect(try shell.run("if true { lead add First; 5 }") == "L-3 added: First\n5\n")
        #expect(try shell.run("if false { lead add Never } else { 7 }") == "7\n")
        #expect(try shell.run("match 2 { 1 => 'one', 2 => { lead add Matched } }") == "L-4 added: Matched\n")
        #expect(try shell.run("def f [] { if true { lead add Inside }; 'done' }; f") == "L-5 added: Inside\ndone\n")
        // Used: the record flows on, and nothing is said.
        #expect(try shell.run("let made = (if true { lead add Kept }); $made.name") == "Kept\n")
        #expect(try shell.run("if true { lead add Piped } | get name") == "Piped\n")
    }

    @Test func formatDateWritesTheDirectives() throws {
        let shell = try TestShell()
        #expect(try shell.run("2026-01-31 | format date '%Y-%m'") == "2026-01\n")
        #expect(try shell.run("2026-01-31 | format date '%a %d %b %Y, %A %B %j %u %F %%'")
            == "Sat 31 Jan 2026, Saturday January 031 6 2026-01-31 %\n")
        #expect(try shell.run("2026-03-01T14:05:09Z | format date '%T %H'") == "14:05:09 14\n")
        let failure = try #require(shell.failure(of: "2026-01-31 | format date '%Q'"))
        #expect(failure.diagnostic.message == "unknown directive %Q in the pattern")
        #expect(failure.diagnostic.span == Span(25, 29))
        #expect(shell.failure(of: "5 | format date '%Y'")?.diagnostic.message == "format date needs a date as input, got int")
    }

    @Test func monthsAndYearsMoveByTheCalendarAndClampTheDay() throws {
        let shell = try TestShell()
        #expect(try shell.run("print (2026-01-31 + 1month) (2024-01-31 + 1month) (2026-03-31 - 1month) (2026-01-15 + 1month)")
            == "2026-02-28\n2024-02-29\n2026-02-28\n2026-02-15\n")
        #expect(try shell.run("print (2024-02-29 + 1year) (2026-01-31 + 13months) (2026-01-31 + -2month) (1month + 2026-01-31)")
            == "2025-02-28\n2027-02-28\n2025-11-30\n2026-02-28\n")
        #expect(try shell.run("print (1year + 6month) (2 * 1month) (-1year) (1year == 12month) (1month < 1year)")
            == "1year 6month\n2month\n-1year\ntrue\ntrue\n")
        // Clamping is per step: two steps of a month are not one step of two.
        #expect(try shell.run("print (2026-01-31 + 1month + 1month) (2026-01-31 + 2month)") == "2026-03-28\n2026-03-31\n")
        #expect(shell.failure(of: "9999-12-01 + 1month")?.diagnostic.message == "the date would fall outside the years 1 to 9999")
        #expect(shell.failure(of: "1month + 1day")?.diagnostic.message == "cannot apply + to calendar duration and duration")
        #expect(shell.failure(of: "9223372036854775807month + 1month")?.diagnostic.message == "integer overflow")
    }

    // MARK: expressions

    @Test func unaryMinusNegatesVariablesAndSubexpressions() throws {
        let shell = try TestShell()
        #expect(try shell.run("let m = 5; print (-$m) -$m") == "-5\n-5\n")
        #expect(try shell.run("let a = 5; -($a + 1)") == "-6\n")
        #expect(try shell.run("let m = 12.50CNY; [-$m 1] | to json") == "[{\"amount\":\"-12.50\",\"currency\":\"CNY\"},1]\n")
        #expect(try shell.run("let r = {n: 3}; -$r.n * 2") == "-6\n")
        #expect(try shell.run("let d = 30day; -$d") == "-30day\n")
        let overflow = try #require(shell.failure(of: "let m = -9223372036854775807 - 1; -$m"))
        #expect(overflow.diagnostic.message == "integer overflow")
        let text = try #require(shell.failure(of: "let s = 'a'; -$s"))
        #expect(text.diagnostic.message == "cannot negate string")
        #expect(text.diagnostic.span == Span(14, 16))
    }

    @Test func matchTakesTheFirstArmWhosePatternHolds() throws {
        let shell = try TestShell()
        let classify = "def size [n: int] { match $n { 0 => 'none', 1 => 'one', 2..5 | 10 => 'few', _ => 'many' } }; "
        #expect(try shell.run(classify + "[0 1 3 10 7] | each { |n| size $n } | to json") == "[\"none\",\"one\",\"few\",\"few\",\"many\"]\n")
        #expect(try shell.run("let status = 'qualified'; match $status { new => 1, qualified => 2 }") == "2\n")
        #expect(try shell.run("match 100CNY { 100 => { let x = 'a hundred'; $x }, _ => 'other' }") == "a hundred\n")
        #expect(try shell.run("let limit = 3; match 3 { $limit => 'at', _ => 'below' }") == "at\n")
        #expect(try shell.run("print ((match 9 { 1 => 'one' }) == null)") == "true\n")
        #expect(try shell.run("match 2 {\n  1 => 'one'\n  2 => {a: 1}\n} | to json") == "{\"a\":1}\n")
        let missingArrow = try #require(shell.failure(of: "match 1 { 1 'one' }"))
        #expect(missingArrow.diagnostic.message == "expected => after the pattern, found a string")
        #expect(missingArrow.diagnostic.span == Span(12, 17))
        #expect(shell.failure(of: "match 1 { }")?.diagnostic.message == "a match needs at least one arm")
    }

    @Test func tryIsAnExpressionWhoseValueIsTheBodysOrTheHandlers() throws {
        let shell = try TestShell()
        #expect(try shell.run("let r = try { error make 'boom' } catch { |e| $e.msg }; print $r") == "boom\n")
        #expect(try shell.run("let r = try { 5 } catch { 0 }; $r + 1") == "6\n")
        #expect(try shell.run("let r = try { error make 'x' }; $r == null") == "true\n")
        // What the failed body changed is undone, as for the statement, and what it said is not shown.
        #expect(try shell.run("let n = try { lead add Acme; lead show L-42 } catch { lead list | count }; $n") == "0\n")
    }

    // MARK: optional columns

    @Test func selectAndSortByTakeOptionalColumns() throws {
        let shell = try TestShell()
        #expect(try shell.run("[{id: 1, extra: x} {id: 2}] | select id extra? | to json") == "[{\"id\":1,\"extra\":\"x\"},{\"id\":2,\"extra\":null}]\n")
        #expect(try shell.run("{id: 1} | select id extra? | to json") == "{\"id\":1,\"extra\":null}\n")
        #expect(try shell.run("[{n: 2} {m: 1} {n: 1}] | sort-by n? | to json") == "[{\"n\":1},{\"n\":2},{\"m\":1}]\n")
        #expect(try shell.run("[{n: 2} {m: 1} {n: 1}] | sort-by n? --reverse | to json") == "[{\"n\":2},{\"n\":1},{\"m\":1}]\n")
        try shell.run("lead add A --budget 5; lead add B --budget 9")
        // Stored rows: an optional column they lack is null, one they have is read as usual.
        #expect(try shell.run("lead list | select id extra? | to json") == "[{\"id\":\"L-1\",\"extra\":null},{\"id\":\"L-2\",\"extra\":null}]\n")
        #expect(try shell.run("lead list | select name? | to json") == "[{\"name\":\"A\"},{\"name\":\"B\"}]\n")
        #expect(try shell.run("lead list | sort-by extra? budget --reverse | get name | to json") == "[\"B\",\"A\"]\n")
        // Without ? a missing column is still an error.
        let failure = try #require(shell.failure(of: "lead list | select id extra"))
        #expect(failure.diagnostic.message == "no column \"extra\"")
        #expect(failure.diagnostic.span == Span(22, 27))
    }
}
